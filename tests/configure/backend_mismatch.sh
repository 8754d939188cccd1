#!/bin/sh
# backend_mismatch.sh - asking for a GPU backend the torch cannot serve is
# one clear configure error that names both the backend asked for and what
# the torch is, and leaves no Makefile behind.
. "${INDUCTOR_SRCDIR:-.}/tests/configure/setup.sh"

plan 7

for f in cpu cuda rocm; do make_torch "$TEST_TMP/$f" "$f" 2.14.1; done
make_cuda "$TEST_TMP/cuda-home" cublas
make_rocm "$TEST_TMP/rocm-home"
HOMES="CUDA_HOME=$TEST_TMP/cuda-home ROCM_PATH=$TEST_TMP/rocm-home"

# mismatch ASKED TORCH: configure fails, naming --with-backend=ASKED and
# "a TORCH build" in its one error line.
mismatch() {
    B=$TEST_TMP/$1-on-$2
    # shellcheck disable=SC2086
    configure_in "$B" PYTHON="$TEST_TMP/$2/bin/python" --with-backend="$1" $HOMES
    [ "$rc" -ne 0 ] && [ ! -f "$B/Makefile" ] && config_error "$B" >"$B/error" &&
        grep -q -- "--with-backend=$1 does not match the torch found: libtorch 2.14.1 in $TEST_TMP/$2/torch/lib is a $2 build" "$B/error"
    ok $? "--with-backend=$1 with a $2 torch fails naming both"
    diag "$(cat "$B/error" 2>/dev/null)"
}

mismatch rocm cuda
mismatch rocm cpu
mismatch cuda rocm
mismatch cuda cpu

grep -q "use --with-backend=cuda (or cpu), or a rocm build of torch" "$TEST_TMP/rocm-on-cuda/error"
ok $? "the error says what would work instead"
grep -q "use --with-backend=cpu, or a cuda build of torch" "$TEST_TMP/cuda-on-cpu/error"
ok $? "for a CPU torch it suggests the cpu backend"

B=$TEST_TMP/tpu
configure_in "$B" PYTHON="$TEST_TMP/cpu/bin/python" --with-backend=tpu
[ "$rc" -ne 0 ] && config_error "$B" | grep -q "with-backend must be cpu, cuda, rocm, auto or a comma list of cpu, cuda and rocm, not 'tpu'"
ok $? "an unknown backend is refused by name"

finish

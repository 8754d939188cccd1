#!/bin/sh
# check_gpu.sh - `make check-gpu`: on a real GPU, export CUDA models with
# the configured Python and run `info`, `infer` (compared with PyTorch's own
# AOTInductor runner) and `test-device` on cuda:0, or on cuda:N with
# BACKEND_DEVICE_INDEX=N.  Without a GPU (or in a cpu build) every test is a
# TAP skip that says why.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

N_TESTS=14
INDEX=${BACKEND_DEVICE_INDEX:-0}
DEV=cuda:$INDEX
SCRIPTS=$INDUCTOR_SRCDIR/python/scripts
plan $N_TESTS

skip_all() {
    while [ "$tap_n" -lt "$N_TESTS" ]; do skip "$1"; done
    finish
}

case $INDUCTOR_BACKEND in
cuda|rocm) ;;
*) skip_all "this is a $INDUCTOR_BACKEND build (configure --with-backend=cuda or rocm)" ;;
esac
case $INDEX in
''|*[!0-9]*) skip_all "BACKEND_DEVICE_INDEX='$INDEX' is not a device index" ;;
esac
count=$("$PYTHON" -c 'import torch; print(torch.cuda.device_count() if torch.cuda.is_available() else 0)' 2>/dev/null)
[ -n "$count" ] && [ "$count" -gt 0 ] ||
    skip_all "no GPU visible to $PYTHON's torch (torch.cuda.is_available() is false)"
[ "$INDEX" -lt "$count" ] ||
    skip_all "BACKEND_DEVICE_INDEX=$INDEX but torch sees $count GPU(s)"
diag "testing $DEV of $count GPU(s)"

# export_and_compare MODEL: export MODEL for cuda, run it with inductor and
# with PyTorch's runner on the same input, compare the outputs.
export_and_compare() {
    m=$1
    run "$PYTHON" "$SCRIPTS/export_aot.py" --model "$m" --device cuda \
        --output "$TEST_TMP/$m.pt2" --example-input "$TEST_TMP/$m.in.json"
    [ "$rc" -eq 0 ] && [ -s "$TEST_TMP/$m.pt2" ]
    ok $? "$m: exported for cuda with $PYTHON"
    [ "$rc" -eq 0 ] || diag "$(cat "$TEST_TMP/err")"
    run "$INDUCTOR" infer --model "$TEST_TMP/$m.pt2" --device "$DEV" \
        --input "$TEST_TMP/$m.in.json" --output "$TEST_TMP/$m.out.json"
    ok "$rc" "$m: inductor infer on $DEV exits 0"
    [ "$rc" -eq 0 ] || diag "$(cat "$TEST_TMP/err")"
    "$PYTHON" "$SCRIPTS/aoti_reference.py" \
        --model "$TEST_TMP/$m.pt2" --input "$TEST_TMP/$m.in.json" \
        --output "$TEST_TMP/$m.ref.json" 2>"$TEST_TMP/err" &&
        "$PYTHON" "$SCRIPTS/compare_outputs.py" --atol 1e-4 \
            "$TEST_TMP/$m.out.json" "$TEST_TMP/$m.ref.json" >"$TEST_TMP/cmp" 2>&1
    ok $? "$m: outputs match PyTorch's AOTInductor runner (atol 1e-4)"
    diag "$(cat "$TEST_TMP/cmp" 2>/dev/null)" "$(cat "$TEST_TMP/err")"
}

export_and_compare mlp
export_and_compare demo_cnn

run "$INDUCTOR" info --model "$TEST_TMP/mlp.pt2" --json
json_get "$TEST_TMP/out" "(d['models'][0]['device_key'], d['models'][0]['loaded'], d['models'][0]['num_inputs'])" |
    grep -qx "('cuda', True, 1)"
ok $? "info: the CUDA package is for cuda, loads here, and has 1 input"

run "$INDUCTOR" test-device --device "$DEV"
[ "$rc" -eq 0 ] && grep -q "^15 passed, 0 failed$" "$TEST_TMP/out"
ok $? "test-device $DEV: every operation passes"
diag "$(sed -n 1,4p "$TEST_TMP/out")"
grep -q "^name: ." "$TEST_TMP/out" && grep -Eq "^compute capability: [0-9]+\.[0-9]+ \((sm_[0-9]+|gfx.*)\)$" "$TEST_TMP/out" &&
    grep -Eq "^memory: [0-9.]+ GiB$" "$TEST_TMP/out"
ok $? "test-device $DEV: prints the GPU's name, compute capability and memory"
want_name=$("$PYTHON" -c "import torch; print(torch.cuda.get_device_name($INDEX))" 2>/dev/null)
grep -qxF "name: $want_name" "$TEST_TMP/out"
ok $? "test-device $DEV: the name is torch.cuda.get_device_name ($want_name)"

run "$INDUCTOR" test-device --device "$DEV" --json
json_get "$TEST_TMP/out" "d['failed'] == 0 and d['total_memory_bytes'] > 2**30 and d['compute_capability'] is not None" |
    grep -qx True
ok $? "test-device $DEV --json: no failure, memory and compute capability"

expect_error 4 "compiled for cpu" "a CPU package is refused on $DEV" -- \
    "$INDUCTOR" infer --model "$FIXTURES/deterministic.pt2" --device "$DEV" \
    --input "$FIXTURES/deterministic.input.json"
expect_error 4 "no CUDA device" "a GPU index beyond the last is a clear error" -- \
    "$INDUCTOR" test-device --device "cuda:$count"

# The peak-memory API on this GPU (a C program: infer does not print it yet).
INDUCTOR_GPU_PT2=$TEST_TMP/mlp.pt2 INDUCTOR_GPU_DEVICE=$DEV \
    "$INDUCTOR_BUILDDIR/tests/unit/test_device_info" >"$TEST_TMP/unit" 2>&1
rc=$?
[ "$rc" -eq 0 ] && ! grep -q "^not ok" "$TEST_TMP/unit"
ok $? "device properties and peak device memory on $DEV (tests/unit/test_device_info)"
diag "$(cat "$TEST_TMP/unit")"

finish

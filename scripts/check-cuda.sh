#!/bin/sh
# check-cuda.sh - builds the CUDA variant of inductor in build-cuda/
# (--with-backend=cuda, against the CUDA build of torch and the CUDA
# toolkit) and runs its CPU-side checks through the TAP harness
# (`make check-cuda-cpu-side`), so that build-cuda/test-suite.log counts
# them.  Ends with "cuda: N passed, N failed, N skipped"; exits non-zero if
# anything failed.
#
# On a host without a GPU the tests that need one assert the clean failure
# instead ("no CUDA device", exit 4): INDUCTOR_EXPECT_NO_GPU=1 is set unless
# the CUDA torch sees a GPU.  With a GPU, run `make -C build-cuda check-gpu`.
#
#   VENV_CUDA=.venv-cuda        venv with the CUDA torch; made if missing
#   TORCH_CUDA_VERSION=2.14.1   the CUDA torch wheel (5.5 GB installed)
#   BUILD_CUDA=build-cuda       build directory
#   CUDA_HOME=/usr/local/cuda   the CUDA toolkit (CUDA_PATH also honoured)
set -eu

cd "$(dirname "$0")/.."
ROOT=$(pwd)
VENV=${VENV_CUDA:-.venv-cuda}
TORCH_VERSION=${TORCH_CUDA_VERSION:-2.14.1}
BUILD=${BUILD_CUDA:-build-cuda}
CUDA_HOME=${CUDA_HOME:-${CUDA_PATH:-/usr/local/cuda}}
export CUDA_HOME
JOBS=$(nproc 2>/dev/null || echo 2)

fail() {
    echo "check-cuda: $*" >&2
    echo "cuda: 0 passed, 1 failed, 0 skipped"
    exit 1
}

# The venv: about 1.5 minutes from this machine's local wheels.
if ! "$VENV/bin/python" -c "import torch, numpy, pytest
assert torch.__version__.split('+')[0] == '$TORCH_VERSION' and torch.version.cuda" \
    2>/dev/null; then
    PY=${PYTHON_FOR_VENV:-}
    if [ -z "$PY" ]; then
        for c in python3.11 python3; do
            command -v "$c" >/dev/null 2>&1 && { PY=$c; break; }
        done
    fi
    [ -x "$VENV/bin/python" ] || "$PY" -m venv "$VENV" ||
        fail "cannot create $VENV with $PY"
    echo "check-cuda: installing torch==$TORCH_VERSION (CUDA), numpy, pytest into $VENV" >&2
    start=$(date +%s)
    "$VENV/bin/pip" install -q "torch==$TORCH_VERSION" numpy pytest ||
        fail "pip install torch==$TORCH_VERSION failed"
    echo "check-cuda: installed in $(($(date +%s) - start)) s" >&2
fi

[ -x configure ] || autoreconf -fi || fail "autoreconf failed"
mkdir -p "$BUILD"
if [ ! -f "$BUILD/Makefile" ] ||
    ! grep -q '^INDUCTOR_BACKEND = cuda$' "$BUILD/Makefile"; then
    case $VENV in /*) py=$VENV/bin/python ;; *) py=$ROOT/$VENV/bin/python ;; esac
    (cd "$BUILD" && "$ROOT/configure" PYTHON="$py" \
        --with-backend=cuda CUDA_HOME="$CUDA_HOME") ||
        fail "configure --with-backend=cuda failed (see $BUILD/config.log)"
fi
make -C "$BUILD" -j"$JOBS" || fail "the CUDA build failed"

if "$VENV/bin/python" -c "import sys, torch; sys.exit(not torch.cuda.is_available())" 2>/dev/null; then
    echo "check-cuda: a GPU is visible: its tests run for real (and make check-gpu applies)" >&2
else
    INDUCTOR_EXPECT_NO_GPU=1
    export INDUCTOR_EXPECT_NO_GPU
fi
INDUCTOR_EXPECT_BACKEND=cuda
export INDUCTOR_EXPECT_BACKEND
status=0
make -C "$BUILD" -j"$JOBS" check-cuda-cpu-side || status=$?

count() {
    sed -n "s/^# $1: *\([0-9]*\)$/\1/p" "$BUILD/test-suite.log" 2>/dev/null | head -n 1
}
pass=$(count PASS); xfail=$(count XFAIL); skip=$(count SKIP)
failc=$(count FAIL); xpass=$(count XPASS); error=$(count ERROR)
passed=$((${pass:-0} + ${xfail:-0}))
failed=$((${failc:-0} + ${xpass:-0} + ${error:-0}))
[ -f "$BUILD/test-suite.log" ] || failed=$((failed + 1))
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "cuda: ${passed} passed, ${failed} failed, ${skip:-0} skipped"
[ "$failed" -eq 0 ]

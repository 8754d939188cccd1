#!/bin/sh
# check-sanitizers.sh - builds inductor with AddressSanitizer (with
# LeakSanitizer) and UndefinedBehaviorSanitizer in build-asan/ and runs the
# C unit tests, the fuzz-target replays, the CLI tests, the bad-input table
# and the thread stress test there.  Any sanitizer report aborts the test
# program, so it fails its test.  Leaves build-asan/test-suite.log (the
# same "# PASS:" counts as make check).
#
#   VENV=.venv        the venv whose torch is used (as scripts/build.sh)
#   BUILD=build-asan  the build directory
#   JOBS=N            make -jN (default: the number of CPUs)
#
# How libtorch, which is not instrumented, lives with the sanitizers:
#   - the programs are instrumented, so libasan is the first library in
#     each of them and nothing needs LD_PRELOAD; Python (fixture export)
#     never loads an instrumented library;
#   - LeakSanitizer stays on; tests/lsan.supp suppresses only leaks whose
#     allocation is made inside libtorch or its runtimes (each line says
#     which and why), never inductor's own;
#   - UBSan's vptr check is off (configure): it would need libtorch's type
#     information to be instrumented too.
set -eu

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build-asan}
JOBS=${JOBS:-$(nproc)}
export BUILD

scripts/build.sh --enable-asan --enable-ubsan
tests=$(make -s --no-print-directory -C "$BUILD" print-sanitizer-tests | grep "^tests/" | tr "\n" " ")
status=0
make -C "$BUILD" -j"$JOBS" check TESTS="$tests" || status=$?
sed -n 's/^# \(TOTAL\|PASS\|SKIP\|XFAIL\|FAIL\|XPASS\|ERROR\): */\1 /p' \
    "$BUILD/test-suite.log" | tr '\n' ' '
echo
exit "$status"

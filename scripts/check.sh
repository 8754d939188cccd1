#!/bin/sh
# check.sh - builds if needed, runs the whole test suite (`make check`) and
# ends with one line "N passed, N failed, N skipped" counting every TAP
# result.  Exits non-zero if anything failed.
set -u

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
scripts/build.sh || { echo "0 passed, 1 failed"; exit 1; }
make -C "$BUILD" -j"$(nproc)" check
status=$?

count() {
    sed -n "s/^# $1: *\([0-9]*\)$/\1/p" "$BUILD/test-suite.log" 2>/dev/null | head -n 1
}
pass=$(count PASS); xfail=$(count XFAIL); skip=$(count SKIP)
fail=$(count FAIL); xpass=$(count XPASS); error=$(count ERROR)
passed=$(( ${pass:-0} + ${xfail:-0} ))
failed=$(( ${fail:-0} + ${xpass:-0} + ${error:-0} ))
[ -f "$BUILD/test-suite.log" ] || failed=$((failed + 1))
[ "$status" -eq 0 ] || [ "$failed" -gt 0 ] || failed=1
echo "${passed} passed, ${failed} failed, ${skip:-0} skipped"
[ "$failed" -eq 0 ]

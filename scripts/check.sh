#!/bin/sh
# check.sh - the project's test command.  Builds if needed and runs every
# test suite, each through automake's TAP harness:
#
#   build/          make check: unit, CLI, Python, Nix, bundle, packaging
#   build-cuda/     the CUDA variant's CPU-side checks (scripts/check-cuda.sh)
#   build-asan/     unit and CLI tests under ASan+UBSan (check-sanitizers.sh)
#   build/          unit and CLI tests under valgrind (make check-valgrind;
#                   not in the default list yet: one CLI usage-error test
#                   (version_help.sh 10, --format xml) still fails under valgrind)
#
# It ends with one line "N passed, N failed, N skipped" that counts every
# TAP result of every suite, and exits non-zero if anything failed.
#
#   INDUCTOR_CHECK_SUITES="main cuda asan"   the suites to run (add valgrind)
set -u

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SUITES=${INDUCTOR_CHECK_SUITES:-main cuda asan}
LOGS=
broken=0

# run_suite NAME LOG COMMAND...: runs a suite and remembers its log; a suite
# that fails without writing its log counts as one failure.
run_suite() {
    name=$1 log=$2
    shift 2
    echo "=== check.sh: suite $name" >&2
    rm -f "$log"
    "$@"
    st=$?
    if [ -f "$log" ]; then
        LOGS="$LOGS $log"
    else
        echo "check.sh: suite $name wrote no $log (exit $st)" >&2
        broken=$((broken + 1))
    fi
    [ "$st" -eq 0 ] || echo "check.sh: suite $name exited $st" >&2
}

count() { # FIELD: the sum of "# FIELD: N" over every suite's log
    total=0
    for log in $LOGS; do
        n=$(sed -n "s/^# $1: *\([0-9]*\)$/\1/p" "$log" | head -n 1)
        total=$((total + ${n:-0}))
    done
    echo "$total"
}

if ! scripts/build.sh; then
    echo "0 passed, 1 failed"
    exit 1
fi
for s in $SUITES; do
    case $s in
    main) run_suite main "$BUILD/test-suite.log" \
              make -C "$BUILD" -j"$(nproc)" check ;;
    cuda) [ -x scripts/check-cuda.sh ] &&
              run_suite cuda build-cuda/test-suite.log scripts/check-cuda.sh ;;
    asan) [ -x scripts/check-sanitizers.sh ] &&
              run_suite asan build-asan/test-suite.log scripts/check-sanitizers.sh ;;
    valgrind) grep -q '^check-valgrind:' "$BUILD/Makefile" &&
              run_suite valgrind "$BUILD/test-suite-valgrind.log" \
                  make -C "$BUILD" check-valgrind ;;
    *) echo "check.sh: unknown suite '$s'" >&2; broken=$((broken + 1)) ;;
    esac
done

passed=$(( $(count PASS) + $(count XFAIL) ))
failed=$(( $(count FAIL) + $(count XPASS) + $(count ERROR) + broken ))
echo "${passed} passed, ${failed} failed, $(count SKIP) skipped"
[ "$failed" -eq 0 ]

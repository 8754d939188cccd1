#!/bin/sh
# check.sh - the project's test command.  Builds if needed and runs every
# test suite, each through automake's TAP harness:
#
#   build/          make check: unit, CLI, Python, Nix, bundle, packaging
#   build-intree/   a copy of the tree configured and built in place, and a
#                   few tests (scripts/check-in-tree.sh)
#   build-cuda/     the CUDA variant's CPU-side checks (scripts/check-cuda.sh)
#   build-asan/     unit and CLI tests under ASan+UBSan (check-sanitizers.sh)
#   build/          C unit tests, fuzz replays and a set of CLI tests under
#                   valgrind (make check-valgrind VALGRIND_SELECT=ci; the
#                   whole set, VALGRIND_SELECT=all, takes ~50 min here)
#   build/          every CLI test again with each program under valgrind
#                   and no backend module: all that runs no model
#                   (make check-valgrind-no-model)
#
# It ends with one line "N passed, N failed" that counts every TAP result of
# every suite (skips are counted on the line before), and exits non-zero if
# anything failed.
#
#   INDUCTOR_CHECK_SUITES="main intree cuda asan valgrind valgrind-no-model"
set -u

cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
SUITES=${INDUCTOR_CHECK_SUITES:-main intree cuda asan valgrind valgrind-no-model}
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
    intree) [ -x scripts/check-in-tree.sh ] &&
              run_suite intree build-intree/test-suite.log scripts/check-in-tree.sh ;;
    cuda) [ -x scripts/check-cuda.sh ] &&
              run_suite cuda build-cuda/test-suite.log scripts/check-cuda.sh ;;
    asan) [ -x scripts/check-sanitizers.sh ] &&
              run_suite asan build-asan/test-suite.log scripts/check-sanitizers.sh ;;
    valgrind) grep -q '^check-valgrind:' "$BUILD/Makefile" &&
              run_suite valgrind "$BUILD/test-suite-valgrind.log" \
                  make -C "$BUILD" -j"$(nproc)" check-valgrind \
                      VALGRIND_SELECT="${VALGRIND_SELECT:-ci}" ;;
    valgrind-no-model) grep -q '^check-valgrind-no-model:' "$BUILD/Makefile" &&
              run_suite valgrind-no-model "$BUILD/test-suite-valgrind-no-model.log" \
                  make -C "$BUILD" -j"$(nproc)" check-valgrind-no-model ;;
    *) echo "check.sh: unknown suite '$s'" >&2; broken=$((broken + 1)) ;;
    esac
done

# What failed, last, where a CI log's tail shows it: each failing test's
# name and its "not ok" lines and diagnostics, from the suites' logs.
for log in $LOGS; do
    grep -q '^# FAIL: *[1-9]\|^# ERROR: *[1-9]\|^# XPASS: *[1-9]' "$log" || continue
    echo "=== check.sh: failures in $log" >&2
    grep -E '^(FAIL|ERROR|XPASS): |^not ok |^# ' "$log" |
        grep -v '^# \(TOTAL\|PASS\|SKIP\|XFAIL\|FAIL\|XPASS\|ERROR\):' |
        head -n 60 >&2
done

passed=$(( $(count PASS) + $(count XFAIL) ))
failed=$(( $(count FAIL) + $(count XPASS) + $(count ERROR) + broken ))
echo "check.sh: $(count SKIP) skipped"
echo "${passed} passed, ${failed} failed"
[ "$failed" -eq 0 ]

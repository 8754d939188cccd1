# setup.sh - sourced by every CLI test: TAP helpers and the environment.
#
# The test harness (Makefile.am) exports INDUCTOR (the program), FIXTURES
# (packages exported at test time), PYTHON and INDUCTOR_SRCDIR.  Each test
# calls `plan N`, then one helper per behaviour, then `finish`.

set -u

: "${INDUCTOR:?INDUCTOR must name the inductor program}"
: "${FIXTURES:?FIXTURES must name the fixture directory}"

TEST_TMP=$(mktemp -d "${TMPDIR:-/tmp}/inductor-test.XXXXXX")
trap 'rm -rf "$TEST_TMP"' EXIT
tap_n=0
tap_failed=0

plan() { echo "1..$1"; }

# `make check-valgrind-no-model` runs every CLI test with no backend module
# (tests/reliability/valgrind-no-model.in): while the last program run
# needed one, this mark exists, and a case is reported as a skip, not
# judged (it judges a model's run or what that run wrote).
if [ "${INDUCTOR_VALGRIND_NO_MODEL:-}" = 1 ]; then
    INDUCTOR_NO_MODEL_MARK=$TEST_TMP/needed-a-backend-module
    export INDUCTOR_NO_MODEL_MARK
fi

# ok COND_STATUS DESCRIPTION: report the status of the last command.
ok() {
    tap_n=$((tap_n + 1))
    if [ -n "${INDUCTOR_NO_MODEL_MARK:-}" ] && [ -e "$INDUCTOR_NO_MODEL_MARK" ]; then
        echo "ok $tap_n # SKIP runs a model, and this valgrind pass has no backend module: $2"
        return 0
    fi
    if [ "$1" -eq 0 ]; then
        echo "ok $tap_n - $2"
    else
        echo "not ok $tap_n - $2"
        tap_failed=$((tap_failed + 1))
    fi
}

skip() {
    tap_n=$((tap_n + 1))
    echo "ok $tap_n # SKIP $1"
}

diag() { printf '%s\n' "$@" | sed 's/^/# /'; }

# run CMD...: runs it, capturing stdout, stderr and the exit status in
# $TEST_TMP/out, $TEST_TMP/err and $rc.  Never aborts the test.
run() {
    "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
}

# expect_error CODE REGEX DESCRIPTION -- CMD...: the command exits with CODE
# and prints exactly one line on stderr, starting with "inductor:" and
# matching REGEX; stdout stays empty.  Core dumps fail the test.
expect_error() {
    want=$1 regex=$2 desc=$3
    shift 4
    run "$@"
    lines=$(wc -l <"$TEST_TMP/err")
    if [ "$rc" -eq "$want" ] && [ "$lines" -eq 1 ] &&
        grep -q '^inductor: ' "$TEST_TMP/err" &&
        grep -Eq -- "$regex" "$TEST_TMP/err" && [ ! -s "$TEST_TMP/out" ]; then
        ok 0 "$desc (exit $want)"
    else
        ok 1 "$desc (exit $want)"
        diag "exit status $rc, wanted $want; stderr:" "$(cat "$TEST_TMP/err")"
    fi
}

# json_get FILE PYTHON-EXPR: evaluates EXPR with `d` bound to FILE's JSON.
json_get() {
    "$PYTHON" -c 'import json, sys
d = json.load(open(sys.argv[1]))
print(eval(sys.argv[2]))' "$1" "$2"
}

finish() {
    [ "$tap_failed" -eq 0 ]
    exit 0
}

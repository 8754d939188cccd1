#!/bin/sh
# debug_output.sh - AOT_DEBUG=1 prints input statistics and timings on
# stderr and leaves stdout as valid JSON.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/deterministic.pt2
plan 4
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/in.json"

run env AOT_DEBUG=1 "$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in.json"
grep -q "^inductor: debug: input 0: float32, 2 dims, 4 elements, min 1 max 4 mean 2.5$" "$TEST_TMP/err"
ok $? "AOT_DEBUG=1 prints input statistics"
grep -q "^inductor: debug: load: [0-9.]* ms" "$TEST_TMP/err" && grep -q "^inductor: debug: run: [0-9.]* ms" "$TEST_TMP/err"
ok $? "AOT_DEBUG=1 prints load and run timings"
json_get "$TEST_TMP/out" "d['num_outputs']" | grep -qx 1
ok $? "stdout stays valid JSON with AOT_DEBUG=1"

run env -u AOT_DEBUG "$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in.json"
[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/err" ]
ok $? "without AOT_DEBUG nothing is printed on stderr"

finish

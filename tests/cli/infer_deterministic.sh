#!/bin/sh
# infer_deterministic.sh - the deterministic model gives its known outputs.
# The model is relu(W x + b) with W[i][j] = (4i + j) / 10 and
# b = [0.5, -0.5, 1.0]; the expected values below are worked out by hand.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/deterministic.pt2
plan 11

close_to() { # FILE EXPECTED-LIST: output 0's data equals EXPECTED within 1e-6
    json_get "$1" "all(abs(a - b) <= 1e-6 for a, b in zip(d['outputs'][0]['data'], $2)) and len(d['outputs'][0]['data']) == len($2)" | grep -q True
}

echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/in.json"
run "$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in.json"
ok "$rc" "infer on the deterministic model exits 0"
cp "$TEST_TMP/out" "$TEST_TMP/result.json"
close_to "$TEST_TMP/result.json" "[2.5, 5.5, 11.0]"
ok $? "x = [1, 2, 3, 4] gives the known [2.5, 5.5, 11.0]"
json_get "$TEST_TMP/result.json" "(d['num_outputs'], d['outputs'][0]['index'], d['outputs'][0]['dtype'], d['outputs'][0]['shape'])" |
    grep -qx "(1, 0, 'float32', \[1, 3\])"
ok $? "the output JSON has num_outputs, index, dtype and shape"
json_get "$TEST_TMP/result.json" "isinstance(d['latency_ms'], float) and d['latency_ms'] > 0" | grep -q True
ok $? "the output JSON reports a positive latency_ms"

echo '{"data": [1, 0, 0, 0], "shape": [1, 4]}' >"$TEST_TMP/in2.json"
run "$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in2.json"
cp "$TEST_TMP/out" "$TEST_TMP/result2.json"
close_to "$TEST_TMP/result2.json" "[0.5, 0.0, 1.8]"
ok $? "x = [1, 0, 0, 0] gives [0.5, 0, 1.8] (relu clips the middle)"

run "$INDUCTOR" infer --model "$PKG" --input - <"$TEST_TMP/in.json"
cp "$TEST_TMP/out" "$TEST_TMP/stdin.json"
[ "$rc" -eq 0 ] && close_to "$TEST_TMP/stdin.json" "[2.5, 5.5, 11.0]"
ok $? "--input - reads JSON from standard input"

run "$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in.json" --output "$TEST_TMP/o.json"
[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/out" ] && close_to "$TEST_TMP/o.json" "[2.5, 5.5, 11.0]"
ok $? "--output writes the result to a file and nothing to stdout"
ls "$TEST_TMP" | grep -q '\.tmp\.'
ok $((! $?)) "--output leaves no temporary file behind"

run "$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in.json" --summary
json_get "$TEST_TMP/out" "'data' not in d['outputs'][0] and d['outputs'][0]['shape'] == [1, 3]" | grep -q True
ok $? "--summary prints shapes and dtypes without data"

run "$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in.json" --format pretty
grep -q "^output 0: float32 \[1, 3\]" "$TEST_TMP/out" && grep -q "2.5 5.5 11" "$TEST_TMP/out"
ok $? "--format pretty prints a readable table"

run "$INDUCTOR" infer --model "$PKG" --model-name model --device cpu --input "$TEST_TMP/in.json"
[ "$rc" -eq 0 ]
ok $? "explicit --model-name model and --device cpu are accepted"

finish

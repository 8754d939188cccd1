#!/bin/sh
# bad_inputs.sh - every bad input gets one line on stderr starting with
# "inductor:" that names the problem, and its documented exit code:
# 3 for a bad input file, 4 for an unusable package or device, 5 for an
# output that cannot be written.  Nothing dumps core.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/deterministic.pt2
GOOD=$TEST_TMP/good.json
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$GOOD"
infer() { "$INDUCTOR" infer "$@"; }
input() { printf '%s' "$1" >"$TEST_TMP/bad.json"; echo "$TEST_TMP/bad.json"; }
plan 20

expect_error 3 "nope.json: cannot read: No such file or directory" "missing input file" -- \
    infer --model "$PKG" --input "$TEST_TMP/nope.json"
expect_error 4 "missing.pt2.*No such file or directory" "missing package file" -- \
    infer --model "$TEST_TMP/missing.pt2" --input "$GOOD"
expect_error 3 "not valid JSON" "malformed JSON" -- \
    infer --model "$PKG" --input "$(input '{"data": [1, 2,')"
expect_error 3 "not valid JSON: trailing data" "trailing garbage after the JSON" -- \
    infer --model "$PKG" --input "$(input '{"data": [1], "shape": [1]} xyz')"
expect_error 3 "not valid JSON" "empty input file" -- \
    infer --model "$PKG" --input "$(input '')"
expect_error 3 "data has 3 values, shape \[2, 2\] needs 4" "data length does not match the shape" -- \
    infer --model "$PKG" --input "$(input '{"data": [1, 2, 3], "shape": [2, 2]}')"
expect_error 3 "shape entry 1 is negative \(-4\)" "negative dimension" -- \
    infer --model "$PKG" --input "$(input '{"data": [], "shape": [1, -4]}')"
expect_error 3 "shape is too large" "a shape whose element count overflows" -- \
    infer --model "$PKG" --input "$(input '{"data": [], "shape": [4294967296, 4294967296, 4294967296]}')"
expect_error 3 "unknown dtype \"complex32\"" "unknown dtype name" -- \
    infer --model "$PKG" --input "$(input '{"inputs": [{"dtype": "complex32", "shape": [1], "data": [1]}]}')"
expect_error 3 "data\[1\]: expected an integer for int64" "a float in int64 data" -- \
    infer --model "$PKG" --input "$(input '{"inputs": [{"dtype": "int64", "shape": [2], "data": [1, 2.5]}]}')"
expect_error 3 "input 0 'x': expected float32, got int64" "wrong dtype for the model" -- \
    infer --model "$PKG" --input "$(input '{"inputs": [{"dtype": "int64", "shape": [1, 4], "data": [1, 2, 3, 4]}]}')"
expect_error 3 "input 0 'x': dimension 1 is 5, expected 4" "wrong static dimension for the model" -- \
    infer --model "$PKG" --input "$(input '{"data": [1, 2, 3, 4, 5], "shape": [1, 5]}')"
expect_error 3 "expected 1 inputs, got 2" "wrong number of inputs" -- \
    infer --model "$PKG" --input "$(input '{"inputs": [{"shape": [1, 4], "data": [1, 2, 3, 4]}, {"shape": [1, 4], "data": [1, 2, 3, 4]}]}')"

echo "this is not a zip archive" >"$TEST_TMP/notzip.pt2"
expect_error 4 "notzip.pt2: not a zip archive" "a file that is not a zip" -- \
    infer --model "$TEST_TMP/notzip.pt2" --input "$GOOD"

head -c 100000 "$PKG" >"$TEST_TMP/truncated.pt2"
expect_error 4 "truncated.pt2: .*(truncated|not a zip)" "a truncated .pt2" -- \
    infer --model "$TEST_TMP/truncated.pt2" --input "$GOOD"

expect_error 4 "unknown device 'tpu:0': expected cpu, cuda or cuda:N" "an unknown device string" -- \
    infer --model "$PKG" --device tpu:0 --input "$GOOD"
expect_error 4 "no model 'nope' in the package \(it has: model\)" "a model name not in the package" -- \
    infer --model "$PKG" --model-name nope --input "$GOOD"
expect_error 4 "compiled for cpu, not cuda" "a CPU package on a CUDA device" -- \
    infer --model "$PKG" --device cuda:0 --input "$GOOD"

expect_error 5 "cannot (create|write)" "an output file that cannot be written" -- \
    infer --model "$PKG" --input "$GOOD" --output "$TEST_TMP/no/such/dir/out.json"
ls "$TEST_TMP/no" >/dev/null 2>&1
ok $((! $?)) "a failed output leaves no file or directory behind"

finish

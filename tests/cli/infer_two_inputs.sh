#!/bin/sh
# infer_two_inputs.sh - a model with float32 and int64 inputs and two outputs
# matches Python's aoti_load_package on the same inputs.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/two_input.pt2
IN=$FIXTURES/two_input.input.json
SCRIPTS=$INDUCTOR_SRCDIR/python/scripts
plan 6

run "$INDUCTOR" infer --model "$PKG" --input "$IN" --output "$TEST_TMP/c.json"
ok "$rc" "inductor infer runs the two-input model"

"$PYTHON" "$SCRIPTS/aoti_reference.py" --model "$PKG" --input "$IN" \
    --output "$TEST_TMP/py.json" 2>"$TEST_TMP/py.err"
ok $? "Python's aoti_load_package runs the same inputs"

"$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/c.json" "$TEST_TMP/py.json" --atol 1e-5 >"$TEST_TMP/cmp"
ok $? "outputs match Python's: floats within 1e-5, integers exactly"
diag "$(cat "$TEST_TMP/cmp")"

json_get "$TEST_TMP/c.json" "[o['dtype'] for o in d['outputs']]" | grep -qx "\['float32', 'int64'\]"
ok $? "the outputs are float32 and int64"

grep -Eq '"dtype":"int64","shape":\[[0-9, ]*\],"data":\[-?[0-9]+(,-?[0-9]+)*\]' "$TEST_TMP/c.json"
ok $? "int64 data prints as JSON integers"

# A second batch size through the dynamic batch dimension.
"$PYTHON" - "$IN" "$TEST_TMP/in3.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for t in d["inputs"]:
    row = len(t["data"]) // t["shape"][0]
    t["data"] = t["data"][:row] * 3
    t["shape"][0] = 3
json.dump(d, open(sys.argv[2], "w"))
PY
"$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in3.json" --output "$TEST_TMP/c3.json" &&
    "$PYTHON" "$SCRIPTS/aoti_reference.py" --model "$PKG" --input "$TEST_TMP/in3.json" --output "$TEST_TMP/py3.json" 2>/dev/null &&
    "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/c3.json" "$TEST_TMP/py3.json" --atol 1e-5 >/dev/null
ok $? "a batch of 3 through the dynamic dimension also matches Python"

finish

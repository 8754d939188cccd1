#!/bin/sh
# formats_named_io.sh - keyword inputs given by name and a dict output that
# comes back keyed, compared with Python's aoti_load_package.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/kwargs_dict.pt2
IN=$FIXTURES/kwargs_dict.input.json
SCRIPTS=$INDUCTOR_SRCDIR/python/scripts
plan 9

run "$INDUCTOR" infer --model "$PKG" --input "$IN" --output "$TEST_TMP/c.json"
ok "$rc" "infer takes inputs by name, in another order than the call's"

"$PYTHON" "$SCRIPTS/aoti_reference.py" --model "$PKG" --input "$IN" \
    --output "$TEST_TMP/py.json" 2>"$TEST_TMP/py.err"
ok $? "Python's aoti_load_package runs the same named inputs"

"$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/c.json" "$TEST_TMP/py.json" --atol 1e-5 >"$TEST_TMP/cmp"
ok $? "outputs and their keys match Python's"
diag "$(cat "$TEST_TMP/cmp")"

json_get "$TEST_TMP/c.json" "[(o['index'], o['key'], list(o)[:3]) for o in d['outputs']]" |
    grep -qx "\[(0, 'logits', \['index', 'key', 'dtype'\]), (1, 'probs', \['index', 'key', 'dtype'\])\]"
ok $? "dict outputs carry their key right after index"

# The same inputs by position (x, then the keywords in call order).
"$PYTHON" - "$IN" "$TEST_TMP/pos.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))["inputs"]
json.dump({"inputs": [d["x"], d["scale"], d["offset"]]}, open(sys.argv[2], "w"))
PY
"$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/pos.json" --output "$TEST_TMP/cpos.json" &&
    "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/cpos.json" "$TEST_TMP/py.json" --atol 1e-5 >/dev/null
ok $? "the same inputs by position give the same outputs"

# A batch of 3 through the dynamic dimension.
"$PYTHON" - "$IN" "$TEST_TMP/in3.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for t in d["inputs"].values():
    row = len(t["data"]) // t["shape"][0]
    t["data"] = (t["data"] + t["data"])[:row * 3]
    t["shape"][0] = 3
json.dump(d, open(sys.argv[2], "w"))
PY
"$INDUCTOR" infer --model "$PKG" --input "$TEST_TMP/in3.json" --output "$TEST_TMP/c3.json" &&
    "$PYTHON" "$SCRIPTS/aoti_reference.py" --model "$PKG" --input "$TEST_TMP/in3.json" --output "$TEST_TMP/py3.json" 2>/dev/null &&
    "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/c3.json" "$TEST_TMP/py3.json" --atol 1e-5 >/dev/null
ok $? "a batch of 3 also matches Python"

run "$INDUCTOR" infer --model "$PKG" --input "$IN" --format pretty
grep -q "^output 0 (logits): float32 \[2, 3\]$" "$TEST_TMP/out" &&
    grep -q "^output 1 (probs): float32 \[2, 3\]$" "$TEST_TMP/out"
ok $? "--format pretty names dict outputs by key"

run "$INDUCTOR" info --model "$PKG" --no-load
grep -q "^    1 scale: float32 \[?, 1\] (keyword)$" "$TEST_TMP/out" &&
    grep -q "^    0 logits: float32 \[?, 3\]$" "$TEST_TMP/out"
ok $? "info shows keyword inputs and output keys without loading"

run "$INDUCTOR" info --model "$PKG" --json
json_get "$TEST_TMP/out" "[(i['name'], i['keyword']) for i in d['models'][0]['inputs']], [o['key'] for o in d['models'][0]['outputs']]" |
    grep -qx "(\[('x', False), ('scale', True), ('offset', True)\], \['logits', 'probs'\])"
ok $? "info --json has inputs[].name/keyword and outputs[].key"

finish

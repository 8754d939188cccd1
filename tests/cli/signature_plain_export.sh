#!/bin/sh
# signature_plain_export.sh - packages exported with plain torch.export +
# aoti_compile_and_package (python/scripts/generate_plain_export.py, no
# inductor tooling, so no "inductor.*" metadata) still have a full
# signature, read from their generated wrapper source: names (keywords,
# dict keys, a dataclass-like output's field names), dtypes, shapes and
# dynamic ranges in `info`, and checks that refuse bad inputs before the
# kernels run (AOTInductor's own checks are off unless
# AOTI_RUNTIME_CHECK_INPUTS is set).
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

DICT=$FIXTURES/plain_dict.pt2
ENC=$FIXTURES/plain_output.pt2
SCALAR=$FIXTURES/plain_scalar.pt2
SCRIPTS=$INDUCTOR_SRCDIR/python/scripts
plan 26

# The fixtures really are plain: nothing of inductor's in their metadata.
"$PYTHON" - "$DICT" "$ENC" "$SCALAR" <<'PY'
import sys, zipfile
for path in sys.argv[1:]:
    with zipfile.ZipFile(path) as z:
        meta = [n for n in z.namelist() if n.endswith("wrapper_metadata.json")]
        assert meta and all(b"inductor." not in z.read(n) for n in meta), path
PY
ok $? "the fixtures carry no inductor metadata (plain aoti_compile_and_package)"

# ---- info, text --------------------------------------------------------
run "$INDUCTOR" info --model "$ENC"
grep -qx "    0 input0: int64 \[?, 6\]" "$TEST_TMP/out" &&
    grep -qx "    1 attention_mask: bool \[?, 6\] (keyword)" "$TEST_TMP/out"
ok $? "info: inputs' names, dtypes and shapes from the wrapper"
[ "$(grep -c '^      ranges: dim 0 1\.\.16$' "$TEST_TMP/out")" -eq 2 ]
ok $? "info: each input's dynamic batch range (compiled 2..16; 2 also admits 1)"
grep -qx "    0 last_hidden_state: float32 \[?, 6, 4\]" "$TEST_TMP/out" &&
    grep -qx "    1 pooler_output: float32 \[?, 4\]" "$TEST_TMP/out"
ok $? "info: a ModelOutput-like output's fields name its outputs, with dtype and shape"
grep -qx "  signature source: wrapper" "$TEST_TMP/out"
ok $? "info says the signature came from the wrapper source"

run "$INDUCTOR" info --model "$DICT"
grep -qx "    0 input0: float32 \[?, 4\]" "$TEST_TMP/out" &&
    grep -qx "    1 scale: float32 \[?, 1\] (keyword)" "$TEST_TMP/out" &&
    [ "$(grep -c '^      ranges: dim 0 3\.\.32$' "$TEST_TMP/out")" -eq 2 ]
ok $? "info: keyword input and the exported batch range 3..32"
grep -qx "    0 logits: float32 \[?, 3\]" "$TEST_TMP/out" &&
    grep -qx "    1 ids: \[?, 3\]" "$TEST_TMP/out"
ok $? "info: dict outputs by key; an extern kernel's output has its shape only"

run "$INDUCTOR" info --model "$SCALAR"
grep -qx "    1 input1: float32 \[\]" "$TEST_TMP/out" &&
    grep -qx "    2 input2: int32 \[?, 3\]" "$TEST_TMP/out" &&
    grep -qx "      ranges: dim 0 1\.\." "$TEST_TMP/out"
ok $? "info: a 0-dim input, and a dynamic dimension with no upper bound"
grep -qx "    0: float32 \[4\]" "$TEST_TMP/out" &&
    grep -qx "    1: float64 \[?, 3\]" "$TEST_TMP/out"
ok $? "info: a tuple's outputs by position, a one-entry size list as rank 1"

# ---- info --json -------------------------------------------------------
run "$INDUCTOR" info --model "$ENC" --json
json_get "$TEST_TMP/out" "[(i['name'], i['keyword'], i['dtype'], i['shape'], i['ranges']) for i in d['models'][0]['inputs']]" |
    grep -qx "\[('input0', False, 'int64', \[-1, 6\], \[\[1, 16\], None\]), ('attention_mask', True, 'bool', \[-1, 6\], \[\[1, 16\], None\])\]"
ok $? "info --json: inputs[].name/dtype/shape/ranges"
json_get "$TEST_TMP/out" "[(o['key'], o['name'], o['dtype'], o['shape']) for o in d['models'][0]['outputs']], d['models'][0]['signature_source']" |
    grep -qx "(\[('last_hidden_state', 'last_hidden_state', 'float32', \[-1, 6, 4\]), ('pooler_output', 'pooler_output', 'float32', \[-1, 4\])\], 'wrapper')"
ok $? "info --json: outputs[].key/name/dtype/shape and signature_source"
run "$INDUCTOR" info --model "$DICT" --json
json_get "$TEST_TMP/out" "[(o['name'], o['dtype'], o['shape']) for o in d['models'][0]['outputs']], d['models'][0]['inputs'][0]['ranges']" |
    grep -qx "(\[('logits', 'float32', \[-1, 3\]), ('ids', None, \[-1, 3\])\], \[\[3, 32\], None\])"
ok $? "info --json: an unknown dtype is null, never guessed"
run "$INDUCTOR" info --model "$ENC" --load --json
json_get "$TEST_TMP/out" "(d['models'][0]['loaded'], d['models'][0]['num_inputs'], d['models'][0]['num_outputs'])" |
    grep -qx "(True, 2, 2)"
ok $? "info --load: the loaded runner agrees on the counts"

# ---- infer -------------------------------------------------------------
"$INDUCTOR" infer --model "$DICT" --input "$FIXTURES/plain_dict.input.json" --output "$TEST_TMP/d.json" &&
    "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/d.json" "$FIXTURES/plain_dict.expected.json" --atol 1e-5 >/dev/null
ok $? "infer on the dict model matches eager PyTorch"
"$INDUCTOR" infer --model "$ENC" --input "$FIXTURES/plain_output.input.json" --output "$TEST_TMP/e.json" &&
    "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/e.json" "$FIXTURES/plain_output.expected.json" --atol 1e-5 >/dev/null &&
    json_get "$TEST_TMP/e.json" "[o['key'] for o in d['outputs']]" | grep -qx "\['last_hidden_state', 'pooler_output'\]"
ok $? "infer on the encoder matches eager PyTorch, outputs keyed by field"

"$INDUCTOR" infer --model "$SCALAR" --input "$FIXTURES/plain_scalar.input.json" --output "$TEST_TMP/s.json" &&
    "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/s.json" "$FIXTURES/plain_scalar.expected.json" --atol 1e-5 >/dev/null
ok $? "infer on the scalar model matches eager PyTorch"

# Inputs derived from the example: mk IN OUT PYTHON-STATEMENTS (on `t`, the
# list of input records).
mk() {
    "$PYTHON" - "$1" "$2" "$3" <<'PY'
import json, sys
t = json.load(open(sys.argv[1]))["inputs"]
exec(sys.argv[3])
json.dump({"inputs": t}, open(sys.argv[2], "w"))
PY
}
mk "$FIXTURES/plain_output.input.json" "$TEST_TMP/named.json" \
    't = {"attention_mask": t[1], "input0": t[0]}'
"$INDUCTOR" infer --model "$ENC" --input "$TEST_TMP/named.json" --output "$TEST_TMP/n.json" &&
    "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/n.json" "$FIXTURES/plain_output.expected.json" --atol 1e-5 >/dev/null
ok $? "inputs given by name (the keyword and the positional input0) in any order"
mk "$FIXTURES/plain_output.input.json" "$TEST_TMP/b1.json" \
    'for r in t: r["data"] = r["data"][:6]; r["shape"][0] = 1'
run "$INDUCTOR" infer --model "$ENC" --input "$TEST_TMP/b1.json"
ok "$rc" "a batch of 1 runs (the compiled lower bound 2 is the 0/1 specialization)"

run "$INDUCTOR" infer --model "$DICT" --random --output "$TEST_TMP/r.json"
[ "$rc" -eq 0 ] && json_get "$TEST_TMP/r.json" "[o['shape'] for o in d['outputs']]" | grep -qx "\[\[3, 3\], \[3, 3\]\]"
ok $? "--random builds inputs from the wrapper's signature, batch at its minimum 3"

# ---- bad inputs, refused before the run --------------------------------
mk "$FIXTURES/plain_output.input.json" "$TEST_TMP/dt.json" \
    't[0]["dtype"] = "float32"'
expect_error 3 "input 0 'input0': expected int64, got float32" "a wrong dtype" -- \
    "$INDUCTOR" infer --model "$ENC" --input "$TEST_TMP/dt.json"
mk "$FIXTURES/plain_output.input.json" "$TEST_TMP/st.json" \
    'for r in t: r["data"] = r["data"][:10]; r["shape"] = [2, 5]'
expect_error 3 "input 0 'input0': dimension 1 is 5, expected 6" "a wrong static dimension" -- \
    "$INDUCTOR" infer --model "$ENC" --input "$TEST_TMP/st.json"
mk "$FIXTURES/plain_dict.input.json" "$TEST_TMP/lo.json" \
    't[0]["data"] = t[0]["data"][:8]; t[0]["shape"][0] = 2; t[1]["data"] = t[1]["data"][:2]; t[1]["shape"][0] = 2'
expect_error 3 "input 0 'input0': dimension 0 is 2, expected 3\.\.32" "a dynamic dimension below its bound" -- \
    "$INDUCTOR" infer --model "$DICT" --input "$TEST_TMP/lo.json"
mk "$FIXTURES/plain_dict.input.json" "$TEST_TMP/hi.json" \
    't[0]["data"] = [0.5] * 132; t[0]["shape"][0] = 33; t[1]["data"] = [1.0] * 33; t[1]["shape"][0] = 33'
expect_error 3 "input 0 'input0': dimension 0 is 33, expected 3\.\.32" "a dynamic dimension above its bound" -- \
    "$INDUCTOR" infer --model "$DICT" --input "$TEST_TMP/hi.json"
mk "$FIXTURES/plain_dict.input.json" "$TEST_TMP/sym.json" \
    't[1]["data"] = [1.0] * 4; t[1]["shape"][0] = 4'
expect_error 3 "input 1 'scale': dimension 0 is 4, expected 3 .*dynamic dimension s" "two inputs that must share the batch size" -- \
    "$INDUCTOR" infer --model "$DICT" --input "$TEST_TMP/sym.json"
mk "$FIXTURES/plain_output.input.json" "$TEST_TMP/rank.json" \
    't[1]["shape"] = [12]'
expect_error 3 "input 1 'attention_mask': expected 2 dimensions, got 1" "a wrong rank" -- \
    "$INDUCTOR" infer --model "$ENC" --input "$TEST_TMP/rank.json"
mk "$FIXTURES/plain_scalar.input.json" "$TEST_TMP/sc.json" \
    't[1]["shape"] = [1]'
expect_error 3 "input 1 'input1': expected 0 dimensions, got 1" "a 1-element tensor for a 0-dim input" -- \
    "$INDUCTOR" infer --model "$SCALAR" --input "$TEST_TMP/sc.json"

finish

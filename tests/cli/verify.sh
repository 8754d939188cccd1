#!/bin/sh
# verify.sh - golden data at export and `inductor verify` (issue #16):
# packages exported with golden data (every dtype, keyword inputs, a dict
# output, a dynamic batch) verify; PyTorch's own loader still loads them and
# reproduces the golden outputs; a package whose weights were altered in the
# zip, and golden data checked with too tight a tolerance, exit 6 naming the
# outputs that really differ; a package without golden data is exit 3, and
# verifies with --golden FILE.npz written beside it.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

SRC=$INDUCTOR_SRCDIR
GX=$SRC/tests/cli/golden_export.py
T=$TEST_TMP
plan 20

# --no-freeze: the alter-weights case below finds the weights' bytes as
# PyTorch holds them, which freezing would prepack.
"$PYTHON" "$SRC/python/scripts/export_aot.py" --model mlp --batch-size 2 \
    --no-freeze --output "$T/mlp.pt2" --golden --golden-out "$T/mlp.npz" >/dev/null 2>"$T/x.err"
ok $? "export_aot.py --golden --golden-out exports mlp with golden data"
run "$INDUCTOR" verify --model "$T/mlp.pt2"
[ "$rc" -eq 0 ] && grep -q "^ok output 0 'logits': max abs diff" "$T/out" &&
    [ "$(wc -l <"$T/out")" -eq 1 ] && [ ! -s "$T/err" ]
ok $? "verify passes on the package's own golden data (exit 0, one ok line)"
"$PYTHON" "$GX" differing "$T/mlp.pt2" "$T/mlp.npz" 1e-4 1e-5 >"$T/py" 2>"$T/py.err" &&
    [ ! -s "$T/py" ]
ok $? "PyTorch's aoti_load_package loads the golden package and reproduces the golden outputs"
run "$INDUCTOR" verify --model "$T/mlp.pt2" --golden "$T/mlp.npz" --json
[ "$rc" -eq 0 ] && json_get "$T/out" "(d['passed'], d['golden'], d['outputs'][0]['got'])" |
    grep -qx "(True, '$T/mlp.npz', 'float32 \[2, 10\]')"
ok $? "--golden FILE.npz (--golden-out's file) passes too, with the batch of 2 through the dynamic dimension"

"$PYTHON" "$GX" export all_dtypes "$T/ad.pt2" --golden --golden-out "$T/ad.npz" 2>"$T/x.err"
ok $? "a model with every dtype in and out exports with golden data"
run "$INDUCTOR" verify --model "$T/ad.pt2" --json
[ "$rc" -eq 0 ] && json_get "$T/out" "sorted(o['got'].split()[0] for o in d['outputs'])" |
    grep -qx "\['bfloat16', 'bool', 'float16', 'float32', 'float64', 'int16', 'int32', 'int64', 'int8', 'uint8'\]"
ok $? "every dtype verifies (exit 0)"
json_get "$T/out" "sorted(d.keys()) == ['device', 'failed', 'golden', 'model', 'model_name', 'outputs', 'passed'] and sorted(d['outputs'][0].keys()) == ['atol', 'elements', 'golden', 'golden_value', 'got', 'got_value', 'index', 'key', 'max_abs_diff', 'max_rel_diff', 'mismatched', 'name', 'passed', 'rtol', 'where']" | grep -qx True
ok $? "--json has the documented keys"
json_get "$T/out" "[(o['name'], o['rtol'], o['atol']) for o in d['outputs'] if o['name'] in ('out_i64', 'out_f', 'out_bf')]" |
    grep -qx "\[('out_i64', 0.0, 0.0), ('out_f', 0.0001, 1e-05), ('out_bf', 0.016, 0.01)\]"
ok $? "default tolerances by dtype: integers exact, float32 and bfloat16 their own"

"$PYTHON" "$GX" export kwargs_dict "$T/kw.pt2" --golden 2>"$T/x.err"
ok $? "a model with keyword inputs and a dict output exports with golden data"
run "$INDUCTOR" verify --model "$T/kw.pt2" --json
[ "$rc" -eq 0 ] && json_get "$T/out" "[(o['name'], o['key'], o['passed']) for o in d['outputs']]" |
    grep -qx "\[('logits', 'logits', True), ('probs', 'probs', True)\]"
ok $? "keyword inputs and dict outputs verify, outputs named by key"

"$PYTHON" "$GX" alter-weights mlp "$T/mlp.pt2" "$T/altered.pt2" 2>"$T/x.err"
run "$INDUCTOR" verify --model "$T/altered.pt2"
[ "$rc" -eq 6 ] && grep -q "^DIFFERS output 0 'logits': max abs diff [0-9.e-]* at \[[0-9]*, [0-9]*\]" "$T/out" &&
    [ "$(wc -l <"$T/err")" -eq 1 ] && grep -q "^inductor: error: .*altered.pt2: 1 of 1 outputs differ from the golden data" "$T/err"
ok $? "weights altered in the zip: exit 6, the output named, with where it differs"

# --provenance (docs/provenance.md): a record of the golden run, also when
# the outputs differ.
PCHECK="$PYTHON $SRC/tests/cli/provenance_check.py"
SCHEMA=$SRC/docs/provenance.schema.json
run "$INDUCTOR" verify --model "$T/mlp.pt2" --provenance "$T/good.json"
[ "$rc" -eq 0 ] && $PCHECK validate "$SCHEMA" "$T/good.json" >"$T/v.out" 2>&1 &&
    json_get "$T/good.json" "(d['command'], d['verify']['passed'], d['package']['sha256'])" |
    grep -qx "('verify', True, '$(sha256sum "$T/mlp.pt2" | cut -d' ' -f1)')"
ok $? "verify --provenance: a valid record, command verify, passed, the package's sha256sum"
[ "$rc" -eq 0 ] || diag "$(cat "$T/err" "$T/v.out")"
"$PYTHON" - "$T/good.json" "$T/mlp.npz" <<'PY' >"$T/h.out" 2>&1
import hashlib, json, sys
import numpy as np
rec = json.load(open(sys.argv[1]))
z = np.load(sys.argv[2])
req = rec["requests"][0]
want_in = hashlib.sha256(np.ascontiguousarray(z["input_0"]).tobytes()).hexdigest()
want_out = hashlib.sha256(np.ascontiguousarray(z["output_0"]).tobytes()).hexdigest()
assert len(rec["requests"]) == 1, rec["requests"]
assert req["inputs"][0]["sha256"] == want_in, (req["inputs"][0], want_in)
assert len(req["outputs"][0]["sha256"]) == 64
# The compiled model's output need not be bit-identical to eager's, so its
# hash may or may not be the golden output's: said, not asserted.
print("ok; output bit-identical to eager:", req["outputs"][0]["sha256"] == want_out)
PY
grep -q "^ok" "$T/h.out"
ok $? "the record hashes the golden input as numpy does, and the model's output"
[ -s "$T/h.out" ] && diag "$(cat "$T/h.out")"
run "$INDUCTOR" verify --model "$T/altered.pt2" --provenance "$T/bad.json"
[ "$rc" -eq 6 ] && $PCHECK validate "$SCHEMA" "$T/bad.json" >"$T/v.out" 2>&1 &&
    json_get "$T/bad.json" "d['verify']['passed'] is False and d['verify']['failed'] == 1" | grep -qx True &&
    "$PYTHON" -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
sys.exit(not (a["requests"][0]["inputs"][0]["sha256"] == b["requests"][0]["inputs"][0]["sha256"]
              and a["requests"][0]["outputs"][0]["sha256"] != b["requests"][0]["outputs"][0]["sha256"]
              and a["package"]["sha256"] != b["package"]["sha256"]))' "$T/good.json" "$T/bad.json"
ok $? "a failed verification (exit 6) still writes its record: same input hash, another output and package hash"

# Output 7 (out_f, float32) moved by a relative 1e-6: inside the default
# tolerance, outside rtol 1e-9.  Which outputs differ is what PyTorch's
# loader says, not a guess: the compiled bfloat16 kernel may round
# differently from eager, too.
"$PYTHON" "$GX" perturb "$T/ad.npz" "$T/tight.npz" 7 1e-6
run "$INDUCTOR" verify --model "$T/ad.pt2" --golden "$T/tight.npz"
ok $rc "a relative 1e-6 difference in a float32 output is within the default tolerance"
run "$INDUCTOR" verify --model "$T/ad.pt2" --golden "$T/tight.npz" --rtol 1e-9 --atol 0
sed -n "s/^DIFFERS output \([0-9]*\) .*/\1/p" "$T/out" >"$T/c.idx"
"$PYTHON" "$GX" differing "$T/ad.pt2" "$T/tight.npz" 1e-9 0 >"$T/py.idx"
[ "$rc" -eq 6 ] && grep -qx 7 "$T/c.idx" && cmp -s "$T/c.idx" "$T/py.idx" &&
    grep -q "^DIFFERS output 7 'out_f': .* 1 of 6 elements out of tolerance (rtol 1e-09, atol 0)" "$T/out"
ok $? "too tight a tolerance: exit 6, naming exactly the outputs PyTorch's loader also finds outside it"
diag "differing: $(tr '\n' ' ' <"$T/c.idx")"

TWO=$FIXTURES/two_input.pt2
expect_error 3 "two_input\.pt2: no golden data for model 'model' \(export with --golden, or give --golden FILE\.npz\)" \
    "a package without golden data" -- "$INDUCTOR" verify --model "$TWO"
"$PYTHON" "$GX" export two_input "$T/unused.pt2" --no-export --golden-out "$T/two.npz"
run "$INDUCTOR" verify --model "$TWO" --golden "$T/two.npz"
[ "$rc" -eq 0 ] && [ "$(grep -c '^ok output' "$T/out")" -eq 2 ]
ok $? "a package exported elsewhere verifies against golden data written beside it"
run "$INDUCTOR" verify --model "$TWO" --golden "$T/two.npz" --json
json_get "$T/out" "[o['got'] for o in d['outputs']]" | grep -qx "\['float32 \[2, 3\]', 'int64 \[2, 3\]'\]"
ok $? "its float32 and int64 outputs are compared"
run "$PYTHON" -c 'import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); print([n.split("/", 1)[1] for n in z.namelist() if "/inductor/" in n])' "$T/kw.pt2"
grep -qx "\['inductor/golden/model.npz'\]" "$T/out"
ok $? "the golden data is one entry, <root>/inductor/golden/model.npz"

finish

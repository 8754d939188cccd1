#!/bin/sh
# formats_npy.sh - .npy/.npz/raw inputs written by NumPy, read by inductor;
# outputs written by inductor with --output-dir, read back by NumPy and
# equal to Python's aoti_load_package outputs.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

SCRIPTS=$INDUCTOR_SRCDIR/python/scripts
TOK=$FIXTURES/token_encoder.pt2
HALF=$FIXTURES/half_io.pt2
plan 13

"$PYTHON" "$SCRIPTS/aoti_reference.py" --model "$TOK" --input "$FIXTURES/token_encoder.input.json" \
    --output "$TEST_TMP/tok.py.json" 2>/dev/null &&
"$PYTHON" "$SCRIPTS/aoti_reference.py" --model "$HALF" --input "$FIXTURES/half_io.input.json" \
    --output "$TEST_TMP/half.py.json" 2>/dev/null
ok $? "Python's reference outputs for both models"

# NumPy writes the same inputs in every layout under test.
"$PYTHON" - "$FIXTURES" "$TEST_TMP" <<'PY'
import json, sys
import numpy as np
fx, tmp = sys.argv[1], sys.argv[2]
d = json.load(open(f"{fx}/token_encoder.input.json"))["inputs"]
ids = np.array(d["input_ids"]["data"], np.int64).reshape(d["input_ids"]["shape"])
mask = np.array(d["attention_mask"]["data"], bool).reshape(d["attention_mask"]["shape"])
np.save(f"{tmp}/ids.npy", ids)
np.save(f"{tmp}/mask.npy", mask)
np.save(f"{tmp}/ids_be.npy", ids.astype(">i8"))
np.save(f"{tmp}/ids_f.npy", np.asfortranarray(ids))
np.savez(f"{tmp}/tok.npz", attention_mask=mask, input_ids=ids)
np.savez_compressed(f"{tmp}/tokc.npz", input_ids=ids, attention_mask=mask)
np.savez(f"{tmp}/tokpos.npz", ids, mask)
ids.astype("<i8").tofile(f"{tmp}/ids.bin")
h = json.load(open(f"{fx}/half_io.input.json"))["inputs"]
a = np.array(h[0]["data"], np.float16).reshape(h[0]["shape"])
b = np.array(h[1]["data"], np.float32).reshape(h[1]["shape"])
# bfloat16 as ml_dtypes writes it: the top 16 bits of float32, '<V2'.
bits = (b.view(np.uint32) >> 16).astype("<u2")
np.save(f"{tmp}/a.npy", a)
np.save(f"{tmp}/b.npy", bits.view("V2"))
assert np.load(f"{tmp}/ids_f.npy").flags.f_contiguous
PY
ok $? "NumPy wrote .npy (little- and big-endian, Fortran order), .npz and raw inputs"

# same_as_python NAME ARGS...: inductor on ARGS matches the token reference.
same_as_python() {
    name=$1
    shift
    "$INDUCTOR" infer --model "$TOK" "$@" --output "$TEST_TMP/$name.json" 2>"$TEST_TMP/$name.err" &&
        "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/$name.json" "$TEST_TMP/tok.py.json" --atol 1e-5 >/dev/null
    ok $? "$name"
    [ -s "$TEST_TMP/$name.err" ] && diag "$(cat "$TEST_TMP/$name.err")"
}
same_as_python ".npy inputs by position" --input "$TEST_TMP/ids.npy" --input "$TEST_TMP/mask.npy"
same_as_python ".npy inputs by NAME=FILE, in another order" \
    --input "attention_mask=$TEST_TMP/mask.npy" --input "input_ids=$TEST_TMP/ids.npy"
same_as_python "a big-endian .npy is byte-swapped" --input "$TEST_TMP/ids_be.npy" --input "$TEST_TMP/mask.npy"
same_as_python "a Fortran-order .npy is transposed" --input "$TEST_TMP/ids_f.npy" --input "$TEST_TMP/mask.npy"
same_as_python ".npz arrays matched by name" --input "$TEST_TMP/tok.npz"
same_as_python "a compressed .npz (np.savez_compressed)" --input "$TEST_TMP/tokc.npz"
same_as_python ".npz arr_0, arr_1 (np.savez positional) by position" --input "$TEST_TMP/tokpos.npz"
same_as_python "raw .bin with --shape, dtype from the signature" \
    --input "$TEST_TMP/ids.bin" --shape 2,8 --input "$TEST_TMP/mask.npy"

run "$INDUCTOR" infer --model "$HALF" --input "$TEST_TMP/a.npy" --input "$TEST_TMP/b.npy" \
    --output-dir "$TEST_TMP/outs" --output "$TEST_TMP/summary.json"
[ "$rc" -eq 0 ] && [ -f "$TEST_TMP/outs/output0.npy" ] && [ -f "$TEST_TMP/outs/output1.npy" ] &&
    json_get "$TEST_TMP/summary.json" "[(o['file'].endswith('outs/output%d.npy' % o['index']), 'data' in o) for o in d['outputs']]" |
    grep -qx "\[(True, False), (True, False)\]"
ok $? "--output-dir writes output0.npy, output1.npy; the JSON names the files"

"$PYTHON" - "$TEST_TMP/outs" "$TEST_TMP/half.py.json" <<'PY'
import json, sys
import numpy as np
out, ref = sys.argv[1], json.load(open(sys.argv[2]))["outputs"]
h = np.load(f"{out}/output0.npy")
assert h.dtype == np.float16 and list(h.shape) == ref[0]["shape"], h.dtype
assert np.array_equal(h.ravel().astype(np.float64), np.array(ref[0]["data"])), "float16 differs"
v = np.load(f"{out}/output1.npy")
assert v.dtype == np.dtype("V2"), v.dtype
f = (v.view("<u2").astype(np.uint32) << 16).view(np.float32)
assert np.array_equal(f.ravel().astype(np.float64), np.array(ref[1]["data"])), "bfloat16 differs"
PY
ok $? "NumPy reads the .npy outputs back, equal to Python's (bfloat16 as '<V2' bits)"

run "$INDUCTOR" infer --model "$FIXTURES/kwargs_dict.pt2" --input "$FIXTURES/kwargs_dict.input.json" \
    --output-dir "$TEST_TMP/kd"
[ "$rc" -eq 0 ] && "$PYTHON" -c "
import numpy as np, sys
p = np.load(sys.argv[1] + '/probs.npy')
assert p.shape == (2, 3) and abs(p.sum() - 2.0) < 1e-5" "$TEST_TMP/kd"
ok $? "dict outputs are written as <key>.npy (probs.npy rows sum to 1)"

finish

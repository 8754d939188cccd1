#!/bin/sh
# verify_bad_inputs.sh - bad golden data for `inductor verify` (issue #16):
# each is one line on stderr and a documented exit code, never a crash:
# 3 for golden data that is unreadable, malformed or not what the model
# takes, 4 for a package that cannot be read, 2 for a bad tolerance, 6 for
# an output of another shape.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

SRC=$INDUCTOR_SRCDIR
T=$TEST_TMP
TWO=$FIXTURES/two_input.pt2
DET=$FIXTURES/deterministic.pt2
plan 13

# Good golden data for two_input, then variants of it, each one flaw.
"$PYTHON" "$SRC/tests/cli/golden_export.py" export two_input "$T/unused.pt2" \
    --no-export --golden-out "$T/two.npz" 2>"$T/x.err"
"$PYTHON" - "$T" "$TWO" <<'PY'
import json, shutil, sys, zipfile
import numpy as np
t, two = sys.argv[1], sys.argv[2]
base = dict(np.load(f"{t}/two.npz"))
spec = json.loads(bytes(base["golden_spec"]).decode())

def save(name, data, sp=None):
    if sp is not None:
        data["golden_spec"] = np.frombuffer(json.dumps(sp).encode(), np.uint8)
    np.savez(f"{t}/{name}.npz", **data)

def variant(fn):
    d, s = dict(base), json.loads(json.dumps(spec))
    fn(d, s)
    return d, s

def f64_input(d, s):
    d["input_0"] = d["input_0"].astype(np.float64)
    s["inputs"][0]["dtype"] = "float64"
save("f64_input", *variant(f64_input))
def spec_disagrees(d, s):
    s["inputs"][0]["dtype"] = "float64"
save("spec_disagrees", *variant(spec_disagrees))
def i32_output(d, s):
    d["output_1"] = d["output_1"].astype(np.int32)
    s["outputs"][1]["dtype"] = "int32"
save("i32_output", *variant(i32_output))
def short_output(d, s):
    d["output_0"] = d["output_0"][:1]
save("short_output", *variant(short_output))
def missing(d, s):
    del d["input_1"]
save("missing", *variant(missing))
d = dict(base)
d["golden_spec"] = np.frombuffer(b'{"format": "inductor-golden", "inputs": [', np.uint8)
np.savez(f"{t}/bad_json.npz", **d)
# A package whose golden entry is not an .npz.
with zipfile.ZipFile(two) as zin, zipfile.ZipFile(f"{t}/junk_golden.pt2", "w") as zout:
    root = zin.namelist()[0].split("/")[0]
    for info in zin.infolist():
        zout.writestr(info, zin.read(info))
    zout.writestr(f"{root}/inductor/golden/model.npz", b"not a zip at all")
PY
ok $? "bad golden data written"

V() { "$INDUCTOR" verify --model "$@"; }
expect_error 3 "nope\.npz: cannot read: No such file or directory" \
    "a golden file that does not exist" -- V "$TWO" --golden "$T/nope.npz"
printf 'not a zip' >"$T/text.npz"
expect_error 3 "text\.npz: not a golden \.npz: " \
    "a golden file that is not an .npz" -- V "$TWO" --golden "$T/text.npz"
expect_error 3 "junk_golden\.pt2: golden data \"[^\"]*/inductor/golden/model\.npz\": " \
    "a package whose golden entry is corrupt" -- V "$T/junk_golden.pt2"
expect_error 3 "bad_json\.npz: golden_spec is not inductor-golden JSON" \
    "a golden_spec that is not JSON" -- V "$TWO" --golden "$T/bad_json.npz"
expect_error 3 "spec_disagrees\.npz: golden member 'input_0' is float32, golden_spec says float64" \
    "a member whose dtype golden_spec contradicts" -- V "$TWO" --golden "$T/spec_disagrees.npz"
expect_error 3 "missing\.npz: golden_spec lists 2 inputs and 2 outputs, the file has 1 and 2" \
    "a missing input member" -- V "$TWO" --golden "$T/missing.npz"
expect_error 3 "golden data \([^)]*two\.npz\) has 2 inputs, the model takes 1" \
    "golden data of another model (input count)" -- V "$DET" --golden "$T/two.npz"
expect_error 3 "golden inputs \([^)]*f64_input\.npz\): input 0 'x': expected float32, got float64" \
    "a golden input of another dtype than the model takes" -- V "$TWO" --golden "$T/f64_input.npz"
expect_error 3 "golden output 1 'output1' \([^)]*i32_output\.npz\) is int32, the model gives int64" \
    "a golden output of another dtype than the model gives" -- V "$TWO" --golden "$T/i32_output.npz"
run "$INDUCTOR" verify --model "$TWO" --golden "$T/short_output.npz"
[ "$rc" -eq 6 ] && grep -q "^DIFFERS output 0 'output0': got float32 \[2, 3\], golden float32 \[1, 3\]" "$T/out"
ok $? "a golden output of another shape: exit 6, both shapes named"
expect_error 4 "nope\.pt2: " "a package that cannot be read is unusable, not bad golden data" \
    -- V "$T/nope.pt2"
run "$INDUCTOR" verify --model "$TWO" --golden "$T/two.npz" --rtol -1
[ "$rc" -eq 2 ] && grep -q "^inductor: error: --rtol and --atol must be numbers >= 0" "$T/err"
ok $? "a negative tolerance is a usage error (exit 2)"

finish

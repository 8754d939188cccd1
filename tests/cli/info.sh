#!/bin/sh
# info.sh - `inductor info` on real packages, including one whose device
# this machine lacks (its metadata rewritten to cuda with Python's zipfile).
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/two_input.pt2
plan 11

run "$INDUCTOR" info --model "$PKG"
[ "$rc" -eq 0 ] && grep -q "^models: 1$" "$TEST_TMP/out" && grep -q "^model: model$" "$TEST_TMP/out"
ok $? "info lists the package's one model"
grep -q "^  device: cpu$" "$TEST_TMP/out" && grep -q "^  platform: linux" "$TEST_TMP/out" &&
    grep -q "^  cpu isa: " "$TEST_TMP/out"
ok $? "info shows device key, platform and CPU ISA"
grep -q "^  inputs: 2$" "$TEST_TMP/out" && grep -q "^  outputs: 2$" "$TEST_TMP/out"
ok $? "info counts 2 inputs and 2 outputs"

run "$INDUCTOR" info --model "$PKG" --json
cp "$TEST_TMP/out" "$TEST_TMP/info.json"
json_get "$TEST_TMP/info.json" "(d['num_models'], d['models'][0]['name'], d['models'][0]['device_key'], d['models'][0]['num_inputs'], d['models'][0]['num_outputs'])" |
    grep -qx "(1, 'model', 'cpu', 2, 2)"
ok $? "info --json has stable keys with the same facts"
json_get "$TEST_TMP/info.json" "d['models'][0]['metadata']['AOTI_DEVICE_KEY']" | grep -qx cpu
ok $? "info --json carries the full metadata map"

json_get "$TEST_TMP/info.json" "(d['models'][0]['loaded'], d['models'][0]['load_error'])" |
    grep -q "^(False, 'not loaded (info runs no package code without --load)')$"
ok $? "info reads the zip only by default (the signature comes from the package)"

run "$INDUCTOR" info --model "$PKG" --load --json
json_get "$TEST_TMP/out" "(d['models'][0]['loaded'], d['models'][0]['num_inputs'], d['models'][0]['num_outputs'])" |
    grep -qx "(True, 2, 2)"
ok $? "info --load loads the model and confirms its call spec"
run "$INDUCTOR" info --model "$PKG" --no-load
[ "$rc" -eq 0 ] && grep -q "^  inputs: 2$" "$TEST_TMP/out"
ok $? "info --no-load (the old opt-out) is still accepted"

# A package that says it is for CUDA: only the metadata changes.
"$PYTHON" - "$PKG" "$TEST_TMP/cuda.pt2" <<'PY'
import json, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.endswith("_metadata.json"):
            meta = json.loads(data)
            meta["AOTI_DEVICE_KEY"] = "cuda"
            data = json.dumps(meta).encode()
        zout.writestr(item, data)
PY
run "$INDUCTOR" info --model "$TEST_TMP/cuda.pt2" --load
[ "$rc" -eq 0 ] && grep -q "^  device: cuda$" "$TEST_TMP/out"
ok $? "info reads a CUDA package on this host and shows device cuda"
grep -q "^  not loadable here: .*" "$TEST_TMP/out" && grep -q "^  inputs: 2$" "$TEST_TMP/out"
ok $? "info --load says why the CUDA package cannot be loaded here"
diag "$(grep 'not loadable' "$TEST_TMP/out")"

expect_error 4 "compiled for cuda, not cpu" "infer refuses the CUDA package on cpu" -- \
    "$INDUCTOR" infer --model "$TEST_TMP/cuda.pt2" --input "$FIXTURES/two_input.input.json"

finish

#!/bin/sh
# formats_compat.sh - `info` inspects a package without libtorch (files,
# sizes, weights, kernels) and gives a verdict; `infer` refuses what the
# verdict says cannot run here, with exit 4, before loading.  Packages for
# elsewhere are real ones with their metadata rewritten by Python's zipfile.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/two_input.pt2
IN=$FIXTURES/two_input.input.json
plan 12

# rewrite OUT KEY=VALUE...: PKG with its wrapper metadata changed.
rewrite() {
    "$PYTHON" - "$PKG" "$@" <<'PY'
import json, sys, zipfile
src, dst, changes = sys.argv[1], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename.endswith("_metadata.json"):
            meta = json.loads(data)
            meta.update(c.split("=", 1) for c in changes)
            data = json.dumps(meta).encode()
        zout.writestr(item, data)
PY
}

run "$INDUCTOR" info --model "$PKG"
grep -q "^  compatible: yes$" "$TEST_TMP/out"
ok $? "a package made here is compatible"

run "$INDUCTOR" info --model "$PKG" --json
cp "$TEST_TMP/out" "$TEST_TMP/info.json"
"$PYTHON" - "$PKG" "$TEST_TMP/info.json" <<'PY'
import json, sys, zipfile
pkg, doc = sys.argv[1], json.load(open(sys.argv[2]))
z = [(i.filename, i.file_size) for i in zipfile.ZipFile(pkg).infolist()]
assert [(f["name"], f["size"]) for f in doc["files"]] == z, "file list differs"
assert doc["size_bytes"] == sum(s for _, s in z)
m = doc["models"][0]
assert m["compatible"] is True and m["incompatible_reason"] is None
assert m["kernels"] == {"cubin": 0, "fatbin": 0, "ptx": 0, "hsaco": 0}
assert doc["build"]["backend"] and doc["host"]["platform"].startswith("linux ")
PY
ok $? "info --json lists every file with the sizes Python's zipfile reads"

json_get "$TEST_TMP/info.json" "d['models'][0]['weights_bytes'] > 0 and d['models'][0]['num_constants'] > 0" | grep -qx True
ok $? "info reports the weights' size from the constants table"

rewrite "$TEST_TMP/cuda.pt2" AOTI_DEVICE_KEY=cuda
run "$INDUCTOR" info --model "$TEST_TMP/cuda.pt2" --no-load
if [ "$INDUCTOR_BACKEND" = cpu ]; then
    grep -q "^  device: cuda$" "$TEST_TMP/out" &&
        grep -q "^  compatible: no (.*model 'model' compiled for cuda, but this inductor is built for cpu only)$" "$TEST_TMP/out"
    ok $? "info shows the CUDA package as not compatible with this cpu build"
    expect_error 4 "compiled for cuda, but this inductor is built for cpu only" \
        "infer --device cuda refuses the CUDA package before loading" -- \
        "$INDUCTOR" infer --model "$TEST_TMP/cuda.pt2" --device cuda --input "$IN"
else
    skip "the build is $INDUCTOR_BACKEND: a CUDA package is compatible"
    skip "the build is $INDUCTOR_BACKEND: a CUDA package is compatible"
fi
expect_error 4 "compiled for cuda, not cpu" "infer on cpu refuses the CUDA package" -- \
    "$INDUCTOR" infer --model "$TEST_TMP/cuda.pt2" --input "$IN"

# Another machine than this host's.
other=aarch64
[ "$(uname -m)" = aarch64 ] && other=x86_64
rewrite "$TEST_TMP/other.pt2" AOTI_MACHINE=$other
run "$INDUCTOR" info --model "$TEST_TMP/other.pt2" --json
json_get "$TEST_TMP/out" "d['models'][0]['compatible'] is False and d['models'][0]['incompatible_reason']" |
    grep -q "model 'model' compiled for linux $other, this host is linux $(uname -m)$"
ok $? "info --json: a package for linux $other is not compatible, with the reason"
expect_error 4 "compiled for linux $other, this host is linux $(uname -m)" \
    "infer refuses a package for another machine" -- \
    "$INDUCTOR" infer --model "$TEST_TMP/other.pt2" --input "$IN"

rewrite "$TEST_TMP/win.pt2" AOTI_PLATFORM=win32
expect_error 4 "compiled for win32 .*, this host is linux" "infer refuses a package for another OS" -- \
    "$INDUCTOR" infer --model "$TEST_TMP/win.pt2" --input "$IN"

# An ISA level this CPU lacks (AMX on most machines; AVX-512 elsewhere).
flags=$(grep -m1 -E '^(flags|Features)' /proc/cpuinfo 2>/dev/null)
isa=
case " $flags " in *" amx_tile "*) ;; *) case " $flags " in *" avx2 "*) isa=AMX_TILE ;; esac ;; esac
case " $flags " in *" avx512f "*) ;; *" avx2 "*) isa=AVX512 ;; esac
if [ -n "$isa" ]; then
    rewrite "$TEST_TMP/isa.pt2" "AOTI_CPU_ISA=AVX512 $isa"
    run "$INDUCTOR" info --model "$TEST_TMP/isa.pt2"
    grep -q "^  compatible: no (.*compiled for CPU ISA AVX512 $isa, but this CPU lacks " "$TEST_TMP/out"
    ok $? "info: a package for CPU ISA $isa is not compatible with this CPU"
    expect_error 4 "but this CPU lacks" "infer refuses a package for a CPU ISA this CPU lacks" -- \
        "$INDUCTOR" infer --model "$TEST_TMP/isa.pt2" --input "$IN"
else
    skip "this CPU has every x86 ISA level the verdict knows, or is not x86"
    skip "this CPU has every x86 ISA level the verdict knows, or is not x86"
fi

run "$INDUCTOR" info --model "$TEST_TMP/nope.pt2"
[ "$rc" -eq 4 ] && grep -q "nope.pt2" "$TEST_TMP/err"
ok $? "info on a missing package exits 4 naming it"

finish

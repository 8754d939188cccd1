#!/bin/sh
# formats_bad_inputs.sh - every new input format's failures: one line on
# stderr naming the file and the input, and the documented exit code
# (3 bad input, 2 usage, 5 output not written).  Nothing dumps core.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

TOK=$FIXTURES/token_encoder.pt2
plan 17

"$PYTHON" - "$TEST_TMP" <<'PY'
import sys
import numpy as np
t = sys.argv[1]
ids = np.zeros((2, 8), np.int64)
mask = np.zeros((2, 8), bool)
np.save(f"{t}/ids.npy", ids)
np.save(f"{t}/mask.npy", mask)
open(f"{t}/trunc.npy", "wb").write(open(f"{t}/ids.npy", "rb").read()[:150])
np.savez(f"{t}/wrongdt.npz", input_ids=ids.astype(np.int32), attention_mask=mask)
np.savez(f"{t}/extra.npz", input_ids=ids, attention_mask=mask, labels=ids)
np.save(f"{t}/u32.npy", ids.astype(np.uint32))
np.save(f"{t}/void.npy", np.zeros((2, 8), "V2"))
ids.tofile(f"{t}/short.bin")
PY
head -c 20 "$TEST_TMP/ids.npy" >"$TEST_TMP/header.npy"
echo "not a zip" >"$TEST_TMP/bad.npz"
infer() { "$INDUCTOR" infer --model "$TOK" "$@"; }

expect_error 3 "trunc.npy: truncated: the header needs 128 data bytes, the file has 22" \
    "a truncated .npy" -- infer --input "$TEST_TMP/trunc.npy" --input "$TEST_TMP/mask.npy"
expect_error 3 "header.npy: truncated .npy header" "a .npy cut inside its header" -- \
    infer --input "$TEST_TMP/header.npy" --input "$TEST_TMP/mask.npy"
expect_error 3 "wrongdt.npz: array 'input_ids': input 0 'input_ids': expected int64, got int32" \
    "a wrong dtype in an .npz" -- infer --input "$TEST_TMP/wrongdt.npz"
expect_error 3 "u32.npy: dtype '<u4' is not supported" "an .npy of a dtype inductor lacks" -- \
    infer --input "$TEST_TMP/u32.npy" --input "$TEST_TMP/mask.npy"
expect_error 3 "void.npy: 2-byte void dtype \('V2'\) is read only as bfloat16, and int64 is expected" \
    "a '<V2' .npy where no bfloat16 is expected" -- infer --input "$TEST_TMP/void.npy" --input "$TEST_TMP/mask.npy"
expect_error 3 "bad.npz: not a readable .npz" "an .npz that is not a zip" -- infer --input "$TEST_TMP/bad.npz"
expect_error 3 "ids.npy: unknown input 'ids' \(the model's inputs: input_ids, attention_mask\)" \
    "an unknown input name" -- infer --input "ids=$TEST_TMP/ids.npy" --input "$TEST_TMP/mask.npy"
expect_error 3 "extra.npz: unknown input 'labels'" "an extra array in an .npz" -- \
    infer --input "$TEST_TMP/extra.npz"
expect_error 3 "missing input 1 'attention_mask'" "a missing input" -- \
    infer --input "input_ids=$TEST_TMP/ids.npy"
expect_error 3 "expected 2 inputs, got 3" "an extra positional input" -- \
    infer --input "$TEST_TMP/ids.npy" --input "$TEST_TMP/mask.npy" --input "$TEST_TMP/mask.npy"
expect_error 3 "input 0 'input_ids' is given twice" "one input given twice" -- \
    infer --input "$TEST_TMP/ids.npy" --input "input_ids=$TEST_TMP/ids.npy" --input "$TEST_TMP/mask.npy"
printf '{"inputs": {"input_ids": {"dtype": "int64", "shape": [1], "data": [1]}, "input_ids": {"dtype": "int64", "shape": [1], "data": [2]}}}' >"$TEST_TMP/dup.json"
expect_error 3 "dup.json: duplicate key \"input_ids\"" "a name twice in the named JSON form" -- \
    infer --input "$TEST_TMP/dup.json"
expect_error 3 "short.bin: raw file has 128 bytes, 32 int64 elements need 256" \
    "a raw file of the wrong size" -- infer --input "$TEST_TMP/short.bin" --shape 4,8 --input "$TEST_TMP/mask.npy"
expect_error 3 "short.bin: give --shape \(input 0 'input_ids' has a dynamic dimension 0\)" \
    "a raw file whose input has a dynamic dimension and no --shape" -- \
    infer --input "$TEST_TMP/short.bin" --input "$TEST_TMP/mask.npy"
expect_error 2 "unknown dtype 'float128'" "an unknown --dtype" -- \
    infer --input "$TEST_TMP/short.bin" --dtype float128 --shape 2,8 --input "$TEST_TMP/mask.npy"

: >"$TEST_TMP/outfile"
expect_error 5 "outfile: not a directory" "--output-dir that is a file" -- \
    infer --input "$TEST_TMP/ids.npy" --input "$TEST_TMP/mask.npy" --output-dir "$TEST_TMP/outfile"
infer --input "$TEST_TMP/ids.npy" --input "$TEST_TMP/nope.npy" --output-dir "$TEST_TMP/od" 2>/dev/null
[ $? -eq 3 ] && [ ! -e "$TEST_TMP/od" ]
ok $? "a failed run creates no output directory and no files"

finish

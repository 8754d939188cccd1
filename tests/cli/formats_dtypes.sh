#!/bin/sh
# formats_dtypes.sh - float16/bfloat16 in and out, and int64 token ids with a
# bool mask through nn.TransformerEncoder at two batch sizes, each compared
# with Python's aoti_load_package; --random is reproducible.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

SCRIPTS=$INDUCTOR_SRCDIR/python/scripts
plan 8

# compare NAME PKG INPUT: inductor and Python on INPUT agree.
compare() {
    "$INDUCTOR" infer --model "$2" --input "$3" --output "$TEST_TMP/$1.c.json" &&
        "$PYTHON" "$SCRIPTS/aoti_reference.py" --model "$2" --input "$3" \
            --output "$TEST_TMP/$1.py.json" 2>"$TEST_TMP/$1.err" &&
        "$PYTHON" "$SCRIPTS/compare_outputs.py" "$TEST_TMP/$1.c.json" \
            "$TEST_TMP/$1.py.json" --atol 1e-5 >"$TEST_TMP/$1.cmp"
}

compare half "$FIXTURES/half_io.pt2" "$FIXTURES/half_io.input.json"
ok $? "float16 and bfloat16 inputs and outputs match Python"
json_get "$TEST_TMP/half.c.json" "[o['dtype'] for o in d['outputs']]" | grep -qx "\['float16', 'bfloat16'\]"
ok $? "the outputs stay float16 and bfloat16"

TOK=$FIXTURES/token_encoder.pt2
compare tok2 "$TOK" "$FIXTURES/token_encoder.input.json"
ok $? "token ids and a padding mask (batch 2) match Python"

# Batch 4: rows repeated, one row fully unpadded.
"$PYTHON" - "$FIXTURES/token_encoder.input.json" "$TEST_TMP/tok4.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
ids, mask = d["inputs"]["input_ids"], d["inputs"]["attention_mask"]
ids["data"] = ids["data"] * 2
mask["data"] = mask["data"] + [False] * 8 + mask["data"][8:]
ids["shape"][0] = mask["shape"][0] = 4
json.dump(d, open(sys.argv[2], "w"))
PY
compare tok4 "$TOK" "$TEST_TMP/tok4.json"
ok $? "batch 4 through the dynamic dimension matches Python"
json_get "$TEST_TMP/tok4.c.json" "d['outputs'][0]['shape']" | grep -qx "\[4, 4\]"
ok $? "batch 4 gives a [4, 4] output"

run "$INDUCTOR" infer --model "$TOK" --random --seed 7
cp "$TEST_TMP/out" "$TEST_TMP/r1.json"
run "$INDUCTOR" infer --model "$TOK" --random --seed 7
json_get "$TEST_TMP/r1.json" "d['outputs'][0]['data']" >"$TEST_TMP/r1"
json_get "$TEST_TMP/out" "d['outputs'][0]['data']" >"$TEST_TMP/r2"
cmp -s "$TEST_TMP/r1" "$TEST_TMP/r2" && json_get "$TEST_TMP/r1.json" "d['outputs'][0]['shape']" | grep -qx "\[1, 4\]"
ok $? "--random with one seed gives the same batch-1 outputs twice"
run "$INDUCTOR" infer --model "$TOK" --random --seed 8
json_get "$TEST_TMP/out" "d['outputs'][0]['data']" >"$TEST_TMP/r3"
! cmp -s "$TEST_TMP/r1" "$TEST_TMP/r3"
ok $? "another seed gives other outputs"
run "$INDUCTOR" infer --model "$TOK" --random --shape 3,8 --shape 3,8 --summary
json_get "$TEST_TMP/out" "d['outputs'][0]['shape']" | grep -qx "\[3, 4\]"
ok $? "--random --shape 3,8 makes a batch of 3"

finish

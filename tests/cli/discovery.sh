#!/bin/sh
# discovery.sh - `--model NAME` looks in $MODELS_DIR, then ./models, then
# the installed models, as NAME/model.pt2 then NAME.pt2; `inductor models`
# lists what it finds; no --model means `default`.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

DET=$FIXTURES/deterministic.pt2
TWO=$FIXTURES/two_input.pt2
GOOD=$TEST_TMP/good.json
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$GOOD"
plan 11

# Two directories holding the same names with different models behind them.
mkdir -p "$TEST_TMP/env/det" "$TEST_TMP/work/models/det" "$TEST_TMP/work/models/default"
cp "$DET" "$TEST_TMP/env/det/model.pt2"
cp "$TWO" "$TEST_TMP/work/models/det/model.pt2"
cp "$TWO" "$TEST_TMP/env/det.pt2"
cp "$DET" "$TEST_TMP/work/models/default/model.pt2"
cp "$DET" "$TEST_TMP/work/models/flat.pt2"
cd "$TEST_TMP/work" || exit 1

MODELS_DIR=$TEST_TMP/env run "$INDUCTOR" infer --model det --input "$GOOD"
[ "$rc" -eq 0 ] && json_get "$TEST_TMP/out" "d['outputs'][0]['data']" | grep -qx "\[2.5, 5.5, 11\]"
ok $? "\$MODELS_DIR comes first, and NAME/model.pt2 before NAME.pt2"

MODELS_DIR= run "$INDUCTOR" infer --model det --input "$FIXTURES/two_input.input.json"
ok "$rc" "without \$MODELS_DIR, ./models/det/model.pt2 is used"

env -u MODELS_DIR "$INDUCTOR" infer --model flat --input "$GOOD" >/dev/null
ok $? "NAME.pt2 is found too"

env -u MODELS_DIR "$INDUCTOR" infer --input "$GOOD" >"$TEST_TMP/def.json"
json_get "$TEST_TMP/def.json" "d['outputs'][0]['data']" | grep -qx "\[2.5, 5.5, 11\]"
ok $? "no --model runs ./models/default"

expect_error 4 "model 'nosuch' not found \(looked for nosuch/model.pt2 and nosuch.pt2 in .*/env, ./models, .*/models\)" \
    "an unknown name says where it looked" -- \
    env MODELS_DIR="$TEST_TMP/env" "$INDUCTOR" infer --model nosuch --input "$GOOD"
expect_error 4 "nosuch.pt2" "a name with .pt2 is a path, not looked up" -- \
    env MODELS_DIR="$TEST_TMP/env" "$INDUCTOR" infer --model nosuch.pt2 --input "$GOOD"

MODELS_DIR=$TEST_TMP/env run "$INDUCTOR" info --model det 
grep -q "^package: $TEST_TMP/env/det/model.pt2$" "$TEST_TMP/out"
ok $? "info resolves names the same way"

MODELS_DIR=$TEST_TMP/env run "$INDUCTOR" models
grep -Eq "^det +cpu +$TEST_TMP/env/det/model.pt2$" "$TEST_TMP/out" &&
    grep -Eq "^det +cpu +./models/det/model.pt2 \(shadowed\)$" "$TEST_TMP/out" &&
    grep -Eq "^default +cpu +./models/default/model.pt2$" "$TEST_TMP/out"
ok $? "models lists names with device keys in discovery order, marking shadowed ones"
[ "$(grep -c '^det ' "$TEST_TMP/out")" -eq 2 ]
ok $? "det/model.pt2 and det.pt2 in one directory are one entry"

MODELS_DIR=$TEST_TMP/env run "$INDUCTOR" models --json
json_get "$TEST_TMP/out" "[(m['name'], m['shadowed'], m['devices'][0]['device_key']) for m in d['models']], len(d['dirs'])" |
    grep -qx "(\[('det', False, 'cpu'), ('default', False, 'cpu'), ('det', True, 'cpu'), ('flat', False, 'cpu')\], 3)"
ok $? "models --json has the same with stable keys and the three directories"

cd "$TEST_TMP" && env -u MODELS_DIR "$INDUCTOR" models >"$TEST_TMP/none.txt"
grep -q "^no models found in ./models, " "$TEST_TMP/none.txt"
ok $? "models says so when it finds none"

finish

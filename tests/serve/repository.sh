#!/bin/sh
# repository.sh - where models come from and what happens when one cannot
# load: KServe's single model (a file, or a directory with one .pt2),
# --model NAME=PATH, a broken package (named in the log, exit 4, or with
# --allow-partial the rest served and that one not ready), settings from
# the environment as for infer, a full queue (503 at once), and one log
# line per request with --log-requests.
. "${INDUCTOR_SRCDIR:-.}/tests/serve/setup.sh"
plan 18

X='{"name":"x","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}'
DET="{\"inputs\":[$X]}"
infer_code() { curl -s -o "$TEST_TMP/body" -w '%{http_code}' "$SERVE_URL/v2/models/$1/infer" -d "$2"; }

# KServe: the model is a file given as the repository.
serve_start "$TEST_TMP/a.log" --model-repository "$FIXTURES/deterministic.pt2"
[ "$(infer_code deterministic "$DET")" = 200 ] &&
    [ "$(json_get "$TEST_TMP/body" "d['outputs'][0]['data'] == [2.5, 5.5, 11]")" = True ]
ok $? "a .pt2 file as the repository serves it under its file name"
serve_stop

# KServe: /mnt/models holding one package, named by --model NAME=DIR.
mkdir -p "$TEST_TMP/mnt"
cp "$FIXTURES/deterministic.pt2" "$TEST_TMP/mnt/model.pt2"
serve_start "$TEST_TMP/b.log" --model "det=$TEST_TMP/mnt" --log-requests
[ "$(infer_code det "$DET")" = 200 ]
ok $? "--model NAME=DIR serves the one .pt2 in DIR as NAME"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/v2/models/det/ready")
serve_stop
[ "$code" = 200 ] && [ "$serve_rc" = 0 ]
ok $? "that model is ready, and SIGTERM exits 0"
n=$(grep -c '^inductor: serve: 127.0.0.1 \(POST\|GET\) /v2/models/det/\(infer\|ready\) 200 ' "$TEST_TMP/b.log")
[ "$n" = 2 ]
ok $? "--log-requests: one line per request ($n)"

mkdir -p "$TEST_TMP/two"
cp "$FIXTURES/deterministic.pt2" "$TEST_TMP/two/a.pt2"
cp "$FIXTURES/deterministic.pt2" "$TEST_TMP/two/b.pt2"
expect_error 4 "expected one \.pt2 package in the directory, found 2" \
    "--model DIR with two packages" -- "$INDUCTOR" serve --model "x=$TEST_TMP/two"
expect_error 4 "model 'a' version 1 is given twice" "a name given twice" -- \
    "$INDUCTOR" serve --model-repository "$TEST_TMP/two" --model "a=$TEST_TMP/two/b.pt2"
mkdir -p "$TEST_TMP/empty"
expect_error 4 "no models" "an empty repository" -- "$INDUCTOR" serve --model-repository "$TEST_TMP/empty"
run "$INDUCTOR" serve --model x.pt2 --port 70000
[ "$rc" = 2 ] && head -n 1 "$TEST_TMP/err" | grep -q '^inductor: error: --port must be from 0 to 65535'
ok $? "a bad --port is a usage error (exit 2)"
INDUCTOR_RUNNERS=zero expect_error 2 "INDUCTOR_RUNNERS: runners" "a bad INDUCTOR_RUNNERS, as for infer" -- \
    "$INDUCTOR" serve --model-repository "$TEST_TMP/two"
printf 'device: cpu\nrunners: 0\n' >"$TEST_TMP/cfg.yaml"
run "$INDUCTOR" serve --config "$TEST_TMP/cfg.yaml" --model-repository "$TEST_TMP/two"
[ "$rc" = 2 ] && grep -q "cfg.yaml:2: runners: expected an integer" "$TEST_TMP/err"
ok $? "a bad --config value is a usage error naming file and line, as for infer"

# A broken package among good ones.
mkdir -p "$TEST_TMP/mixed"
cp "$FIXTURES/deterministic.pt2" "$TEST_TMP/mixed/good.pt2"
echo "not a zip" >"$TEST_TMP/mixed/broken.pt2"
mkdir "$TEST_TMP/mixed/lost+found" # not a model: skipped
"$INDUCTOR" serve --port 0 --model-repository "$TEST_TMP/mixed" >"$TEST_TMP/c.log" 2>&1
rc=$?
[ "$rc" = 4 ] && grep -q "model 'broken' version 1 (.*broken.pt2) failed to load" "$TEST_TMP/c.log"
ok $? "a package that fails to load is named and the server exits 4 (got $rc)"
serve_start "$TEST_TMP/d.log" --model-repository "$TEST_TMP/mixed" --allow-partial
ok $? "--allow-partial starts with the rest (a directory that is no model skipped)"
[ "$(infer_code good "$DET")" = 200 ]
ok $? "the good model answers"
[ "$(infer_code broken "$DET")" = 503 ] && grep -q 'not ready' "$TEST_TMP/body"
ok $? "the broken one: 503, not ready, with the reason ($(cat "$TEST_TMP/body"))"
code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/v2/models/broken/ready")
[ "$code" = 503 ]
ok $? "the broken one's ready endpoint says no ($code)"
serve_stop

# Settings as for infer: INDUCTOR_MODEL names the model when no option does.
INDUCTOR_MODEL=$FIXTURES/deterministic.pt2 serve_start "$TEST_TMP/e.log"
[ "$(infer_code deterministic "$DET")" = 200 ]
ok $? "INDUCTOR_MODEL is served when no --model or --model-repository is given"
serve_stop

# One worker, no queue: concurrent heavy requests beyond it get 503 at once.
if command -v hey >/dev/null 2>&1; then
    OMP_NUM_THREADS=1 serve_start "$TEST_TMP/f.log" --model "tok=$FIXTURES/token_encoder.pt2" \
        --threads 1 --max-queue 0
    "$PYTHON" -c 'import json
n = 64
print(json.dumps({"inputs": [
    {"name": "input_ids", "datatype": "INT64", "shape": [n, 8], "data": [5] * (8 * n)},
    {"name": "attention_mask", "datatype": "BOOL", "shape": [n, 8], "data": [False] * (8 * n)}]}))' \
        >"$TEST_TMP/tok.json"
    hey -n 400 -c 8 -m POST -T application/json -D "$TEST_TMP/tok.json" \
        "$SERVE_URL/v2/models/tok/infer" >"$TEST_TMP/hey" 2>&1
    grep -Eq '^\s*\[503\]' "$TEST_TMP/hey" && grep -Eq '^\s*\[200\]' "$TEST_TMP/hey" &&
        ! grep -Eq '^\s*\[(4..|500)\]' "$TEST_TMP/hey"
    ok $? "a full queue: some requests 503 at once, the rest 200"
    diag "$(sed -n '/Status code/,/^$/p' "$TEST_TMP/hey")"
    code=$(curl -s -o "$TEST_TMP/body" -w '%{http_code}' "$SERVE_URL/metrics")
    grep -Eq '^nv_inference_request_failure\{model="tok",version="1"\} [1-9]' "$TEST_TMP/body"
    ok $? "refused requests count as failures in /metrics"
    serve_stop
else
    skip "hey is not installed"
    skip "hey is not installed"
fi
finish

#!/bin/sh
# conformance.sh - schemathesis against KServe's OpenAPI spec of the REST
# protocol (rest_predict_v2.yaml): generated requests, valid and not, to
# every operation for a bounded time; no 5xx, no crash, and every response
# with a documented status conforms to its schema and content type.
#
# The spec writes path parameters as ${MODEL_NAME}, which OpenAPI reads as
# a literal '$' before the parameter: the spec is run as written (every
# model path unknown: 404) and, rewritten at test time to {MODEL_NAME},
# against a real model and version.
. "${INDUCTOR_SRCDIR:-.}/tests/serve/setup.sh"
plan 5

SPECS=$(kserve_specs)
ST=$(dirname "$PYTHON")/schemathesis
if [ -z "$SPECS" ]; then
    for i in 1 2 3 4 5; do skip "KServe spec not found (\$INDUCTOR_KSERVE_SPECS, or shared/specs/kserve above the source tree)"; done
    exit 0
fi
if [ ! -x "$ST" ]; then
    for i in 1 2 3 4 5; do skip "schemathesis is not installed beside $PYTHON"; done
    exit 0
fi

mkdir -p "$TEST_TMP/repo/m/1"
ln -s "$FIXTURES/two_input.pt2" "$TEST_TMP/repo/m/1/model.pt2"
OMP_NUM_THREADS=1 serve_start "$TEST_TMP/serve.log" --model-repository "$TEST_TMP/repo"
ok $? "the server starts"

CHECKS=not_a_server_error,response_schema_conformance,content_type_conformance
# run NAME SPEC SECONDS: schemathesis from $TEST_TMP/NAME (its config).
run_st() {
    mkdir -p "$TEST_TMP/$1"
    (cd "$TEST_TMP/$1" && timeout $(($3 + 60)) "$ST" run "$2" --url "$SERVE_URL" \
        --max-time "$3" --checks "$CHECKS" --seed 1 >"$TEST_TMP/$1.log" 2>&1)
    st_rc=$?
    [ "$st_rc" -eq 0 ] || diag "schemathesis exit $st_rc:" "$(tail -n 40 "$TEST_TMP/$1.log")"
    grep -E 'generated,' "$TEST_TMP/$1.log" | sed 's/^ */# /'
    return $st_rc
}

run_st literal "$SPECS/rest_predict_v2.yaml" 15
ok $? "the spec as written: no 5xx, responses conform"

mkdir -p "$TEST_TMP/model"
sed 's/\${\([A-Z_]*\)}/{\1}/g' "$SPECS/rest_predict_v2.yaml" >"$TEST_TMP/model/spec.yaml"
printf '[parameters]\nMODEL_NAME = "m"\nMODEL_VERSION = "1"\n' >"$TEST_TMP/model/schemathesis.toml"
run_st model "$TEST_TMP/model/spec.yaml" 45
ok $? "against model m version 1: no 5xx, responses conform"

code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/v2/health/live")
[ "$code" = 200 ] && kill -0 "$SERVE_PID"
ok $? "the server is still up after the run"
serve_stop
[ "$serve_rc" = 0 ]
ok $? "SIGTERM: exit 0"
finish

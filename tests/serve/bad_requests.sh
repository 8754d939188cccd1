#!/bin/sh
# bad_requests.sh - every bad request gets its status and a one-line
# {"error"} naming the problem, and the server is still up after: bad
# JSON, unknown model, wrong datatype, shape against data, binary sizes,
# an oversized body refused before it is read, a client that stalls
# mid-body (closed after --request-timeout, holding no worker), and 500
# idle connections at once.
. "${INDUCTOR_SRCDIR:-.}/tests/serve/setup.sh"
HELPER=$INDUCTOR_SRCDIR/tests/serve/idle_connections.py
plan 21

mkdir -p "$TEST_TMP/repo"
ln -s "$FIXTURES/two_input.pt2" "$TEST_TMP/repo/two_input.pt2"
serve_start "$TEST_TMP/serve.log" --model-repository "$TEST_TMP/repo" \
    --threads 1 --request-timeout 2 --max-request-bytes 100000
ok $? "the server starts"
INFER=$SERVE_URL/v2/models/two_input/infer

# post NAME STATUS REGEX DESCRIPTION -- CURL-ARGS: status and one-line
# JSON error matching REGEX.
post() {
    name=$1 want=$2 regex=$3 desc=$4
    shift 5
    code=$(curl -s -o "$TEST_TMP/$name.body" -w '%{http_code}' "$@")
    if [ "$code" = "$want" ] && [ "$(wc -l <"$TEST_TMP/$name.body")" -eq 0 ] &&
        "$PYTHON" -c 'import json, sys; d = json.load(open(sys.argv[1])); assert list(d) == ["error"]' \
            "$TEST_TMP/$name.body" && grep -Eq -- "$regex" "$TEST_TMP/$name.body"; then
        ok 0 "$desc: $want"
    else
        ok 1 "$desc: $want"
        diag "got $code: $(cat "$TEST_TMP/$name.body")"
    fi
}

X='{"name":"x","datatype":"FP32","shape":[1,4],"data":[1,2,3,4]}'
IDX='{"name":"idx","datatype":"INT64","shape":[1,3],"data":[1,2,3]}'
post json 400 'invalid JSON' "invalid JSON" -- "$INFER" -d '{"inputs": [1,'
post model 404 'unknown model' "unknown model" -- "$SERVE_URL/v2/models/nope/infer" -d "{\"inputs\":[$X]}"
post version 404 'unknown model' "unknown version" -- "$SERVE_URL/v2/models/two_input/versions/7/infer" -d "{\"inputs\":[$X]}"
post dtype 400 "expected datatype INT64, got INT32" "wrong datatype" -- "$INFER" \
    -d "{\"inputs\":[$X,{\"name\":\"idx\",\"datatype\":\"INT32\",\"shape\":[1,3],\"data\":[1,2,3]}]}"
post bytes 400 "BYTES is not supported" "BYTES" -- "$INFER" \
    -d "{\"inputs\":[$X,{\"name\":\"idx\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[\"a\"]}]}"
post shape 400 "shape holds 6 elements, data has 3" "shape against data" -- "$INFER" \
    -d "{\"inputs\":[$X,{\"name\":\"idx\",\"datatype\":\"INT64\",\"shape\":[2,3],\"data\":[1,2,3]}]}"
post model_shape 400 "dimension 1 is 5, expected 4" "a shape the model refuses" -- "$INFER" \
    -d "{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,5],\"data\":[1,2,3,4,5]},$IDX]}"

# Binary: a 16-byte x declared, 12 bytes sent.
HDR="{\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,4],\"parameters\":{\"binary_data_size\":16}},$IDX]}"
printf '%s' "$HDR" >"$TEST_TMP/bin"
printf 'abcdefghijkl' >>"$TEST_TMP/bin"
post binsize 400 "binary_data_size 16 is more than the 12 bytes" "binary size against the body" -- "$INFER" \
    -H "Inference-Header-Content-Length: ${#HDR}" --data-binary @"$TEST_TMP/bin"
# The same body, declaring 12 bytes: right for the body, wrong for x.
HDR2=$(printf '%s' "$HDR" | sed 's/"binary_data_size":16/"binary_data_size":12/')
printf '%s' "$HDR2" >"$TEST_TMP/bin2"
printf 'abcdefghijkl' >>"$TEST_TMP/bin2"
post binshape2 400 "binary_data_size 12 does not match" "binary size against shape and datatype" -- "$INFER" \
    -H "Inference-Header-Content-Length: ${#HDR2}" --data-binary @"$TEST_TMP/bin2"
post hcl 400 "Inference-Header-Content-Length 99999 is more than" "Inference-Header-Content-Length beyond the body" -- "$INFER" \
    -H "Inference-Header-Content-Length: 99999" --data-binary @"$TEST_TMP/bin"

status=$(timeout 20 "$PYTHON" "$HELPER" oversize "$SERVE_PORT" /v2/models/two_input/infer 100000)
echo "$status" | grep -q ' 413 '
ok $? "a declared Content-Length over --max-request-bytes: 413 before the body ($status)"

head -c 150000 /dev/zero | tr '\0' ' ' >"$TEST_TMP/big"
post chunked 413 "over the limit of 100000 bytes" "a chunked body over --max-request-bytes" -- \
    "$INFER" -H "Transfer-Encoding: chunked" --data-binary @"$TEST_TMP/big"

# A stalled client holds no worker (one worker here): others are answered
# while it stalls, and it is cut off after --request-timeout.
timeout 60 "$PYTHON" "$HELPER" stall "$SERVE_PORT" /v2/models/two_input/infer >"$TEST_TMP/stall" &
STALL=$!
sleep 0.5
code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$INFER" -d "{\"inputs\":[$X,$IDX]}")
[ "$code" = 200 ]
ok $? "answered while another client stalls mid-body ($code)"
wait $STALL
grep -Eq 'closed after [1-9] s' "$TEST_TMP/stall"
ok $? "the stalled connection is closed after the request timeout ($(cat "$TEST_TMP/stall"))"

status=$(timeout 60 "$PYTHON" "$HELPER" idle "$SERVE_PORT" 500)
[ "$status" = 200 ]
ok $? "500 idle connections at once: a request is still answered ($status)"

code=$(curl -s -o /dev/null -w '%{http_code}' "$SERVE_URL/v2/nothing")
[ "$code" = 404 ]
ok $? "an unknown endpoint: 404"
code=$(curl -s -o /dev/null -w '%{http_code}' -X DELETE "$SERVE_URL/v2/models/two_input")
[ "$code" = 405 ]
ok $? "a wrong method: 405"

code=$(curl -s -o "$TEST_TMP/ok" -w '%{http_code}' "$INFER" -d "{\"inputs\":[$X,$IDX]}")
[ "$code" = 200 ] && json_get "$TEST_TMP/ok" "d['outputs'][1]['data']" | grep -qx '\[4, 7, 10\]'
ok $? "after all that, the server still answers correctly"
kill -0 "$SERVE_PID" 2>/dev/null
ok $? "the server process is still running"
serve_stop
[ "$serve_rc" = 0 ]
ok $? "SIGTERM: exit 0 (got $serve_rc)"
finish

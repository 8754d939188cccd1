#!/bin/sh
# load.sh - 8 concurrent clients x 2000 requests each (hey, keep-alive):
# no errors, answers under load identical to the same requests made one
# at a time, and memory that does not grow: RSS after the run within 10%
# of RSS after the first 100 requests.
. "${INDUCTOR_SRCDIR:-.}/tests/serve/setup.sh"
plan 6

if ! command -v hey >/dev/null 2>&1; then
    for i in 1 2 3 4 5 6; do skip "hey is not installed (load generator)"; done
    exit 0
fi

mkdir -p "$TEST_TMP/repo"
ln -s "$FIXTURES/two_input.pt2" "$TEST_TMP/repo/two_input.pt2"
OMP_NUM_THREADS=1 serve_start "$TEST_TMP/serve.log" \
    --model-repository "$TEST_TMP/repo" --runners 2 --max-queue 64
ok $? "the server starts"
INFER=$SERVE_URL/v2/models/two_input/infer
rss() { awk '/^VmRSS:/ {print $2}' "/proc/$SERVE_PID/status"; }

printf '%s' '{"inputs":[{"name":"x","datatype":"FP32","shape":[2,4],"data":[0.5,-1,1.5,2,-0.25,0.75,1,-2]},{"name":"idx","datatype":"INT64","shape":[2,3],"data":[0,1,2,3,4,5]}]}' \
    >"$TEST_TMP/body.json"
# hey sends n/c requests per client: 96 here.
hey -n 100 -c 8 -m POST -T application/json -D "$TEST_TMP/body.json" "$INFER" >"$TEST_TMP/warm" 2>&1
RSS0=$(rss)

# Answers to varied requests, one at a time, then again under load.
"$PYTHON" - "$SERVE_PORT" "$TEST_TMP/single.json" single <<'PY' &
import json, sys, random, urllib.request
port, path, mode = sys.argv[1:4]
def ask(i):
    r = random.Random(i)
    b = 1 + i % 4
    body = {"id": str(i), "inputs": [
        {"name": "x", "datatype": "FP32", "shape": [b, 4],
         "data": [r.uniform(-3, 3) for _ in range(4 * b)]},
        {"name": "idx", "datatype": "INT64", "shape": [b, 3],
         "data": [r.randint(-9, 9) for _ in range(3 * b)]}]}
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v2/models/two_input/infer",
                                 data=json.dumps(body).encode(), method="POST")
    return urllib.request.urlopen(req, timeout=60).read().decode()
json.dump([ask(i) for i in range(200)], open(path, "w"))
PY
wait $!

"$PYTHON" - "$SERVE_PORT" "$TEST_TMP/single.json" "$TEST_TMP/check" <<'PY' &
import json, sys, random, threading, urllib.request
port, single, out = sys.argv[1:4]
want = json.load(open(single))
bad = []
def ask(i):
    r = random.Random(i)
    b = 1 + i % 4
    body = {"id": str(i), "inputs": [
        {"name": "x", "datatype": "FP32", "shape": [b, 4],
         "data": [r.uniform(-3, 3) for _ in range(4 * b)]},
        {"name": "idx", "datatype": "INT64", "shape": [b, 3],
         "data": [r.randint(-9, 9) for _ in range(3 * b)]}]}
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v2/models/two_input/infer",
                                 data=json.dumps(body).encode(), method="POST")
    return urllib.request.urlopen(req, timeout=60).read().decode()
def run(k):
    for i in range(k, 200, 2):
        try:
            got = ask(i)
        except Exception as e:
            bad.append(f"{i}: {e}")
            continue
        if got != want[i]:
            bad.append(f"{i}: differs")
ts = [threading.Thread(target=run, args=(k,)) for k in range(2)]
[t.start() for t in ts]
[t.join() for t in ts]
open(out, "w").write("\n".join(bad) + ("\n" if bad else ""))
PY
CHECK=$!
start=$(date +%s.%N)
hey -n 16000 -c 8 -m POST -T application/json -D "$TEST_TMP/body.json" "$INFER" >"$TEST_TMP/hey" 2>&1
end=$(date +%s.%N)
wait $CHECK
RSS1=$(rss)

grep -Eq '^\s*\[200\]\s+16000 responses' "$TEST_TMP/hey" && ! grep -q 'Error distribution' "$TEST_TMP/hey"
ok $? "16000 requests from 8 clients: all 200, no errors"
[ "$?" -eq 0 ] || diag "$(sed -n '/Status code/,$p' "$TEST_TMP/hey")"
diag "$(grep -E 'Requests/sec|Average|99%' "$TEST_TMP/hey")"
[ -f "$TEST_TMP/check" ] && [ ! -s "$TEST_TMP/check" ]
ok $? "200 varied requests made during the load are answered as when made alone"
[ -s "$TEST_TMP/check" ] && diag "$(head -5 "$TEST_TMP/check")"
diag "RSS after 100 requests: $RSS0 kB, after the run: $RSS1 kB"
[ "$RSS1" -le $((RSS0 + RSS0 / 10)) ]
ok $? "RSS after the run within 10% of RSS after the first 100 requests"
n=$(curl -s "$SERVE_URL/metrics" | sed -n 's/^nv_inference_request_success{model="two_input",version="1"} //p')
[ "$n" = $((96 + 200 + 200 + 16000)) ]
ok $? "metrics count every request ($n)"
serve_stop
[ "$serve_rc" = 0 ]
ok $? "SIGTERM after the load: exit 0"
finish

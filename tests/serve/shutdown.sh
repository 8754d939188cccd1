#!/bin/sh
# shutdown.sh - SIGTERM under load: the server stops accepting, answers
# every request it had accepted (none reset or dropped), exits 0, and
# leaves no extraction staging behind in its cache.  SIGINT likewise.
. "${INDUCTOR_SRCDIR:-.}/tests/serve/setup.sh"
plan 10

export INDUCTOR_CACHE_DIR=$TEST_TMP/cache
mkdir -p "$TEST_TMP/repo"
ln -s "$FIXTURES/token_encoder.pt2" "$TEST_TMP/repo/tok.pt2"
OMP_NUM_THREADS=1 serve_start "$TEST_TMP/serve.log" \
    --model-repository "$TEST_TMP/repo" --runners 2 --threads 2 --grace 30
ok $? "the server starts"

# 8 clients on keep-alive connections, each sending one request after
# another until the server refuses a new connection.  A request sent and
# then not answered (reset, closed) is a failure.
"$PYTHON" - "$SERVE_PORT" "$TEST_TMP/clients" <<'PY' &
import http.client, json, sys, threading, time
port, out = int(sys.argv[1]), sys.argv[2]
body = json.dumps({"inputs": [
    {"name": "input_ids", "datatype": "INT64", "shape": [16, 8], "data": [3] * 128},
    {"name": "attention_mask", "datatype": "BOOL", "shape": [16, 8], "data": [False] * 128}]})
stats = {"answered": 0, "not_200": 0, "refused": 0, "dropped": 0}
lock = threading.Lock()
def client():
    deadline = time.time() + 60
    conn = None
    while time.time() < deadline:
        if conn is None:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.connect()
            except ConnectionRefusedError:
                with lock:
                    stats["refused"] += 1
                return
        try:
            conn.request("POST", "/v2/models/tok/infer", body,
                         {"Content-Type": "application/json"})
            r = conn.getresponse()
            r.read()
        except (http.client.HTTPException, OSError):
            with lock:
                stats["dropped"] += 1
            conn.close()
            conn = None
            continue
        with lock:
            stats["answered"] += 1
            stats["not_200"] += r.status != 200
        if r.getheader("Connection", "").lower() == "close":
            conn.close()
            conn = None
ts = [threading.Thread(target=client) for _ in range(8)]
[t.start() for t in ts]
[t.join() for t in ts]
json.dump(stats, open(out, "w"))
PY
CLIENTS=$!
sleep 2
kill -TERM "$SERVE_PID"
wait "$SERVE_PID"
rc=$?
SERVE_PID=
wait $CLIENTS
[ "$rc" = 0 ]
ok $? "SIGTERM under load: exit 0 (got $rc)"
diag "clients: $(cat "$TEST_TMP/clients")"
[ "$(json_get "$TEST_TMP/clients" "d['dropped']")" = 0 ]
ok $? "no accepted request was dropped or reset"
[ "$(json_get "$TEST_TMP/clients" "d['answered'] > 0 and d['not_200'] == 0")" = True ]
ok $? "every answer was a 200"
[ "$(json_get "$TEST_TMP/clients" "d['refused']")" = 8 ]
ok $? "after SIGTERM, new connections are refused"
grep -q 'SIGTERM: finishing the requests in flight' "$TEST_TMP/serve.log" &&
    grep -q 'serve: stopped' "$TEST_TMP/serve.log"
ok $? "the log tells the drain and the stop"
[ -z "$(find "$INDUCTOR_CACHE_DIR" -name '.staging-*' 2>/dev/null)" ] &&
    [ -n "$(ls "$INDUCTOR_CACHE_DIR" 2>/dev/null)" ]
ok $? "the cache holds the entry and no staging directory"

serve_start "$TEST_TMP/serve2.log" --model-repository "$TEST_TMP/repo"
kill -INT "$SERVE_PID"
wait "$SERVE_PID"
rc=$?
SERVE_PID=
[ "$rc" = 0 ] && grep -q 'SIGINT' "$TEST_TMP/serve2.log"
ok $? "SIGINT when idle: exit 0 (got $rc)"

# SIGTERM while the models load (cold cache): the model being loaded
# finishes, the rest are not started, exit 0, and no staging is left.
export INDUCTOR_CACHE_DIR=$TEST_TMP/cache2
mkdir -p "$TEST_TMP/many"
for m in deterministic two_input kwargs_dict half_io token_encoder serve_dtypes; do
    ln -s "$FIXTURES/$m.pt2" "$TEST_TMP/many/$m.pt2"
done
"$INDUCTOR" serve --port 0 --model-repository "$TEST_TMP/many" >"$TEST_TMP/serve3.log" 2>&1 &
pid=$!
i=0
while [ $i -lt 300 ] && ! grep -q 'listening on' "$TEST_TMP/serve3.log"; do
    sleep 0.05
    i=$((i + 1))
done
kill -TERM $pid
wait $pid
rc=$?
[ "$rc" = 0 ] && grep -Eq 'SIGTERM (while loading: stopped|: finishing)' "$TEST_TMP/serve3.log"
ok $? "SIGTERM during loading: exit 0 (got $rc)"
diag "$(grep -c 'loaded model' "$TEST_TMP/serve3.log") of 6 models loaded before it"
[ -z "$(find "$INDUCTOR_CACHE_DIR" -name '.staging-*' 2>/dev/null)" ]
ok $? "no staging directory left in the cache"
finish

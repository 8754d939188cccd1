#!/bin/sh
# runtime_serve.sh - the real `inductor serve` started as
# packaging/kserve/servingruntime.yaml starts it: the runtime's args and
# env, its /mnt/models holding one package as the storage initializer
# leaves it, its cache on a 0777 "emptyDir".  The runtime's own probe paths
# answer 200, the Prometheus path answers, and a v2 infer request gives the
# package's known outputs.  Only the port (a free one) and the directories
# (under a temporary root) differ from the pod.  Skipped until
# `inductor serve` is built (src/serve).
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

N=5
plan $N
skip_all() {
    while [ $tap_n -lt $N ]; do skip "$1"; done
    finish
}
"$INDUCTOR" serve --help >/dev/null 2>&1 ||
    skip_all "inductor serve is not built yet (src/serve, another branch)"
"$PYTHON" -c 'import yaml' 2>/dev/null ||
    skip_all "$PYTHON lacks pyyaml (scripts/install-deps.sh installs it)"
command -v curl >/dev/null 2>&1 || skip_all "no curl"

POD=$TEST_TMP/pod
port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

# The runtime's command line and environment, re-rooted under $POD, one
# argument a line; and its probe and metrics paths.
"$PYTHON" - "$INDUCTOR_SRCDIR/packaging/kserve/servingruntime.yaml" "$POD" "$port" \
    "$TEST_TMP/args" "$TEST_TMP/env" "$TEST_TMP/paths" "$TEST_TMP/mounts" <<'PY'
import sys, yaml
src, pod, port, args_out, env_out, paths_out, mounts_out = sys.argv[1:]
d = yaml.safe_load(open(src))
c = d["spec"]["containers"][0]
reroot = lambda v: pod + v if v.startswith("/") else v
args = [port if a == "8080" else reroot(a) if a.startswith("/") else a for a in c["args"]]
open(args_out, "w").write("\n".join(args) + "\n")
open(env_out, "w").write("".join(f"{e['name']}={reroot(e['value'])}\n" for e in c["env"]))
open(paths_out, "w").write("\n".join([c["livenessProbe"]["httpGet"]["path"],
                                      c["readinessProbe"]["httpGet"]["path"],
                                      d["spec"]["annotations"]["prometheus.kserve.io/path"]]) + "\n")
open(mounts_out, "w").write("".join(pod + m["mountPath"] + "\n" for m in c["volumeMounts"]))
PY
[ $? -eq 0 ] || skip_all "could not read the runtime"
# The emptyDirs, as the kubelet makes them.
while read -r m; do
    mkdir -p "$m" && chmod 0777 "$m"
done <"$TEST_TMP/mounts"
mkdir -p "$POD/mnt/models"
cp "$FIXTURES/deterministic.pt2" "$POD/mnt/models/model.pt2"
live=$(sed -n 1p "$TEST_TMP/paths")
ready=$(sed -n 2p "$TEST_TMP/paths")
metrics=$(sed -n 3p "$TEST_TMP/paths")

# The pod's environment only.
set --
while read -r a; do set -- "$@" "$a"; done <"$TEST_TMP/args"
envs=
while read -r e; do envs="$envs $e"; done <"$TEST_TMP/env"
# shellcheck disable=SC2086
env -i PATH=/usr/bin:/bin $envs "$INDUCTOR" serve "$@" >"$TEST_TMP/srv.out" 2>"$TEST_TMP/srv.err" &
pid=$!
trap 'kill -KILL $pid 2>/dev/null; rm -rf "$TEST_TMP"' EXIT
diag "inductor serve $*"

get() { curl -s -o "$TEST_TMP/body" -w '%{http_code}' "http://127.0.0.1:$port$1" 2>/dev/null; }
up=
for i in $(seq 1 150); do
    [ "$(get "$ready")" = 200 ] && { up=1; break; }
    kill -0 $pid 2>/dev/null || break
    sleep 0.2
done
[ -n "$up" ]
ok $? "readiness probe path $ready answers 200 once the model is loaded"
[ -n "$up" ] || diag "$(tail -5 "$TEST_TMP/srv.err")"
[ "$(get "$live")" = 200 ]
ok $? "liveness probe path $live answers 200"
[ "$(get "$metrics")" = 200 ] && grep -q '^# ' "$TEST_TMP/body"
ok $? "Prometheus path $metrics answers 200 with metrics"

code=$(curl -s -o "$TEST_TMP/resp" -w '%{http_code}' -H 'Content-Type: application/json' \
    -d '{"inputs": [{"name": "x", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}]}' \
    "http://127.0.0.1:$port/v2/models/model/infer" 2>/dev/null)
[ "$code" = 200 ] &&
    [ "$(json_get "$TEST_TMP/resp" "d['outputs'][0]['data'] == [2.5, 5.5, 11.0] and d['outputs'][0]['datatype'] == 'FP32'")" = True ]
ok $? "POST /v2/models/model/infer gives [2.5, 5.5, 11] (HTTP $code)"
[ "$code" = 200 ] || diag "$(head -c 300 "$TEST_TMP/resp")"

cache=$(sed -n 's/^INDUCTOR_CACHE_DIR=//p' "$TEST_TMP/env")
[ "$(stat -c %a "$cache" 2>/dev/null)" = 700 ] && [ -n "$(ls "$cache")" ] &&
    ! grep -q 'warning' "$TEST_TMP/srv.err"
ok $? "the model was cached in the runtime's private cache directory, no warning"

kill -TERM $pid 2>/dev/null
for i in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
finish

# setup.sh - sourced by the server's shell tests: tests/cli/setup.sh's TAP
# helpers, plus starting `inductor serve` on a free loopback port.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

SERVE_PID=
SERVE_PORT=
SERVE_URL=

# serve_start LOG ARGS...: starts the server on a port the kernel picks
# (--port 0) and waits until it says it is ready; sets SERVE_PID,
# SERVE_PORT and SERVE_URL.  Returns 1 if it exits or is not ready in
# 180 s (models load before ready).
serve_start() {
    log=$1
    shift
    "$INDUCTOR" serve --port 0 "$@" >"$log" 2>&1 &
    SERVE_PID=$!
    i=0
    while [ $i -lt 1800 ]; do
        if ! kill -0 "$SERVE_PID" 2>/dev/null; then
            diag "server exited:" "$(cat "$log")"
            return 1
        fi
        SERVE_PORT=$(sed -n 's|^inductor: serve: ready on http://[^ ]*:\([0-9][0-9]*\) .*|\1|p' "$log")
        if [ -n "$SERVE_PORT" ]; then
            SERVE_URL=http://127.0.0.1:$SERVE_PORT
            return 0
        fi
        sleep 0.1
        i=$((i + 1))
    done
    diag "server not ready after 180 s:" "$(cat "$log")"
    return 1
}

# serve_stop: SIGTERM, then waits; $serve_rc is its exit status.
serve_stop() {
    serve_rc=
    [ -n "$SERVE_PID" ] || return 0
    kill -TERM "$SERVE_PID" 2>/dev/null
    wait "$SERVE_PID"
    serve_rc=$?
    SERVE_PID=
}

# A server left running by a failed test must not outlive it.
serve_cleanup() {
    [ -z "$SERVE_PID" ] || kill -KILL "$SERVE_PID" 2>/dev/null
    rm -rf "$TEST_TMP"
}
trap serve_cleanup EXIT

# The KServe spec directory, or empty: found as the KServe packaging
# tests find it ($INDUCTOR_KSERVE_SPECS, else shared/specs/kserve above the
# source tree).
kserve_specs() {
    . "$INDUCTOR_SRCDIR/tests/kserve/find_specs.sh"
    [ -n "$KSERVE_SPECS" ] && [ -f "$KSERVE_SPECS/rest_predict_v2.yaml" ] &&
        echo "$KSERVE_SPECS"
}

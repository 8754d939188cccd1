#!/bin/sh
# unit.sh - packaging/systemd/inductor-serve.service as built: the
# installed paths substituted, `systemd-analyze verify` silent (it exits 0
# even on unknown keys, so any output fails), the hardening options there
# and `systemd-analyze security` scoring it OK, the settings file agreeing
# with the unit, and the cache usable in the layout DynamicUser gives it.
# systemd-analyze works offline: no systemd as PID 1 is needed.  Starting
# the real server with the unit's command line needs `inductor serve`.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

UNIT=${INDUCTOR_SERVE_UNIT:?the built inductor-serve.service}
DEFAULTS=${INDUCTOR_SERVE_DEFAULTS:?the built default/inductor-serve}
BINDIR=${INDUCTOR_BINDIR:?}
SYSCONFDIR=${INDUCTOR_SYSCONFDIR:?}

N=17
plan $N

# key NAME: the values of NAME= in the unit, one a line.
key() { sed -n "s/^$1=//p" "$UNIT"; }

[ -f "$UNIT" ] && ! grep -n '@[a-z_]*@' "$UNIT" &&
    [ "$(key ExecStart)" = "$BINDIR/inductor serve \$INDUCTOR_SERVE_ARGS" ]
ok $? "ExecStart is the installed $BINDIR/inductor serve \$INDUCTOR_SERVE_ARGS; no @var@ left"

### systemd-analyze

if command -v systemd-analyze >/dev/null 2>&1; then
    # verify wants ExecStart's program to exist: a copy runs the built one.
    mkdir -p "$TEST_TMP/u" "$TEST_TMP/bad"
    sed "s|^ExecStart=$BINDIR/inductor |ExecStart=$INDUCTOR |" "$UNIT" >"$TEST_TMP/u/inductor-serve.service"
    # verify_quiet FILE: verify succeeds and has nothing to say.
    verify_quiet() {
        systemd-analyze verify --man=no "$1" >"$TEST_TMP/verify" 2>&1 && [ ! -s "$TEST_TMP/verify" ]
    }
    verify_quiet "$TEST_TMP/u/inductor-serve.service"
    st=$?
    ok $st "systemd-analyze verify finds nothing to say"
    [ $st -eq 0 ] || diag "$(cat "$TEST_TMP/verify")"

    # broken NAME SED: a copy edited by SED is not verified quietly.
    broken() {
        sed "$2" "$TEST_TMP/u/inductor-serve.service" >"$TEST_TMP/bad/inductor-serve.service"
        ! cmp -s "$TEST_TMP/u/inductor-serve.service" "$TEST_TMP/bad/inductor-serve.service" &&
            ! verify_quiet "$TEST_TMP/bad/inductor-serve.service"
        ok $? "a copy with $1 is caught by systemd-analyze verify"
        diag "$(cat "$TEST_TMP/verify")"
    }
    broken "a misspelt key (ProtectSytem=)" 's/^ProtectSystem=/ProtectSytem=/'
    broken "a bad value (ProtectSystem=strictest)" 's/^ProtectSystem=strict$/ProtectSystem=strictest/'

    systemd-analyze security --offline=yes "$TEST_TMP/u/inductor-serve.service" >"$TEST_TMP/sec" 2>&1
    score=$(sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p' "$TEST_TMP/sec")
    [ -n "$score" ] && awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'
    ok $? "systemd-analyze security --offline: exposure ${score:-?} <= 2.0"
    [ -n "$score" ] || diag "$(tail -5 "$TEST_TMP/sec")"
else
    for i in 1 2 3 4; do skip "no systemd-analyze (apt package systemd)"; done
fi

### The unit's settings

# has KEY VALUE: the unit sets KEY=VALUE.
has() { key "$1" | grep -qxF -- "$2"; }
has DynamicUser yes && has NoNewPrivileges yes && has ProtectSystem strict &&
    has ProtectHome yes && has PrivateTmp yes && has PrivateDevices yes &&
    has SystemCallFilter @system-service && has CapabilityBoundingSet ''
ok $? "DynamicUser, NoNewPrivileges, ProtectSystem=strict, ProtectHome, PrivateTmp, PrivateDevices, @system-service, no capabilities"

has RestrictAddressFamilies 'AF_INET AF_INET6 AF_UNIX'
ok $? "RestrictAddressFamilies: IP and Unix sockets only"

[ -z "$(key MemoryDenyWriteExecute)" ]
ok $? "no MemoryDenyWriteExecute"

# Why not: under the same rule, set by the kernel (PR_SET_MDWE), the
# model's library cannot be loaded.  AOTInductor marks it as needing an
# executable stack, which dlopen() grants by making the stack executable.
# Should this ever load, the unit can set MemoryDenyWriteExecute=yes.
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/in.json"
run "${INDUCTOR_MDWE_EXEC:?}" env INDUCTOR_CACHE_DIR="$TEST_TMP/mdwe-cache" \
    "$INDUCTOR" infer --model "$FIXTURES/deterministic.pt2" --input "$TEST_TMP/in.json"
if [ "$rc" -eq 77 ]; then
    skip "the kernel has no PR_SET_MDWE (Linux 6.3+): $(cat "$TEST_TMP/err")"
else
    [ "$rc" -eq 4 ] && grep -q 'executable stack' "$TEST_TMP/err"
    ok $? "under memory-deny-write-execute the model cannot be loaded (exit $rc: needs an executable stack)"
    diag "$(cat "$TEST_TMP/err")"
fi

has Documentation 'man:inductor-serve(1)' &&
    has EnvironmentFile "-$SYSCONFDIR/default/inductor-serve"
ok $? "Documentation=man:inductor-serve(1); optional settings file $SYSCONFDIR/default/inductor-serve"

cache=$(key Environment | sed -n 's/^INDUCTOR_CACHE_DIR=//p')
has CacheDirectory inductor-serve && has CacheDirectoryMode 0700 &&
    [ "$cache" = "%C/inductor-serve/models" ]
ok $? "cache: CacheDirectory=inductor-serve (0700), INDUCTOR_CACHE_DIR one level below it"

### The settings file

# What systemd would set: the unit's default, then the file's (quotes off).
unit_args=$(key Environment | sed -n 's/^"INDUCTOR_SERVE_ARGS=\(.*\)"$/\1/p')
file_args=$(sed -n 's/^INDUCTOR_SERVE_ARGS="\(.*\)"$/\1/p' "$DEFAULTS")
[ -n "$unit_args" ] && [ "$unit_args" = "$file_args" ]
ok $? "the settings file's INDUCTOR_SERVE_ARGS is the unit's default ($file_args)"

words=" $file_args "
case $words in *" --host 127.0.0.1 "*) true ;; *) false ;; esac &&
    case $words in *" --port 8080 "*) true ;; *) false ;; esac &&
    case $words in *" --model-repository /"*) true ;; *) false ;; esac
ok $? "by default it serves this machine only (127.0.0.1), on 8080, from a model repository"

### The cache in the layout DynamicUser makes

# /var/cache/inductor-serve is a link to private/inductor-serve (0700).
C=$TEST_TMP/var/cache
mkdir -p "$C/private/inductor-serve" && chmod 0700 "$C/private" "$C/private/inductor-serve" &&
    ln -s private/inductor-serve "$C/inductor-serve"
in_service() {
    run env -i PATH=/usr/bin:/bin INDUCTOR_CACHE_DIR="$1" \
        "$INDUCTOR" infer --model "$FIXTURES/deterministic.pt2" --input "$TEST_TMP/in.json"
}
in_service "$(echo "$cache" | sed "s|%C|$C|")"
[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/err" ] &&
    [ "$(json_get "$TEST_TMP/out" "d['outputs'][0]['data'] == [2.5, 5.5, 11.0]")" = True ] &&
    [ "$(stat -c %a "$C/private/inductor-serve/models")" = 700 ] &&
    [ -n "$(ls "$C/private/inductor-serve/models")" ]
ok $? "with the unit's INDUCTOR_CACHE_DIR under DynamicUser's link, infer works and caches, no warning"
[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/err" ] || diag "exit $rc:" "$(cat "$TEST_TMP/err")"

in_service "$C/inductor-serve"
[ "$rc" -eq 0 ] && grep -q 'is a symbolic link' "$TEST_TMP/err"
ok $? "the CacheDirectory path itself would be refused (a symbolic link): hence one level below"
diag "$(cat "$TEST_TMP/err")"

### The real server with the unit's command line

if "$INDUCTOR" serve --help >/dev/null 2>&1; then
    # The settings file's arguments, with a free port and a repository
    # holding the test package.
    mkdir -p "$TEST_TMP/repo" && cp "$FIXTURES/deterministic.pt2" "$TEST_TMP/repo/"
    port=$("$PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    args=$(echo "$file_args" | sed -e "s|--port 8080|--port $port|" \
        -e "s|--model-repository [^ ]*|--model-repository $TEST_TMP/repo|")
    # shellcheck disable=SC2086
    env -i PATH=/usr/bin:/bin INDUCTOR_CACHE_DIR="$TEST_TMP/srvcache" \
        "$INDUCTOR" serve $args >"$TEST_TMP/srv.out" 2>"$TEST_TMP/srv.err" &
    pid=$!
    ready=
    for i in $(seq 1 100); do
        code=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/ready" 2>/dev/null)
        [ "$code" = 200 ] && { ready=1; break; }
        kill -0 $pid 2>/dev/null || break
        sleep 0.2
    done
    live=$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/v2/health/live" 2>/dev/null)
    [ -n "$ready" ] && [ "$live" = 200 ]
    ok $? "inductor serve $args: /v2/health/ready and /live answer 200"
    [ -n "$ready" ] || diag "$(tail -5 "$TEST_TMP/srv.err")"
    kill -TERM $pid 2>/dev/null
    # TimeoutStopSec=30s: it must be gone well within that.
    for i in $(seq 1 100); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
    ! kill -0 $pid 2>/dev/null
    gone=$?
    ok $gone "on SIGTERM (systemctl stop) it exits within 10 s"
    [ $gone -eq 0 ] || kill -KILL $pid 2>/dev/null
    wait $pid 2>/dev/null
else
    skip "inductor serve is not built yet (src/serve, another branch)"
    skip "inductor serve is not built yet (src/serve, another branch)"
fi

finish

#!/bin/sh
# signal_cleanup.sh - SIGTERM or SIGINT while `inductor infer` extracts a
# package into its cache: the process dies of the signal (exit 128+N, as
# the shell expects), its staging directory is removed, and no half-made
# cache entry is left for the next run.  The same holds for the temporary
# directory a model gets when the cache is not used (INDUCTOR_NO_CACHE=1).
# Then a run that is not interrupted extracts the same package into a
# complete entry.
#
# The package is the two-input fixture plus a 192 MiB stored entry of
# random bytes, so that extraction lasts long enough to be interrupted: the
# test waits for the staging directory to appear, then sends the signal.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

plan 8

big=$TEST_TMP/big.pt2
"$PYTHON" - "$FIXTURES/two_input.pt2" "$big" <<'EOF'
import os, sys, zipfile
src, dst = sys.argv[1:]
with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
    for info in zin.infolist():
        zout.writestr(info, zin.read(info.filename))
    model_dir = next(os.path.dirname(n) for n in zin.namelist()
                     if n.endswith(".wrapper_metadata.json") or n.endswith(".so"))
    chunk = os.urandom(1 << 20)
    with zout.open(model_dir + "/padding.bin", "w", force_zip64=True) as f:
        for _ in range(192):
            f.write(chunk)
EOF
ok $? "a 192 MiB package made from the two-input fixture"

# interrupt SIG CACHE: starts infer on the big package with its cache in
# CACHE, sends SIG once the staging directory exists, and sets $rc to the
# exit status and $caught to 1 if the signal was sent during extraction.
interrupt() {
    sig=$1 cache=$2 caught=0
    # `env --default-signal`: a background job of a non-interactive shell
    # starts with SIGINT ignored, and inductor keeps ignored signals ignored.
    INDUCTOR_CACHE_DIR=$cache env --default-signal="$sig" "$INDUCTOR" infer \
        --model "$big" --random --seed 1 >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
    pid=$!
    i=0
    while [ $i -lt 6000 ] && kill -0 "$pid" 2>/dev/null; do
        if ls -d "$cache"/.staging-* >/dev/null 2>&1; then
            kill -s "$sig" "$pid" && caught=1
            break
        fi
        sleep 0.01
        i=$((i + 1))
    done
    wait "$pid" 2>/dev/null  # dash reports the job's death on stderr
    rc=$?
}

# leftovers CACHE: what is in CACHE besides nothing (names, one per line).
leftovers() { ls -A "$1" 2>/dev/null; }

for sig in TERM INT; do
    case $sig in TERM) want=143 ;; INT) want=130 ;; esac
    cache=$TEST_TMP/cache-$sig
    interrupt "$sig" "$cache"
    [ "$caught" -eq 1 ] && [ "$rc" -eq "$want" ]
    ok $? "SIG$sig during extraction: inductor dies of it (exit $want)"
    [ "$caught" -eq 1 ] || diag "the staging directory never appeared (exit $rc)"
    [ "$rc" -eq "$want" ] || diag "exit status $rc; stderr:" "$(cat "$TEST_TMP/err")"
    left=$(leftovers "$cache")
    [ "$caught" -eq 1 ] && [ -z "$left" ]
    ok $? "SIG$sig: no staging directory and no half-made entry are left"
    [ -z "$left" ] || diag "left in the cache: $left"
done

# The temporary directory of a model loaded without the cache goes too.
tmp=$TEST_TMP/tmp
mkdir "$tmp"
INDUCTOR_NO_CACHE=1 TMPDIR=$tmp "$INDUCTOR" infer --model "$big" --random \
    --seed 1 >"$TEST_TMP/out" 2>"$TEST_TMP/err" &
pid=$!
caught=0 i=0
while [ $i -lt 6000 ] && kill -0 "$pid" 2>/dev/null; do
    if [ -n "$(ls -A "$tmp")" ]; then
        kill -s TERM "$pid" && caught=1
        break
    fi
    sleep 0.01
    i=$((i + 1))
done
wait "$pid" 2>/dev/null
rc=$?
[ "$caught" -eq 1 ] && [ "$rc" -eq 143 ] && [ -z "$(ls -A "$tmp")" ]
ok $? "INDUCTOR_NO_CACHE=1, SIGTERM while extracting: its temporary directory is removed"
[ -z "$(ls -A "$tmp")" ] || diag "left in \$TMPDIR: $(ls -A "$tmp")"

cache=$TEST_TMP/cache-whole
INDUCTOR_CACHE_DIR=$cache "$INDUCTOR" infer --model "$big" --random --seed 1 \
    >"$TEST_TMP/out" 2>"$TEST_TMP/err"
rc=$?
entries=$(leftovers "$cache")
[ "$rc" -eq 0 ] && [ "$(echo "$entries" | wc -l)" -eq 1 ] &&
    case $entries in .*) false ;; esac
ok $? "an uninterrupted run extracts it into one complete entry"
[ "$rc" -eq 0 ] || diag "exit status $rc; stderr:" "$(cat "$TEST_TMP/err")"
find "$cache" -name padding.bin -size +191M | grep -q .
ok $? "that entry holds the whole 192 MiB file"

finish

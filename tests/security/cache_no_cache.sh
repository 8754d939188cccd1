#!/bin/sh
# cache_no_cache.sh - INDUCTOR_NO_CACHE=1: the model loads from a
# temporary directory of its own, nothing is written to the cache, and no
# temporary directory outlives the process, also when SIGTERM kills it
# with the model loaded.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/cache_setup.sh"

export INDUCTOR_CACHE_DIR=$TEST_TMP/cache TMPDIR=$TEST_TMP/tmp
mkdir "$TMPDIR"
plan 4

infer_pkg INDUCTOR_NO_CACHE=1 && [ ! -s "$TEST_TMP/err" ]
ok $? "INDUCTOR_NO_CACHE=1: inference is right, with no warning"
[ ! -e "$INDUCTOR_CACHE_DIR" ]
ok $? "no cache directory is created"
[ -z "$(ls -A "$TMPDIR")" ]
ok $? "no temporary directory is left after exit"

# A batch run keeps the model loaded between requests: answer one, then
# SIGTERM while it waits for the next.
mkfifo "$TEST_TMP/requests"
INDUCTOR_NO_CACHE=1 "$INDUCTOR" infer --model "$PKG" --batch - \
    <"$TEST_TMP/requests" >"$TEST_TMP/answers" 2>"$TEST_TMP/err" &
pid=$!
exec 3<>"$TEST_TMP/requests" # read-write: never blocks, even if the program died
cat "$TEST_TMP/in.json" >&3
i=0
while [ $i -lt 600 ] && ! grep -q outputs "$TEST_TMP/answers"; do
    sleep 0.1
    i=$((i + 1))
done
loaded=$(ls -A "$TMPDIR")
kill -TERM "$pid"
wait "$pid" 2>/dev/null
rc=$?
exec 3>&-
[ -n "$loaded" ] && [ "$rc" -eq 143 ] && [ -z "$(ls -A "$TMPDIR")" ]
ok $? "killed by SIGTERM with the model loaded: its temporary directory is removed"
[ -n "$loaded" ] || diag "no temporary directory while loaded; stderr:" "$(cat "$TEST_TMP/err")"
[ -z "$(ls -A "$TMPDIR")" ] || diag "left in \$TMPDIR: $(ls -A "$TMPDIR")"

finish

#!/bin/sh
# cache_command.sh - `inductor cache list|prune|clear` over a real cache:
# entries with their sources, pruning to a size, clearing, an entry that a
# running process has loaded is never removed, and a cache directory that
# is not private is refused with nothing in it touched.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

export INDUCTOR_CACHE_DIR=$TEST_TMP/cache
unset INDUCTOR_NO_CACHE INDUCTOR_CACHE_MAX_BYTES
DET=$FIXTURES/deterministic.pt2
TWO=$FIXTURES/two_input.pt2
GOOD=$TEST_TMP/good.json
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$GOOD"
plan 11

run "$INDUCTOR" cache list
[ "$rc" -eq 0 ] && grep -qx "entries: 0" "$TEST_TMP/out"
ok $? "a cache that does not exist yet is empty"

"$INDUCTOR" infer --model "$DET" --input "$GOOD" >/dev/null &&
    "$INDUCTOR" infer --model "$TWO" --input "$FIXTURES/two_input.input.json" >/dev/null
run "$INDUCTOR" cache list --json
json_get "$TEST_TMP/out" "(d['num_entries'], sorted(e['source'] for e in d['entries']), all(len(e['key']) == 64 and e['bytes'] > 0 and not e['in_use'] for e in d['entries']))" |
    grep -qx "(2, \['$DET', '$TWO'\], True)"
ok $? "list --json: two entries, SHA-256 keys, sizes and their packages"
after_model_runs
run "$INDUCTOR" cache list
grep -qx "entries: 2" "$TEST_TMP/out" && grep -q "  -  *$DET$" "$TEST_TMP/out"
ok $? "list as text"

# A model held open: infer --batch reading from a FIFO keeps it loaded.
mkfifo "$TEST_TMP/fifo"
"$INDUCTOR" infer --model "$DET" --batch "$TEST_TMP/fifo" >"$TEST_TMP/batch.out" &
pid=$!
exec 3<>"$TEST_TMP/fifo" # read-write: never blocks, even if the program died
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >&3
# Until it answers (the model loads in ~20 s under valgrind, on a loaded
# machine much more), or dies.
i=0
while [ ! -s "$TEST_TMP/batch.out" ] && kill -0 $pid 2>/dev/null && [ $i -lt 6000 ]; do
    sleep 0.1
    i=$((i + 1))
done
run "$INDUCTOR" cache list --json
json_get "$TEST_TMP/out" "sorted((e['source'], e['in_use']) for e in d['entries'])" |
    grep -qx "\[('$DET', True), ('$TWO', False)\]"
ok $? "list shows the entry a running process has loaded as in use"

after_model_runs
run "$INDUCTOR" cache clear --json
json_get "$TEST_TMP/out" "d['removed']" | grep -qx 1
ok $? "clear removes the one entry not in use"
after_model_runs
run "$INDUCTOR" cache list --json
json_get "$TEST_TMP/out" "[e['source'] for e in d['entries']]" | grep -qx "\['$DET'\]"
ok $? "... and keeps the one in use"
# A program that has not opened the FIFO by now would block in open()
# for ever once our end is closed: stop it instead (the case then fails).
[ -s "$TEST_TMP/batch.out" ] || kill -TERM $pid 2>/dev/null
exec 3>&-
wait $pid
st=$?
after_model_runs
ok $st "the process that held it finished its request normally"

"$INDUCTOR" infer --model "$TWO" --input "$FIXTURES/two_input.input.json" >/dev/null
run "$INDUCTOR" cache prune --max-bytes 1 --json
json_get "$TEST_TMP/out" "(d['removed'], d['freed_bytes'] > 0)" | grep -qx "(2, True)"
ok $? "prune --max-bytes 1 removes every entry not in use"

"$INDUCTOR" infer --model "$DET" --input "$GOOD" >/dev/null
chmod 777 "$INDUCTOR_CACHE_DIR"
expect_error 4 "not private|writable by" "a cache directory writable by others is refused" -- \
    "$INDUCTOR" cache clear
[ "$(ls "$INDUCTOR_CACHE_DIR" | wc -l)" -eq 1 ]
ok $? "... and nothing in it is touched"
chmod 700 "$INDUCTOR_CACHE_DIR"

run "$INDUCTOR" cache frobnicate
[ "$rc" -eq 2 ] && head -n 1 "$TEST_TMP/err" | grep -q "^inductor: error: cache: expected one action"
ok $? "an unknown action is a usage error (exit 2)"

finish

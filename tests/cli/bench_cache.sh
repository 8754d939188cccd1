#!/bin/sh
# bench_cache.sh - the extraction cache behind inductor_model_open(): a
# repeated load is a reported cache hit, the entry is keyed by content,
# concurrent loads make one entry, a damaged entry is extracted again, the
# cache directory follows INDUCTOR_CACHE_DIR, XDG_CACHE_HOME and HOME (in
# that order), and INDUCTOR_NO_CACHE=1 or an unusable directory still loads
# (from a temporary directory; the latter with a warning).  What may not be
# a cache directory is tested in tests/security/cache_*.sh.
# Cache hits are read from `bench --json` (load.cache_used, load.cache_hit),
# never inferred from timings.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/deterministic.pt2
plan 16

cache_state() { # prints "used hit" from a bench run with the current env
    "$INDUCTOR" bench --model "${2:-$PKG}" --random --warmup 0 --iterations 1 --json \
        >"$TEST_TMP/state.json" 2>"$TEST_TMP/state.err" || { cat "$TEST_TMP/state.err" >&2; echo fail; return; }
    json_get "$TEST_TMP/state.json" "'%d %d' % (d['load']['cache_used'], d['load']['cache_hit'])"
}
entries() { # the entries (not staging or stale dirs) under DIR
    ls -A "$1" 2>/dev/null | grep -v '^\.' | wc -l
}
infer_out() { # the deterministic model's output data on [1, 2, 3, 4]
    echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' |
        "$INDUCTOR" infer --model "$PKG" --input - >"$TEST_TMP/io.json" &&
        json_get "$TEST_TMP/io.json" "d['outputs'][0]['data'] == [2.5, 5.5, 11.0]"
}

unset XDG_CACHE_HOME INDUCTOR_NO_CACHE
export INDUCTOR_CACHE_DIR="$TEST_TMP/c1"
[ "$(cache_state)" = "1 0" ]
ok $? "the first load extracts into the cache (cache_used 1, cache_hit 0)"
[ "$(cache_state)" = "1 1" ]
ok $? "the second load is a cache hit"
[ "$(entries "$INDUCTOR_CACHE_DIR")" -eq 1 ] && [ -f "$INDUCTOR_CACHE_DIR"/*/.inductor-cache ]
ok $? "one entry with its marker file"
[ "$(stat -c %a "$INDUCTOR_CACHE_DIR")" = 700 ] && [ "$(stat -c %a "$INDUCTOR_CACHE_DIR"/*)" = 700 ]
ok $? "the cache and its entries are private (mode 0700)"
[ "$(infer_out)" = True ]
ok $? "a model loaded from the cache gives the known outputs"

cp "$PKG" "$TEST_TMP/renamed copy.pt2"
[ "$(cache_state x "$TEST_TMP/renamed copy.pt2")" = "1 1" ]
ok $? "the key is the content: a copy under another name hits the same entry"
[ "$(cache_state x "$FIXTURES/two_input.pt2")" = "1 0" ] && [ "$(entries "$INDUCTOR_CACHE_DIR")" -eq 2 ]
ok $? "another package gets its own entry"

find "$INDUCTOR_CACHE_DIR" -name '*.so' -exec sh -c ': >"$1"' sh {} \;
[ "$(cache_state)" = "1 0" ] && [ "$(infer_out)" = True ] && [ "$(cache_state)" = "1 1" ]
ok $? "a truncated library in an entry is detected and extracted again"
for m in "$INDUCTOR_CACHE_DIR"/*/.inductor-cache; do echo garbage >"$m"; done
[ "$(cache_state)" = "1 0" ] && [ "$(cache_state)" = "1 1" ]
ok $? "a damaged marker is detected and the entry extracted again"
ls -A "$INDUCTOR_CACHE_DIR" | grep -q '^\.' && diag "left over: $(ls -A "$INDUCTOR_CACHE_DIR")"
[ $? -ne 0 ]
ok $? "no staging or stale directories are left behind"

export INDUCTOR_CACHE_DIR="$TEST_TMP/race"
pids=
for i in 1 2 3 4 5 6; do
    "$INDUCTOR" bench --model "$PKG" --random --warmup 0 --iterations 1 --json \
        >"$TEST_TMP/race$i.json" 2>&1 &
    pids="$pids $!"
done
failed=0
for p in $pids; do wait "$p" || failed=1; done
[ "$failed" -eq 0 ] && [ "$(entries "$INDUCTOR_CACHE_DIR")" -eq 1 ] &&
    ! ls -A "$INDUCTOR_CACHE_DIR" | grep -q '^\.staging'
ok $? "six concurrent first loads all succeed and leave exactly one entry"

unset INDUCTOR_CACHE_DIR
export XDG_CACHE_HOME="$TEST_TMP/xdg"
[ "$(cache_state)" = "1 0" ] && [ "$(entries "$XDG_CACHE_HOME/inductor")" -eq 1 ]
ok $? "without INDUCTOR_CACHE_DIR the cache is \$XDG_CACHE_HOME/inductor"
unset XDG_CACHE_HOME
(export HOME="$TEST_TMP/home"; [ "$(cache_state)" = "1 0" ] &&
    [ "$(entries "$HOME/.cache/inductor")" -eq 1 ])
ok $? "without XDG_CACHE_HOME it is \$HOME/.cache/inductor"
(export HOME="$TEST_TMP/home2" XDG_CACHE_HOME="$TEST_TMP/xdg2" \
    INDUCTOR_CACHE_DIR="$TEST_TMP/explicit"; [ "$(cache_state)" = "1 0" ] &&
    [ "$(entries "$INDUCTOR_CACHE_DIR")" -eq 1 ] && [ ! -e "$XDG_CACHE_HOME" ] &&
    [ ! -e "$HOME" ])
ok $? "INDUCTOR_CACHE_DIR wins over XDG_CACHE_HOME and HOME"

(export INDUCTOR_NO_CACHE=1 INDUCTOR_CACHE_DIR="$TEST_TMP/off";
    [ "$(cache_state)" = "0 0" ] && [ ! -e "$INDUCTOR_CACHE_DIR" ] &&
    [ "$(infer_out)" = True ])
ok $? "INDUCTOR_NO_CACHE=1 loads without the cache and creates nothing"
: >"$TEST_TMP/a-file"
(export INDUCTOR_CACHE_DIR="$TEST_TMP/a-file/cache"; [ "$(cache_state)" = "0 0" ] &&
    [ "$(wc -l <"$TEST_TMP/state.err")" -eq 1 ] &&
    grep -q "^inductor: warning: cache directory $INDUCTOR_CACHE_DIR: Not a directory: extracted into a temporary directory for this run\$" "$TEST_TMP/state.err")
ok $? "an unusable cache directory is not an error: one warning, and the model loads without it"
finish

#!/bin/sh
# cache_tmp_fallback.sh - with none of INDUCTOR_CACHE_DIR, XDG_CACHE_HOME
# and HOME set (env -i), the cache is never $TMPDIR/inductor-cache-UID,
# which anyone could have made first: an entry planted there never runs
# and nothing is written there.  (The cache is then the user database's
# home directory + /.cache/inductor; an entry this test adds there is
# removed at the end.)
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/plant.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/cache_setup.sh"

plan 5

plant_so "$TEST_TMP/evil.so" "$MARK" && learn_entry
ok $? "the package's real cache entry, and a library that writes $MARK when loaded"

tmp=$TEST_TMP/tmp
fallback=$tmp/inductor-cache-$(id -u)
plant_entry "$fallback" && chmod 777 "$fallback"
if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    chown -R nobody "$fallback" # as another user would have made it
fi
before=$(snapshot "$fallback")
home=$(getent passwd "$(id -u)" | cut -d: -f6)
had=no
[ -n "$home" ] && [ -e "$home/.cache/inductor/$KEY" ] && had=yes

run env -i PATH="$PATH" TMPDIR="$tmp" "$INDUCTOR" infer --model "$PKG" \
    --input "$TEST_TMP/in.json"
[ "$rc" -eq 0 ] &&
    [ "$(json_get "$TEST_TMP/out" "d['outputs'][0]['data'] == [2.5, 5.5, 11.0]")" = True ]
ok $? "env -i: inference is right"
[ "$rc" -eq 0 ] || diag "exit status $rc; stderr:" "$(cat "$TEST_TMP/err")"
[ ! -e "$MARK" ]
ok $? "the entry planted in \$TMPDIR/inductor-cache-UID never runs"
[ "$(snapshot "$fallback")" = "$before" ]
ok $? "nothing is written into \$TMPDIR/inductor-cache-UID"
[ "$(ls -A "$tmp")" = "inductor-cache-$(id -u)" ]
ok $? "nothing else is left in \$TMPDIR"

if [ -n "$home" ] && [ -e "$home/.cache/inductor/$KEY" ]; then
    diag "the entry went to $home/.cache/inductor"
    [ "$had" = yes ] || rm -rf "${home:?}/.cache/inductor/$KEY"
fi
finish

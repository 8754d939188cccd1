#!/bin/sh
# cache_stale_staging.sh - staging directories left by a crashed
# extraction (.staging-*, .stale-*) are removed by the next run that opens
# the cache once they are older than an hour; a fresh one, maybe another
# process's extraction in progress, is kept.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/cache_setup.sh"

export INDUCTOR_CACHE_DIR=$TEST_TMP/cache
plan 3

mkdir -m 700 "$INDUCTOR_CACHE_DIR" &&
    for d in .staging-old .stale-old .staging-new; do
        mkdir -p "$INDUCTOR_CACHE_DIR/$d/sub" && echo x >"$INDUCTOR_CACHE_DIR/$d/sub/f"
    done &&
    touch -d '2 hours ago' "$INDUCTOR_CACHE_DIR/.staging-old" "$INDUCTOR_CACHE_DIR/.stale-old"
infer_pkg
ok $? "a run with leftover staging directories in the cache"
[ ! -e "$INDUCTOR_CACHE_DIR/.staging-old" ] && [ ! -e "$INDUCTOR_CACHE_DIR/.stale-old" ]
ok $? "staging directories older than an hour are removed"
[ -f "$INDUCTOR_CACHE_DIR/.staging-new/sub/f" ]
ok $? "a fresh staging directory is kept"

finish

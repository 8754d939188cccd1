#!/bin/sh
# cache_limit.sh - INDUCTOR_CACHE_MAX_BYTES bounds the cache: after each
# extraction the least recently used entries are evicted (last use = the
# last load, a cache hit included) until it fits, never the one just used.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/cache_setup.sh"

plan 4

# Three packages with the same files and different zip comments: other
# file sizes, so other keys, and entries of the same size.
"$PYTHON" - "$PKG" "$TEST_TMP" <<'PY'
import shutil, sys, zipfile
src, out = sys.argv[1:]
for i in (1, 2, 3):
    dst = "%s/p%d.pt2" % (out, i)
    shutil.copyfile(src, dst)
    with zipfile.ZipFile(dst, "a") as z:
        z.comment = b"x" * i
PY
ok $? "three packages that differ only in their zip comment"

# entries: the packages the entries in the cache came from, sorted.
entries() {
    for d in "$INDUCTOR_CACHE_DIR"/*/; do
        [ -d "$d" ] && basename "$(cat "$d/.inductor-source" 2>/dev/null || echo "$d?")"
    done | sort | tr '\n' ' '
}

export INDUCTOR_CACHE_DIR=$TEST_TMP/c1 INDUCTOR_CACHE_MAX_BYTES=1
for p in p1 p2 p3; do MODEL=$TEST_TMP/$p.pt2 infer_pkg || diag "$p: $(cat "$TEST_TMP/err")"; done
[ "$(entries)" = "p3.pt2 " ]
ok $? "a limit below one entry: only the one just used remains"
[ "$(entries)" = "p3.pt2 " ] || diag "entries: $(entries)"

export INDUCTOR_CACHE_DIR=$TEST_TMP/c2
unset INDUCTOR_CACHE_MAX_BYTES
MODEL=$TEST_TMP/p1.pt2 infer_pkg && MODEL=$TEST_TMP/p2.pt2 infer_pkg &&
    MODEL=$TEST_TMP/p1.pt2 infer_pkg # a hit: p1 is now the most recent
size=$(du -s -B1 "$INDUCTOR_CACHE_DIR"/*/ | awk 'NR == 1 { print $1 }')
[ "$(entries)" = "p1.pt2 p2.pt2 " ] && [ "$size" -gt 0 ]
ok $? "without a limit two packages keep two entries"
export INDUCTOR_CACHE_MAX_BYTES=$((size * 5 / 2))
MODEL=$TEST_TMP/p3.pt2 infer_pkg
[ "$(entries)" = "p1.pt2 p3.pt2 " ]
ok $? "room for two entries: the least recently used one (p2) is evicted"
[ "$(entries)" = "p1.pt2 p3.pt2 " ] || diag "entries: $(entries)"

finish

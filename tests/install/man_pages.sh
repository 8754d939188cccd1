#!/bin/sh
# man_pages.sh - every command has a man page; each renders with man-db and
# groff without a warning, has a NAME line whatis can index, and documents
# every option that the program's --help lists.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

pages=$INDUCTOR_MAN_PAGES
plan $((2 + 4 * $(echo $pages | wc -w)))

# The page as built (build tree) or as shipped (source tree).
locate() {
    if [ -f "$INDUCTOR_BUILDDIR/$1" ]; then echo "$INDUCTOR_BUILDDIR/$1"
    else echo "$INDUCTOR_SRCDIR/$1"; fi
}

"$INDUCTOR" --help | sed -n '/^Commands:/,/^$/s/^  \([a-z][a-z0-9-]*\) .*/\1/p' \
    >"$TEST_TMP/commands"
missing=
for c in $(cat "$TEST_TMP/commands"); do
    echo " $pages " | grep -q " man/inductor-$c.1 " || missing="$missing $c"
done
[ -s "$TEST_TMP/commands" ] && [ -z "$missing" ]
ok $? "every command in 'inductor --help' has a page in INDUCTOR_MAN_PAGES (mk/dist.am)"
[ -z "$missing" ] || diag "no page for:$missing"

stale=
for p in $pages; do
    c=$(basename "$p" .1 | sed 's/^inductor-\{0,1\}//')
    [ -z "$c" ] || grep -qx "$c" "$TEST_TMP/commands" || stale="$stale $p"
done
[ -z "$stale" ]
ok $? "every page documents a command that exists"
[ -z "$stale" ] || diag "stale:$stale"

for p in $pages; do
    f=$(locate "$p")
    page=$(basename "$p" .1)
    c=$(echo "$page" | sed 's/^inductor-\{0,1\}//')

    MANWIDTH=80 LC_ALL=C man --warnings -l "$f" >"$TEST_TMP/rendered" 2>"$TEST_TMP/warn"
    [ $? -eq 0 ] && [ ! -s "$TEST_TMP/warn" ] && [ -s "$TEST_TMP/rendered" ]
    ok $? "$page.1 renders with 'man --warnings -l' and no warning"
    [ -s "$TEST_TMP/warn" ] && diag "$(head -5 "$TEST_TMP/warn")"

    groff -ww -man -z "$f" >"$TEST_TMP/warn" 2>&1
    [ $? -eq 0 ] && [ ! -s "$TEST_TMP/warn" ]
    ok $? "$page.1 passes 'groff -ww -man -z' silently"
    [ -s "$TEST_TMP/warn" ] && diag "$(head -5 "$TEST_TMP/warn")"

    lexgrog "$f" 2>&1 | grep -q "\"$page - ."
    ok $? "$page.1 has a NAME line whatis can index ($page - ...)"

    # Every long option of the command's --help appears in the page.
    if [ -z "$c" ]; then "$INDUCTOR" --help; else "$INDUCTOR" "$c" --help; fi |
        grep -o -- '--[a-z][a-z0-9-]*' | sort -u >"$TEST_TMP/options"
    absent=
    for o in $(cat "$TEST_TMP/options"); do
        grep -q -- "$o" "$TEST_TMP/rendered" || absent="$absent $o"
    done
    [ -s "$TEST_TMP/options" ] && [ -z "$absent" ] &&
        grep -q "inductor $INDUCTOR_VERSION" "$TEST_TMP/rendered"
    ok $? "$page.1 documents every option of --help and version $INDUCTOR_VERSION"
    [ -z "$absent" ] || diag "not in the page:$absent"
done

finish

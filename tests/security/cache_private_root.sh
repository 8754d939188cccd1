#!/bin/sh
# cache_private_root.sh - a cache directory that another user owns, that
# group or others may write, or that is a symbolic link is never used:
# the model loads from a temporary directory with one warning line, an
# entry planted there under the package's own key never runs, and nothing
# is written into it.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/plant.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/cache_setup.sh"

export TMPDIR=$TEST_TMP/tmp
mkdir "$TMPDIR"
plan 13

plant_so "$TEST_TMP/evil.so" "$MARK" && learn_entry
ok $? "the package's real cache entry, and a library that writes $MARK when loaded"

# refused ROOT REGEX WHAT: a load with the cache in ROOT (holding a planted
# entry) warns with REGEX, runs nothing planted and writes nothing there.
refused() {
    root=$1 regex=$2 what=$3
    before=$(snapshot "$root")
    infer_pkg INDUCTOR_CACHE_DIR="$root"
    ok $? "$what: inference is still right"
    [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] &&
        grep -Eq "^inductor: warning: cache directory $root $regex: extracted into a temporary directory for this run\$" "$TEST_TMP/err"
    ok $? "$what: one warning line says why"
    [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] || diag "stderr:" "$(cat "$TEST_TMP/err")"
    [ ! -e "$MARK" ]
    ok $? "$what: the entry planted there never runs"
    [ "$(snapshot "$root")" = "$before" ] && [ -z "$(ls -A "$TMPDIR")" ]
    ok $? "$what: nothing is written into it (and no temporary directory is left)"
    rm -f "$MARK"
}

if [ "$(id -u)" -eq 0 ] && id nobody >/dev/null 2>&1; then
    plant_entry "$TEST_TMP/theirs" && chown -R nobody "$TEST_TMP/theirs" &&
        chmod 755 "$TEST_TMP/theirs"
    refused "$TEST_TMP/theirs" "is owned by uid $(id -u nobody), not 0" \
        "a cache directory owned by nobody"
else
    for i in 1 2 3 4; do skip "making a directory of another user needs root"; done
fi

plant_entry "$TEST_TMP/open" && chmod 777 "$TEST_TMP/open"
refused "$TEST_TMP/open" "is writable by group or others \\(mode 0777\\)" \
    "a cache directory of mode 0777"

plant_entry "$TEST_TMP/real" && chmod 700 "$TEST_TMP/real" &&
    ln -s real "$TEST_TMP/link"
refused "$TEST_TMP/link" "is a symbolic link" \
    "a cache directory that is a symbolic link"

finish

#!/bin/sh
# reproducible.sh - the bundle tarball is reproducible: fixed owner, one
# mtime (SOURCE_DATE_EPOCH), sorted names, normalised modes, so a second
# `make bundle` from another staging directory, another umask and another
# time gives the same bytes.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

N=5
plan $N
if [ "${INDUCTOR_SKIP_PACKAGING:-}" = 1 ]; then
    i=0
    while [ $i -lt $N ]; do
        skip "INDUCTOR_SKIP_PACKAGING=1 (make distcheck): the bundle test is a full bundle build"
        i=$((i + 1))
    done
    finish
fi

tar --numeric-owner --full-time -tvJf "$INDUCTOR_BUNDLE" >"$TEST_TMP/list"
ok $? "the bundle tarball lists"
awk '$2 != "0/0" { bad = 1 } END { exit bad }' "$TEST_TMP/list" && [ -s "$TEST_TMP/list" ]
ok $? "every entry is owned by 0/0"
mtimes=$(awk '{ print $4, $5 }' "$TEST_TMP/list" | sort -u)
[ "$(echo "$mtimes" | wc -l)" -eq 1 ]
ok $? "every entry has the same mtime ($mtimes)"

# Each directory's entries in byte order (tar --sort=name).
tar -tJf "$INDUCTOR_BUNDLE" | awk '
    { path = $0; sub(/\/$/, "", path); dir = path; sub(/\/[^\/]*$/, "", dir)
      if (dir in last && last[dir] > path) { print "unsorted: " path; bad = 1 }
      last[dir] = path }
    END { exit bad }' >"$TEST_TMP/unsorted"
ok $? "entries are sorted by name within each directory"
[ -s "$TEST_TMP/unsorted" ] && diag "$(head -5 "$TEST_TMP/unsorted")"

# Two more bundles, uncompressed (xz is deterministic; compare the tar
# streams): another staging directory, another umask, a later time.
epoch=$(date -d "$mtimes" +%s)
bundle_tar() { # OUTPUT UMASK
    (
        umask "$2"
        unset MAKEFLAGS MFLAGS MAKELEVEL
        SOURCE_DATE_EPOCH=$epoch "$MAKE" -s -C "$INDUCTOR_BUILDDIR" bundle \
            BUNDLE_TARBALL="$1" BUNDLE_XZ=cat
    ) >"$TEST_TMP/make.out" 2>&1
}
bundle_tar "$TEST_TMP/first.tar" 022
sleep 1
bundle_tar "$TEST_TMP/again.tar" 077
cmp "$TEST_TMP/first.tar" "$TEST_TMP/again.tar" >"$TEST_TMP/cmp" 2>&1
ok $? "a second make bundle (umask 077, SOURCE_DATE_EPOCH=$epoch) gives the same bytes"
if [ -s "$TEST_TMP/cmp" ]; then
    diag "$(cat "$TEST_TMP/cmp")"
    grep -q '^ *\(CC\|CXX\|CCLD\|CXXLD\) ' "$TEST_TMP/make.out" &&
        diag "the second make bundle recompiled: sources changed during the test"
fi

finish

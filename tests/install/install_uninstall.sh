#!/bin/sh
# install_uninstall.sh - `make install` (with DESTDIR, and with prefix=)
# installs a program that runs, a library and header a C program can use
# through the .pc (tests/install/memory_open.c: a package opened from
# memory, its signature, a run; under valgrind where installed), and a man
# page per command; `make uninstall` removes every file again.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

plan 13

# mk ARGS...: make in the build tree, quietly, output in $TEST_TMP/make.out.
mk() {
    (
        unset MAKEFLAGS MFLAGS MAKELEVEL
        "$MAKE" -s -C "$INDUCTOR_BUILDDIR" "$@"
    ) >"$TEST_TMP/make.out" 2>&1
}

# expected_files ROOT: the installed paths, one a line, below ROOT.
expected_files() {
    echo "$1$INDUCTOR_BINDIR/inductor"
    echo "$1$INDUCTOR_LIBDIR/libinductor.so"
    echo "$1$INDUCTOR_LIBDIR/libinductor.so.0"
    echo "$1$INDUCTOR_LIBDIR/pkgconfig/inductor.pc"
    echo "$1$INDUCTOR_INCLUDEDIR/inductor.h"
    echo "$1$INDUCTOR_INCLUDEDIR/inductor_version.h"
    for p in $INDUCTOR_MAN_PAGES; do
        echo "$1$INDUCTOR_MANDIR/man1/$(basename "$p")"
    done
}

missing_files() { # ROOT
    expected_files "$1" | while read -r f; do
        [ -e "$f" ] || echo "$f"
    done
}

cat >"$TEST_TMP/app.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <inductor.h>
int main(void)
{
    printf("%s\n", inductor_version());
    return strcmp(inductor_version(), INDUCTOR_VERSION_STRING) != 0;
}
EOF

D=$TEST_TMP/dest
mk install DESTDIR="$D"
st=$?
ok $st "make install DESTDIR=... succeeds"
[ $st -eq 0 ] || diag "$(tail -5 "$TEST_TMP/make.out")"

missing_files "$D" >"$TEST_TMP/missing"
[ ! -s "$TEST_TMP/missing" ]
ok $? "program, library, headers, inductor.pc and $(echo $INDUCTOR_MAN_PAGES | wc -w) man pages are installed"
[ -s "$TEST_TMP/missing" ] && diag "missing:" "$(cat "$TEST_TMP/missing")"

run env LD_LIBRARY_PATH="$D$INDUCTOR_LIBDIR" "$D$INDUCTOR_BINDIR/inductor" --version
[ "$rc" -eq 0 ] && grep -qx "inductor $INDUCTOR_VERSION" "$TEST_TMP/out"
ok $? "the installed program runs and reports version $INDUCTOR_VERSION"

flags=$(PKG_CONFIG_PATH="$D$INDUCTOR_LIBDIR/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D" \
    pkg-config --cflags --libs inductor) &&
    cc -o "$TEST_TMP/app" "$TEST_TMP/app.c" $flags 2>"$TEST_TMP/cc.err" &&
    run env LD_LIBRARY_PATH="$D$INDUCTOR_LIBDIR" "$TEST_TMP/app" &&
    [ "$rc" -eq 0 ] && grep -qx "$INDUCTOR_VERSION" "$TEST_TMP/out"
ok $? "a C program builds with the installed inductor.pc and header, and runs"
[ -s "$TEST_TMP/cc.err" ] && diag "$(cat "$TEST_TMP/cc.err")"

# The model API through the installed library alone: open from memory,
# the signature, a run on zeros, everything freed.  libtorch's directory is
# on the library path for hosts where the library's rpath does not reach it.
lib_path="$D$INDUCTOR_LIBDIR${LIBTORCH_LIBDIR:+:$LIBTORCH_LIBDIR}"
flags=$(PKG_CONFIG_PATH="$D$INDUCTOR_LIBDIR/pkgconfig" PKG_CONFIG_SYSROOT_DIR="$D" \
    pkg-config --cflags --libs inductor) &&
    cc -o "$TEST_TMP/memory_open" "$INDUCTOR_SRCDIR/tests/install/memory_open.c" \
        $flags 2>"$TEST_TMP/cc.err"
built=$?
ok $built "tests/install/memory_open.c builds with the installed inductor.pc"
[ -s "$TEST_TMP/cc.err" ] && diag "$(cat "$TEST_TMP/cc.err")"

run env LD_LIBRARY_PATH="$lib_path" INDUCTOR_CACHE_DIR="$TEST_TMP/cache" \
    "$TEST_TMP/memory_open" "$FIXTURES/two_input.pt2"
[ "$built" -eq 0 ] && [ "$rc" -eq 0 ] && grep -qx "ok 2 inputs 2 outputs" "$TEST_TMP/out"
ok $? "it opens two_input.pt2 from memory, reads its signature and runs it"
[ "$rc" -eq 0 ] || diag "exit status $rc:" "$(cat "$TEST_TMP/err")"

# Valgrind 3.19 cannot decode AVX-512, which the fixtures are compiled for
# on hosts that have it: on x86_64 it gets check-valgrind's AVX2 fixture
# (made here if missing) and libtorch's AVX2 kernels, as there.
memcheck_fixture() {
    if [ "$(uname -m)" != x86_64 ]; then
        echo "$FIXTURES/two_input.pt2"
        return 0
    fi
    TORCHINDUCTOR_CPP_MARCH=x86-64-v3 ATEN_CPU_CAPABILITY=avx2 \
        mk tests/fixtures-valgrind/two_input.pt2 FIXTURE_DIR=tests/fixtures-valgrind &&
        echo "$INDUCTOR_BUILDDIR/tests/fixtures-valgrind/two_input.pt2"
}
if ! command -v valgrind >/dev/null 2>&1; then
    skip "valgrind is not installed: memory_open is not run under memcheck"
elif ! fixture=$(memcheck_fixture); then
    ok 1 "memory_open runs clean under valgrind memcheck"
    diag "cannot export the valgrind fixture:" "$(tail -5 "$TEST_TMP/make.out")"
else
    run env LD_LIBRARY_PATH="$lib_path" INDUCTOR_CACHE_DIR="$TEST_TMP/cache" \
        ATEN_CPU_CAPABILITY=avx2 valgrind --error-exitcode=99 --leak-check=full \
        --errors-for-leak-kinds=definite \
        --suppressions="$INDUCTOR_SRCDIR/tests/valgrind.supp" \
        "$TEST_TMP/memory_open" "$fixture"
    [ "$built" -eq 0 ] && [ "$rc" -eq 0 ]
    ok $? "memory_open runs clean under valgrind memcheck (no errors, no definite leaks)"
    [ "$rc" -eq 0 ] || diag "exit status $rc:" "$(tail -20 "$TEST_TMP/err")"
fi

mk uninstall DESTDIR="$D"
ok $? "make uninstall DESTDIR=... succeeds"
find "$D" ! -type d >"$TEST_TMP/left"
[ ! -s "$TEST_TMP/left" ]
ok $? "make uninstall leaves no file or link behind (only empty directories)"
[ -s "$TEST_TMP/left" ] && diag "left behind:" "$(cat "$TEST_TMP/left")"

# prefix=: only meaningful when every directory follows the prefix (a
# configure --libdir=/usr/lib64 would install outside it).  Paths written
# into files at configure or build time (inductor.pc, the models directory)
# keep the configured prefix, as the GNU Coding Standards allow.
P=$TEST_TMP/prefix
case "$INDUCTOR_BINDIR:$INDUCTOR_LIBDIR:$INDUCTOR_INCLUDEDIR:$INDUCTOR_MANDIR" in
"$INDUCTOR_PREFIX"/*:"$INDUCTOR_PREFIX"/*:"$INDUCTOR_PREFIX"/*:"$INDUCTOR_PREFIX"/*)
    rel() { echo "$P${1#"$INDUCTOR_PREFIX"}"; }
    mk install prefix="$P"
    st=$?
    ok $st "make install prefix=... succeeds"
    [ $st -eq 0 ] || diag "$(tail -5 "$TEST_TMP/make.out")"
    missing=
    for f in "$(rel "$INDUCTOR_BINDIR")/inductor" "$(rel "$INDUCTOR_LIBDIR")/libinductor.so.0" \
        "$(rel "$INDUCTOR_INCLUDEDIR")/inductor.h" "$(rel "$INDUCTOR_MANDIR")/man1/inductor.1"; do
        [ -e "$f" ] || missing="$missing $f"
    done
    [ -z "$missing" ]
    ok $? "program, library, header and man pages go below the new prefix"
    [ -z "$missing" ] || diag "missing:$missing"
    run env LD_LIBRARY_PATH="$(rel "$INDUCTOR_LIBDIR")" "$(rel "$INDUCTOR_BINDIR")/inductor" --version
    ok $rc "the program installed below the new prefix runs"
    mk uninstall prefix="$P"
    find "$P" ! -type d >"$TEST_TMP/left"
    [ ! -s "$TEST_TMP/left" ]
    ok $? "make uninstall prefix=... leaves no file behind"
    [ -s "$TEST_TMP/left" ] && diag "left behind:" "$(cat "$TEST_TMP/left")"
    ;;
*)
    for i in 1 2 3 4; do
        skip "configured directories do not all follow the prefix ($INDUCTOR_PREFIX)"
    done
    ;;
esac

finish

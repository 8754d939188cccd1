#!/bin/sh
# check-in-tree.sh - the other way of building: a copy of the tracked
# source tree in build-intree/, configured in place (`./configure && make`,
# as from a git checkout or an unpacked tarball), built, and a few tests
# run whose behaviour depends on where the build is: the generated
# gengetopt parsers and man pages, the convenience library, and the
# configure tests' handling of a tree configured in place.  A CI suite of
# scripts/check.sh (about 2 minutes on 2 cores); the main suite builds in
# build/, a separate directory.
#
#   VENV=.venv            the venv whose Python detects libtorch
#   INTREE=build-intree   where the copy goes (removed first)
set -u

cd "$(dirname "$0")/.."
SRC=$(pwd)
VENV=${VENV:-.venv}
INTREE=${INTREE:-build-intree}
TESTS="tests/unit/test_half tests/unit/test_tensor tests/unit/test_npy \
tests/unit/test_cache tests/fuzz/replay_package tests/cli/version_help.sh \
tests/install/man_pages.sh tests/configure/cpu.sh"

rm -rf "$INTREE" && mkdir -p "$INTREE" || exit 1
# Tracked files only: what a fresh checkout has.
git ls-files -z | xargs -0 cp --parents -t "$INTREE" || exit 1
cd "$INTREE" || exit 1
autoreconf -fi >autoreconf.log 2>&1 || { cat autoreconf.log >&2; exit 1; }
./configure PYTHON="$SRC/$VENV/bin/python" >configure.out 2>&1 ||
    { tail -n 30 configure.out >&2; exit 1; }
make -j"$(nproc)" >make.log 2>&1 || { tail -n 40 make.log >&2; exit 1; }
# The C tests' programs only, not check_DATA: none of these needs the
# exported fixtures, whose export is the main suite's (minutes).
progs=$(for t in $TESTS; do case $t in *.sh) ;; *) echo "$t";; esac; done)
make -j"$(nproc)" $progs >>make.log 2>&1 || { tail -n 40 make.log >&2; exit 1; }
make check-TESTS TESTS="$TESTS"

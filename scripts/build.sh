#!/bin/sh
# build.sh - configures (once) and builds inductor in build/, against the
# torch of the venv made by install-deps.sh.  Extra arguments go to
# configure.
#
#   VENV=.venv   the venv whose Python detects libtorch and exports fixtures
#   BUILD=build  the build directory
set -eu

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
BUILD=${BUILD:-build}
[ -x configure ] || autoreconf -fi
mkdir -p "$BUILD"
if [ ! -f "$BUILD/Makefile" ] || [ $# -gt 0 ]; then
    (cd "$BUILD" && ../configure PYTHON="$(cd .. && pwd)/$VENV/bin/python" "$@")
fi
make -C "$BUILD" -j"$(nproc)"

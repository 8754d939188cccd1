#!/bin/sh
# install-deps.sh - installs what building and testing inductor needs on a
# Debian machine: the toolchain and libraries from apt (as root, or through
# sudo), and a Python venv with the CPU torch wheel for exporting models.
#
#   VENV=.venv          where the venv goes (default: .venv in the checkout)
#   TORCH_VERSION=2.13.0  the torch wheel to install (2.14.1 is the CUDA one)
set -eu

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
TORCH_VERSION=${TORCH_VERSION:-2.13.0}
# Build: toolchain and libraries.  Tests: nix (flake evaluation), packaging
# tools (.deb, .rpm, man pages), clang (libFuzzer) and valgrind; serve:
# libmicrohttpd, and hey, wrk and curl as its clients; systemd for
# systemd-analyze (the unit's tests; no systemd needs to run).
PACKAGES="autoconf automake libtool pkg-config make gcc g++ gengetopt \
libjson-c-dev zlib1g-dev libssl-dev libyaml-dev patchelf zip unzip git \
nix-bin help2man debhelper dpkg-dev lintian rpm fakeroot xz-utils man-db \
groff-base util-linux binutils clang libclang-rt-14-dev valgrind \
libmicrohttpd-dev hey wrk curl systemd"

missing=
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "install ok installed" ||
        missing="$missing $p"
done
if [ -n "$missing" ]; then
    echo "install-deps: installing:$missing" >&2
    SUDO=
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq $missing >/dev/null
fi

PY=${PYTHON_FOR_VENV:-}
if [ -z "$PY" ]; then
    for c in python3.11 python3; do
        command -v "$c" >/dev/null 2>&1 && { PY=$c; break; }
    done
fi
if [ ! -x "$VENV/bin/python" ]; then
    echo "install-deps: creating $VENV with $PY" >&2
    "$PY" -m venv "$VENV"
fi
if ! "$VENV/bin/python" -c "import torch, numpy, pytest; assert torch.__version__.startswith('$TORCH_VERSION')" 2>/dev/null; then
    echo "install-deps: installing torch==$TORCH_VERSION, numpy, pytest into $VENV" >&2
    "$VENV/bin/pip" install -q "torch==$TORCH_VERSION" numpy pytest
fi
# The server's tests: real clients and checkers that no one here wrote.
if ! "$VENV/bin/python" -c "import tritonclient.http, schemathesis, jsonschema, yaml" 2>/dev/null; then
    echo "install-deps: installing tritonclient[http], schemathesis, jsonschema, pyyaml into $VENV" >&2
    "$VENV/bin/pip" install -q "tritonclient[http]" schemathesis jsonschema pyyaml
fi

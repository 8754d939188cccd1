#!/bin/sh
# quickstart.sh - from a fresh Debian checkout to a model's outputs: install
# what is missing, build, export the demo CNN and run `inductor infer` on it.
set -eu

cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh
make -C "${BUILD:-build}" demo

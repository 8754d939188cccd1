#!/bin/sh
# pytest.sh - runs the Python tooling's pytest suite with the configured
# Python and reports each pytest test as one TAP line.
set -u
: "${PYTHON:?PYTHON must name the configured Python}"
SRC=${INDUCTOR_SRCDIR:-.}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/inductor-pytest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# A Python with torch but without pytest can configure and build inductor;
# the tooling's tests then cannot run, which is a skip with the reason.
if ! "$PYTHON" -c "import pytest" 2>/dev/null; then
    echo "1..0 # SKIP $PYTHON has no pytest (pip install pytest)"
    exit 0
fi

# The source tree may be read-only (make distcheck): no caches in it.
PYTHONDONTWRITEBYTECODE=1 "$PYTHON" -m pytest -q -p no:cacheprovider \
    --junitxml="$TMP/junit.xml" "$SRC/python/tests" >"$TMP/log" 2>&1
status=$?

"$PYTHON" "$SRC/tests/junit_tap.py" "$TMP/junit.xml" "$status"
if [ "$status" -ne 0 ]; then
    sed 's/^/# /' "$TMP/log" | tail -n 40
fi
exit 0

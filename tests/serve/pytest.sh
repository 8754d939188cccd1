#!/bin/sh
# pytest.sh - the server through tritonclient[http] (test_tritonclient.py):
# a real `inductor serve` on loopback, outputs compared with PyTorch's own
# loader.  Each pytest test is one TAP line; a skipped one says why.
set -u
: "${PYTHON:?PYTHON must name the configured Python}"
: "${INDUCTOR:?INDUCTOR must name the inductor program}"
SRC=${INDUCTOR_SRCDIR:-.}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/inductor-serve-pytest.XXXXXX")
trap 'rm -rf "$TMP"' EXIT

# The client side is Python packages (scripts/install-deps.sh installs
# them): without them, every test is skipped with the reason.
if ! missing=$("$PYTHON" -c 'import tritonclient.http, ml_dtypes, numpy, pytest, torch' 2>&1); then
    echo "1..1"
    echo "ok 1 # SKIP Python packages missing for the server's client tests: $(echo "$missing" | tail -n 1)"
    exit 0
fi

# Models run with few threads each: two cores may be all there is.
OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} PYTHONDONTWRITEBYTECODE=1 \
    "$PYTHON" -m pytest -q -p no:cacheprovider --basetemp="$TMP/t" \
    --junitxml="$TMP/junit.xml" "$SRC/tests/serve" >"$TMP/log" 2>&1
status=$?

"$PYTHON" "$SRC/tests/junit_tap.py" "$TMP/junit.xml" "$status"
if [ "$status" -ne 0 ]; then
    sed 's/^/# /' "$TMP/log" | tail -n 60
fi
exit 0

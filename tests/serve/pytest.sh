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

"$PYTHON" - "$TMP/junit.xml" "$status" <<'PY'
import sys
import xml.etree.ElementTree as ET

path, status = sys.argv[1], int(sys.argv[2])
try:
    cases = list(ET.parse(path).getroot().iter("testcase"))
except (OSError, ET.ParseError) as e:
    print("1..1")
    print(f"not ok 1 - pytest produced no results (exit {status}): {e}")
    sys.exit(0)
print(f"1..{max(len(cases), 1)}")
if not cases:
    print(f"not ok 1 - pytest collected no tests (exit {status})")
for n, case in enumerate(cases, 1):
    name = f"{case.get('classname', '')}::{case.get('name')}".replace("#", "")
    failed = case.find("failure") is not None or case.find("error") is not None
    skipped = case.find("skipped")
    if skipped is not None:
        why = (skipped.get("message") or "skipped").replace("\n", " ")
        print(f"ok {n} {name} # SKIP {why}")
    else:
        print(f"{'not ok' if failed else 'ok'} {n} - {name}")
PY
if [ "$status" -ne 0 ]; then
    sed 's/^/# /' "$TMP/log" | tail -n 60
fi
exit 0

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
    sed 's/^/# /' "$TMP/log" | tail -n 40
fi
exit 0

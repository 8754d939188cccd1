"""junit_tap.py - prints a pytest JUnit XML report as TAP, one line per test.

Usage: junit_tap.py REPORT.xml PYTEST_EXIT_STATUS

A skipped test is a TAP SKIP with pytest's reason; a report that is missing
or holds no test is one failure naming pytest's exit status.  Used by
tests/python/pytest.sh and tests/serve/pytest.sh.
"""
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

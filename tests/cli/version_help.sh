#!/bin/sh
# version_help.sh - --version, --help and command-line errors.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

plan 10

run "$INDUCTOR" --version
ok $((rc != 0)) "--version exits 0"
grep -q "^inductor [0-9]" "$TEST_TMP/out" && grep -q "^libtorch [0-9]" "$TEST_TMP/out" &&
    grep -Eq "^backend (cpu|cuda|rocm)$" "$TEST_TMP/out"
ok $? "--version names inductor, libtorch and the backend"

run "$INDUCTOR" --help
grep -q "Exit status" "$TEST_TMP/out" && [ ! -s "$TEST_TMP/err" ] && [ "$rc" -eq 0 ]
ok $? "--help prints usage and the exit codes on stdout, exit 0"

for cmd in infer info test-device; do
    run "$INDUCTOR" "$cmd" --help
    [ "$rc" -eq 0 ] && grep -q "^Usage: inductor $cmd" "$TEST_TMP/out" &&
        grep -q "Exit status" "$TEST_TMP/out"
    ok $? "$cmd --help documents its usage and exit codes"
done

run "$INDUCTOR"
[ "$rc" -eq 2 ] && grep -q "no command given" "$TEST_TMP/err"
ok $? "no command is a usage error (exit 2)"

run "$INDUCTOR" frobnicate
[ "$rc" -eq 2 ] && grep -q "unknown command 'frobnicate'" "$TEST_TMP/err"
ok $? "an unknown command is a usage error (exit 2)"

run "$INDUCTOR" infer --model m.pt2
[ "$rc" -eq 2 ] && grep -q "no input" "$TEST_TMP/err"
ok $? "a missing required option is a usage error (exit 2)"

run "$INDUCTOR" infer --model m.pt2 --input x.json --format xml
[ "$rc" -eq 2 ]
ok $? "an invalid --format value is a usage error (exit 2)"

finish

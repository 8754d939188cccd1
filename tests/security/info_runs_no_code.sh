#!/bin/sh
# info_runs_no_code.sh - inspecting a package never runs its code: `info`
# and `models` read the zip only; `info --load` (asked for) does load it,
# which shows that the planted library would run if anything loaded it.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/plant.sh"

MARK=$TEST_TMP/marker
export INDUCTOR_CACHE_DIR=$TEST_TMP/cache
plan 6

plant_so "$TEST_TMP/evil.so" "$MARK" && mkdir -p "$TEST_TMP/models" &&
    plant_package "$FIXTURES/two_input.pt2" "$TEST_TMP/models/evil.pt2" "$TEST_TMP/evil.so"
ok $? "a package whose model .so writes $MARK when loaded"

run "$INDUCTOR" info --model "$TEST_TMP/models/evil.pt2"
[ "$rc" -eq 0 ] && grep -q "^  inputs: 2$" "$TEST_TMP/out" && [ ! -e "$MARK" ]
ok $? "info describes it (signature from the zip) and runs none of its code"

run "$INDUCTOR" info --model "$TEST_TMP/models/evil.pt2" --json
[ "$rc" -eq 0 ] && [ ! -e "$MARK" ]
ok $? "info --json runs none of its code"

MODELS_DIR=$TEST_TMP/models run "$INDUCTOR" models
[ "$rc" -eq 0 ] && grep -q "evil" "$TEST_TMP/out" && [ ! -e "$MARK" ]
ok $? "models lists it and runs none of its code"

MODELS_DIR=$TEST_TMP/models run "$INDUCTOR" info --model evil
[ "$rc" -eq 0 ] && [ ! -e "$MARK" ]
ok $? "info by model name runs none of its code"

# The control: loading is what runs a package, and --load asks for it.
run "$INDUCTOR" info --model "$TEST_TMP/models/evil.pt2" --load
[ -e "$MARK" ] && grep -q "^  not loadable here: " "$TEST_TMP/out"
ok $? "info --load does load it (the planted constructor ran; its load failed)"

finish

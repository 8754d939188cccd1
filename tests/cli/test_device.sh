#!/bin/sh
# test_device.sh - `inductor test-device` reports each operation per dtype
# and fails when the device cannot be used.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

plan 5

run "$INDUCTOR" test-device --device cpu
[ "$rc" -eq 0 ] && grep -q "^15 passed, 0 failed$" "$TEST_TMP/out"
ok $? "cpu: every operation passes, exit 0"
for dt in float32 float16 bfloat16; do
    [ "$(grep -c "^$dt " "$TEST_TMP/out")" -eq 5 ] || false
done
ok $? "cpu: five operations reported for each of float32, float16, bfloat16"

run "$INDUCTOR" test-device --device cpu --json
json_get "$TEST_TMP/out" "(d['passed'], d['failed'], len(d['results']), sorted({r['dtype'] for r in d['results']}))" |
    grep -qx "(15, 0, 15, \['bfloat16', 'float16', 'float32'\])"
ok $? "--json reports every result with stable keys"

if [ "$INDUCTOR_BACKEND" = cpu ] || [ -n "${INDUCTOR_EXPECT_NO_GPU:-}" ]; then
    expect_error 4 "no CUDA device" "cuda:0 without a GPU is a clear error" -- \
        "$INDUCTOR" test-device --device cuda:0
else
    skip "this $INDUCTOR_BACKEND build may see a GPU (set INDUCTOR_EXPECT_NO_GPU=1 on a host without one)"
fi

expect_error 4 "unknown device 'tpu'" "an unknown device is refused" -- \
    "$INDUCTOR" test-device --device tpu

finish

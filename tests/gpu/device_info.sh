#!/bin/sh
# device_info.sh - `inductor test-device` first says what the device is:
# its name, and its memory (for the cpu, the host's); a GPU also its compute
# capability.  A GPU that is not there is an error before any output.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

plan 6

# The host's memory from the kernel, to check the figure printed.
mem_kb=$(sed -n 's/^MemTotal: *\([0-9]*\) kB$/\1/p' /proc/meminfo)

run "$INDUCTOR" test-device --device cpu
[ "$rc" -eq 0 ] && sed -n 1,3p "$TEST_TMP/out" >"$TEST_TMP/head" &&
    grep -qx "device: cpu" "$TEST_TMP/head" && grep -qx "name: cpu" "$TEST_TMP/head"
ok $? "cpu: the report starts with the device and its name"
gib=$(awk -v kb="$mem_kb" 'BEGIN { printf "%.1f", kb / 1048576 }')
grep -qx "memory: $gib GiB (host)" "$TEST_TMP/out"
ok $? "cpu: memory is the host's $gib GiB"
! grep -q "compute capability" "$TEST_TMP/out"
ok $? "cpu: no compute capability line"

run "$INDUCTOR" test-device --device cpu --json
json_get "$TEST_TMP/out" "(d['device'], d['name'], d['compute_capability'], d['arch'], abs(d['total_memory_bytes'] - $mem_kb * 1024) < 65536)" |
    grep -qx "('cpu', 'cpu', None, None, True)"
ok $? "--json: device, name, compute_capability and arch (null for cpu), total_memory_bytes"

if [ "$INDUCTOR_BACKEND" = cpu ] || [ -n "${INDUCTOR_EXPECT_NO_GPU:-}" ]; then
    expect_error 4 "no CUDA device" "cuda without a GPU: no name, no memory, one error" -- \
        "$INDUCTOR" test-device --device cuda
    expect_error 4 "no CUDA device" "cuda:1 --json without a GPU: no partial JSON" -- \
        "$INDUCTOR" test-device --device cuda:1 --json
else
    skip "this $INDUCTOR_BACKEND build may see a GPU (set INDUCTOR_EXPECT_NO_GPU=1 on a host without one)"
    skip "this $INDUCTOR_BACKEND build may see a GPU (set INDUCTOR_EXPECT_NO_GPU=1 on a host without one)"
fi

finish

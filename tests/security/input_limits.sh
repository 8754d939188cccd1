#!/bin/sh
# input_limits.sh - every input file has a size cap, INDUCTOR_MAX_INPUT_BYTES
# (default 2 GiB): JSON, .npy, .npz, raw, standard input, a JSON-Lines
# batch line and the config file are refused past it with one line, before
# they are read into memory; an endless input (/dev/zero) too.  Duplicate
# names in an .npz or a JSON object are found by sorting, so an input with
# many names costs O(n log n) (for .npz member names, the library's zip
# reader's check, the one packages get).
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

export INDUCTOR_CACHE_DIR=$TEST_TMP/cache
DET=$FIXTURES/deterministic.pt2
GOOD=$TEST_TMP/good.json
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$GOOD"
plan 12

"$PYTHON" - "$TEST_TMP" <<'PY'
import sys, numpy as np
d = sys.argv[1]
x = np.arange(4, dtype=np.float32).reshape(1, 4)
np.save(d + "/x.npy", x)
np.savez(d + "/x.npz", x)
x.tofile(d + "/x.bin")
PY
ok $? "inputs in every format (numpy)"

CAP="larger than INDUCTOR_MAX_INPUT_BYTES \(30 bytes\)"
expect_error 3 "good.json: cannot read: $CAP" "a JSON file over the cap is refused" -- \
    env INDUCTOR_MAX_INPUT_BYTES=30 "$INDUCTOR" infer --model "$DET" --input "$GOOD"
expect_error 3 "x.npy: cannot read: $CAP" "an .npy file over the cap is refused" -- \
    env INDUCTOR_MAX_INPUT_BYTES=30 "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/x.npy"
expect_error 3 "x.npz: cannot read: $CAP" "an .npz file over the cap is refused" -- \
    env INDUCTOR_MAX_INPUT_BYTES=30 "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/x.npz"
expect_error 3 "cannot read: larger than INDUCTOR_MAX_INPUT_BYTES \(8 bytes\)" \
    "a raw file over the cap is refused" -- \
    env INDUCTOR_MAX_INPUT_BYTES=8 "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/x.bin" \
    --dtype float32 --shape 1,4
run sh -c "env INDUCTOR_MAX_INPUT_BYTES=30 '$INDUCTOR' infer --model '$DET' --input - <'$GOOD'"
[ "$rc" -eq 3 ] && grep -Eq "standard input: cannot read: $CAP" "$TEST_TMP/err"
ok $? "standard input over the cap is refused"

# An endless input stops at the cap (a bounded run: at most 1 MiB is read).
run timeout 60 env INDUCTOR_MAX_INPUT_BYTES=1048576 "$INDUCTOR" infer --model "$DET" --input /dev/zero
[ "$rc" -eq 3 ] && grep -q "/dev/zero: cannot read: larger than INDUCTOR_MAX_INPUT_BYTES" "$TEST_TMP/err"
ok $? "an endless input (/dev/zero) is refused at the cap (exit $rc)"

{ cat "$GOOD"; printf '{"data": [%0200d], "shape": [1, 4]}\n' 0; } >"$TEST_TMP/batch.jsonl"
run env INDUCTOR_MAX_INPUT_BYTES=100 "$INDUCTOR" infer --model "$DET" --batch "$TEST_TMP/batch.jsonl"
[ "$rc" -eq 3 ] && [ "$(wc -l <"$TEST_TMP/out")" -eq 1 ] &&
    grep -q "batch.jsonl: line 2: larger than INDUCTOR_MAX_INPUT_BYTES (100 bytes)" "$TEST_TMP/err"
ok $? "a JSON-Lines batch line over the cap is refused after the good line's answer"

printf 'model: %s\n# %0200d\n' "$DET" 0 >"$TEST_TMP/config.yaml"
expect_error 2 "config.yaml: cannot read config: larger than INDUCTOR_MAX_INPUT_BYTES" \
    "a config file over the cap is refused" -- \
    env INDUCTOR_MAX_INPUT_BYTES=100 "$INDUCTOR" infer --config "$TEST_TMP/config.yaml" --input "$GOOD"
expect_error 3 "INDUCTOR_MAX_INPUT_BYTES must be a positive number of bytes" \
    "an invalid cap is reported" -- \
    env INDUCTOR_MAX_INPUT_BYTES=lots "$INDUCTOR" infer --model "$DET" --input "$GOOD"

run "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/x.npz"
ok "$rc" "under the default cap the same inputs run"

# 100,000 arrays, the first and the last with one name: found (by sorting).
"$PYTHON" - "$TEST_TMP/many.npz" <<'PY'
import io, sys, zipfile
import numpy as np
buf = io.BytesIO()
np.save(buf, np.zeros((1, 4), np.float32))
arr = buf.getvalue()
with zipfile.ZipFile(sys.argv[1], "w") as z:
    z.writestr("dup.npy", arr)
    for i in range(100000 - 2):
        z.writestr("a%06d.npy" % i, arr)
    z.writestr("dup.npy", arr)
PY
expect_error 3 'many.npz: not a readable .npz: entry "dup.npy": duplicate entry name' \
    "an .npz of 100,000 arrays with one name twice is refused, naming it" -- \
    timeout 120 "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/many.npz"

finish

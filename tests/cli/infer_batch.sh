#!/bin/sh
# infer_batch.sh - `inductor infer --batch`: one result line per JSON Lines
# request, the same JSON as `infer`, error lines that name the line while
# the stream goes on, the exit status, and a flush per line for pipes.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/deterministic.pt2
export INDUCTOR_CACHE_DIR="$TEST_TMP/cache"
plan 12

cat >"$TEST_TMP/good.jsonl" <<'JL'
{"data": [1, 2, 3, 4], "shape": [1, 4]}

{"inputs": [{"dtype": "float32", "shape": [1, 4], "data": [1, 0, 0, 0]}]}
{"data": [0, 0, 0, 0], "shape": [1, 4]}
JL
run "$INDUCTOR" infer --model "$PKG" --batch "$TEST_TMP/good.jsonl"
cp "$TEST_TMP/out" "$TEST_TMP/good.out"
[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/err" ] && [ "$(wc -l <"$TEST_TMP/good.out")" -eq 3 ]
ok $? "three requests (and a blank line) give three result lines and exit 0"

# Each line equals what `infer` prints for the same request, but latency.
n=0 same=0
while IFS= read -r req; do
    [ -n "$req" ] || continue
    n=$((n + 1))
    printf '%s\n' "$req" | "$INDUCTOR" infer --model "$PKG" --input - >"$TEST_TMP/one.json"
    sed -n "${n}p" "$TEST_TMP/good.out" >"$TEST_TMP/line.json"
    "$PYTHON" -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
a.pop("latency_ms"); b.pop("latency_ms")
sys.exit(a != b)' "$TEST_TMP/one.json" "$TEST_TMP/line.json" || same=1
done <"$TEST_TMP/good.jsonl"
ok "$same" "each result line is infer's output for that request"
"$PYTHON" -c 'import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
want = [[2.5, 5.5, 11.0], [0.5, 0.0, 1.8], [0.5, 0.0, 1.0]]
got = [l["outputs"][0]["data"] for l in lines]
assert all(abs(a - b) < 1e-6 for g, w in zip(got, want) for a, b in zip(g, w)), lines
assert all(l["latency_ms"] > 0 and l["num_outputs"] == 1 for l in lines)' "$TEST_TMP/good.out"
ok $? "the results are the known outputs, in request order"

cat >"$TEST_TMP/mixed.jsonl" <<'JL'
{"data": [1, 2, 3, 4], "shape": [1, 4]}
{"data": [1, 2], "shape": [1, 4]}
this is not json
{"data": [1, 2, 3, 4, 5, 6, 7, 8], "shape": [2, 4]}
{"data": [1, 0, 0, 0], "shape": [1, 4]}
JL
run "$INDUCTOR" infer --model "$PKG" --batch - <"$TEST_TMP/mixed.jsonl"
cp "$TEST_TMP/out" "$TEST_TMP/mixed.out"
[ "$rc" -eq 3 ] && [ "$(wc -l <"$TEST_TMP/mixed.out")" -eq 5 ]
ok $? "bad requests do not stop the stream: five lines out, exit 3"
"$PYTHON" -c 'import json, sys
l = [json.loads(x) for x in open(sys.argv[1])]
assert [sorted(x) for x in l[1:4]] == [["error", "line"]] * 3, l
assert [x["line"] for x in l[1:4]] == [2, 3, 4], l
assert "needs 4" in l[1]["error"] and "JSON" in l[2]["error"] and "dimension 0" in l[3]["error"], l
close = lambda g, w: all(abs(a - b) < 1e-6 for a, b in zip(g, w))
assert close(l[0]["outputs"][0]["data"], [2.5, 5.5, 11.0]) and close(l[4]["outputs"][0]["data"], [0.5, 0.0, 1.8]), l' "$TEST_TMP/mixed.out"
ok $? "error lines are {error, line} naming the line and the problem (decode, JSON, shape)"

run "$INDUCTOR" infer --model "$PKG" --batch "$TEST_TMP/good.jsonl" --summary
"$PYTHON" -c 'import json, sys
l = [json.loads(x) for x in open(sys.argv[1])]
assert len(l) == 3 and all("data" not in o for x in l for o in x["outputs"]), l' "$TEST_TMP/out"
ok $? "--summary drops the data from each line"

run "$INDUCTOR" infer --model "$FIXTURES/kwargs_dict.pt2" --batch - <"$FIXTURES/kwargs_dict.input.json"
[ "$rc" -eq 0 ] && "$PYTHON" -c 'import json, sys
got = json.loads(open(sys.argv[1]).read())
exp = json.load(open(sys.argv[2]))
assert [o["key"] for o in got["outputs"]] == [o["key"] for o in exp["outputs"]], got
assert all(abs(a - b) <= 1e-5 * (1 + abs(b)) for g, e in zip(got["outputs"], exp["outputs"])
           for a, b in zip(g["data"], e["data"])), got' "$TEST_TMP/out" "$FIXTURES/kwargs_dict.expected.json"
ok $? "named inputs work per line: dict outputs match Python's, keys included"

# A pipe: the answer to a request arrives before the next one is written.
"$PYTHON" - "$INDUCTOR" "$PKG" <<'PY'
import subprocess, sys, json, select
p = subprocess.Popen([sys.argv[1], "infer", "--model", sys.argv[2], "--batch", "-"],
                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
for x in ([1, 2, 3, 4], [1, 0, 0, 0]):
    p.stdin.write(json.dumps({"data": x, "shape": [1, 4]}) + "\n")
    p.stdin.flush()
    r, _, _ = select.select([p.stdout], [], [], 120)
    assert r, "no answer while the input is still open"
    json.loads(p.stdout.readline())
p.stdin.close()
sys.exit(p.wait())
PY
ok $? "each result line is flushed at once (works as a pipe stage)"

expect_error 3 "nope.jsonl: cannot read" "a missing --batch file is a bad input" -- \
    "$INDUCTOR" infer --model "$PKG" --batch "$TEST_TMP/nope.jsonl"
run "$INDUCTOR" infer --model "$PKG" --batch "$TEST_TMP/good.jsonl" --input "$FIXTURES/deterministic.input.json"
[ "$rc" -eq 2 ] && head -n1 "$TEST_TMP/err" | grep -q '^inductor: error: --batch'
ok $? "--batch with --input is a usage error (exit 2)"
run "$INDUCTOR" infer --model "$PKG" --batch "$TEST_TMP/good.jsonl" --output "$TEST_TMP/o.json"
[ "$rc" -eq 2 ] && [ ! -e "$TEST_TMP/o.json" ]
ok $? "--batch with --output is a usage error (exit 2)"
: >"$TEST_TMP/empty.jsonl"
run "$INDUCTOR" infer --model "$PKG" --batch "$TEST_TMP/empty.jsonl"
[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/out" ]
ok $? "an empty stream gives no lines and exit 0"
finish

#!/bin/sh
# provenance.sh - `--provenance FILE.json` on infer, infer --batch and
# bench (issue 16 point 4): records valid against the versioned schema,
# the package's SHA-256 that of sha256sum, input and output hashes equal
# to those computed in Python from the tensors, the same across identical
# runs and different for a different input, and bad paths refused in one
# line with no file left behind.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

DET=$FIXTURES/deterministic.pt2
TWO=$FIXTURES/two_input.pt2
SCHEMA=$INDUCTOR_SRCDIR/docs/provenance.schema.json
CHECK="$PYTHON $INDUCTOR_SRCDIR/tests/cli/provenance_check.py"
export INDUCTOR_CACHE_DIR="$TEST_TMP/cache"
plan 20

# no_leftovers DIR: nothing but the given files is in DIR (no temporaries).
no_leftovers() {
    ! ls -A "$1" | grep -q '\.tmp\.'
}

IN2=$FIXTURES/two_input.input.json
run "$INDUCTOR" infer --model "$TWO" --input "$IN2" --provenance "$TEST_TMP/a.json"
cp "$TEST_TMP/out" "$TEST_TMP/a.out"
[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/err" ] && [ -s "$TEST_TMP/a.json" ]
ok $? "infer --provenance exits 0, quietly, and writes the record"

$CHECK validate "$SCHEMA" "$TEST_TMP/a.json"
ok $? "the infer record is valid against docs/provenance.schema.json"

$CHECK reject "$SCHEMA" "$TEST_TMP/a.json"
ok $? "the schema rejects a wrong version, an unknown field, a bad hash, a missing hash, a non-RFC 3339 time"

want=$(sha256sum "$TWO" | cut -d' ' -f1)
got=$(json_get "$TEST_TMP/a.json" "d['package']['sha256']")
[ -n "$want" ] && [ "$got" = "$want" ] &&
    [ "$(json_get "$TEST_TMP/a.json" "d['package']['bytes']")" -eq "$(wc -c <"$TWO")" ]
ok $? "the package's SHA-256 and size are sha256sum's and wc's"

$CHECK inputs "$TEST_TMP/a.json" "$IN2"
ok $? "the input hashes (float32 and int64) are those of the input file's tensors"

$CHECK outputs "$TEST_TMP/a.json" "$TEST_TMP/a.out"
ok $? "the output hashes are those of the outputs infer printed"

json_get "$TEST_TMP/a.json" "(d['command'], d['package']['model'], [t['name'] for t in d['requests'][0]['inputs']], len(d['requests']), d['requests'][0]['error'], d['requests'][0]['run_ms'] > 0)" |
    grep -qx "('infer', 'model', \['x', 'idx'\], 1, None, True)"
ok $? "one request, its inputs named as the model names them, a run time, no error"

json_get "$TEST_TMP/a.json" "(d['versions']['inductor'], d['versions']['libtorch'], d['backend_module']['libtorch'], d['device']['name'], d['host']['platform'], d['host']['cpu_isa'])" >"$TEST_TMP/facts"
"$INDUCTOR" --version >"$TEST_TMP/version"
ver=$(sed -n 's/^inductor //p' "$TEST_TMP/version") tv=$(sed -n 's/^libtorch //p' "$TEST_TMP/version")
grep -q "^('$ver', '$tv', '$tv', 'cpu', " "$TEST_TMP/facts"
after_model_runs # judges the record of the first case's run, not --version
ok $? "versions, backend module and device are those --version reports"
diag "$(cat "$TEST_TMP/facts")"

OMP_NUM_THREADS=1 run "$INDUCTOR" infer --model "$TWO" --input "$IN2" --provenance "$TEST_TMP/b.json"
"$PYTHON" -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
h = lambda d, k: [t["sha256"] for t in d["requests"][0][k]]
assert h(a, "outputs") == h(b, "outputs") and h(a, "inputs") == h(b, "inputs")
assert a["package"]["sha256"] == b["package"]["sha256"]
assert b["threads"]["env"]["OMP_NUM_THREADS"] == "1" and a["threads"]["env"]["OMP_NUM_THREADS"] is None
assert a["started_utc"] <= a["finished_utc"] <= b["started_utc"]' "$TEST_TMP/a.json" "$TEST_TMP/b.json"
ok $? "a second identical run names the same input and output hashes (and its own thread settings)"

echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/x1.json"
echo '{"data": [1, 0, 0, 0], "shape": [1, 4]}' >"$TEST_TMP/x2.json"
"$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/x1.json" --provenance "$TEST_TMP/d1.json" >/dev/null &&
    "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/x2.json" --provenance "$TEST_TMP/d2.json" >/dev/null &&
    "$PYTHON" -c 'import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
h = lambda d, k: d["requests"][0][k][0]["sha256"]
assert h(a, "inputs") != h(b, "inputs") and h(a, "outputs") != h(b, "outputs")' "$TEST_TMP/d1.json" "$TEST_TMP/d2.json"
ok $? "a different input gives different input and output hashes"

no_leftovers "$TEST_TMP"
ok $? "no temporary files are left beside the records"

# --batch: one record for the stream, a request per non-blank line.
cat >"$TEST_TMP/mixed.jsonl" <<'JL'
{"data": [1, 2, 3, 4], "shape": [1, 4]}

this is not json
{"data": [1, 2, 3, 4, 5, 6, 7, 8], "shape": [2, 4]}
{"data": [1, 0, 0, 0], "shape": [1, 4]}
JL
run "$INDUCTOR" infer --model "$DET" --batch "$TEST_TMP/mixed.jsonl" --provenance "$TEST_TMP/batch.json"
[ "$rc" -eq 3 ] && $CHECK validate "$SCHEMA" "$TEST_TMP/batch.json" &&
    "$PYTHON" -c 'import json, sys
a, d1, d2 = (json.load(open(p)) for p in sys.argv[1:])
r = a["requests"]
assert [q["line"] for q in r] == [1, 3, 4, 5], r
assert [q["error"] is None for q in r] == [True, False, False, True], r
assert "JSON" in r[1]["error"] and r[1]["inputs"] == [] and r[1]["run_ms"] is None
assert "dimension 0" in r[2]["error"] and r[2]["outputs"] == [] and r[2]["run_ms"] is None
assert [t["shape"] for t in r[2]["inputs"]] == [[2, 4]], r[2]
h = lambda q, k: q[k][0]["sha256"]
for q, d in ((r[0], d1), (r[3], d2)):
    assert h(q, "inputs") == h(d["requests"][0], "inputs")
    assert h(q, "outputs") == h(d["requests"][0], "outputs")' "$TEST_TMP/batch.json" "$TEST_TMP/d1.json" "$TEST_TMP/d2.json"
ok $? "--batch: a valid record listing every request by line, a malformed one and a failed run with their error, hashes as single runs give"

# bench: the first run's inputs and outputs, and the statistics.
run "$INDUCTOR" bench --model "$DET" --input "$TEST_TMP/x1.json" --warmup 1 --iterations 5 \
    --json --provenance "$TEST_TMP/bench.json"
[ "$rc" -eq 0 ] && $CHECK validate "$SCHEMA" "$TEST_TMP/bench.json"
ok $? "bench --provenance exits 0 with a valid record"
"$PYTHON" -c 'import json, sys
b, d1 = (json.load(open(p)) for p in sys.argv[1:3])
out = json.loads(open(sys.argv[3]).read())
assert b["command"] == "bench" and len(b["requests"]) == 1
q = b["requests"][0]
assert q["inputs"][0]["sha256"] == d1["requests"][0]["inputs"][0]["sha256"]
assert q["outputs"][0]["sha256"] == d1["requests"][0]["outputs"][0]["sha256"]
assert b["package"]["sha256"] == sys.argv[4]
s = b["bench"]
assert s["iterations"] == out["iterations"] == 5 and s["warmup"] == 1
assert s["latency_ms"]["min"] <= s["latency_ms"]["p50"] <= s["latency_ms"]["max"]' \
    "$TEST_TMP/bench.json" "$TEST_TMP/d1.json" "$TEST_TMP/out" "$(sha256sum "$DET" | cut -d' ' -f1)"
ok $? "the bench record hashes the first run as infer does, and holds the run statistics"

# Bad places for the record: refused before any work, one line, no file.
expect_error 5 'provenance record: .*/no-such-dir: No such file' \
    "--provenance into a missing directory" -- \
    "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/x1.json" --provenance "$TEST_TMP/no-such-dir/p.json"
[ ! -e "$TEST_TMP/no-such-dir" ]
ok $? "the missing directory is not created"

mkdir "$TEST_TMP/adir"
expect_error 5 'adir: cannot write the provenance record: is a directory' \
    "--provenance naming a directory" -- \
    "$INDUCTOR" bench --model "$DET" --input "$TEST_TMP/x1.json" --provenance "$TEST_TMP/adir"
[ -z "$(ls -A "$TEST_TMP/adir")" ] && no_leftovers "$TEST_TMP"
ok $? "the directory is untouched and nothing is left beside it"

expect_error 2 'provenance needs a file name' "--provenance -" -- \
    "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/x1.json" --provenance -

# A run that fails writes no record.
echo '{"data": [1, 2], "shape": [1, 2]}' >"$TEST_TMP/bad.json"
run "$INDUCTOR" infer --model "$DET" --input "$TEST_TMP/bad.json" --provenance "$TEST_TMP/fail.json"
[ "$rc" -eq 3 ] && [ ! -e "$TEST_TMP/fail.json" ] && no_leftovers "$TEST_TMP"
ok $? "a failed run (exit 3) leaves no record"

finish

#!/bin/sh
# bench.sh - `inductor bench`: its report's stages, statistics and keys,
# --export-times, threads and runners, --duration, and its errors.  Speed
# itself is never asserted: only that the numbers are consistent.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

PKG=$FIXTURES/deterministic.pt2
INPUT=$FIXTURES/deterministic.input.json
export INDUCTOR_CACHE_DIR="$TEST_TMP/cache"
plan 21

run "$INDUCTOR" bench --model "$PKG" --random --iterations 20 --warmup 2
ok "$rc" "bench --random exits 0"
for stage in '^load: [0-9.]+ ms total' '^  archive read: +[0-9.]+ ms' \
    '^  extraction: +[0-9.]+ ms \(cache (hit|miss)\)' '^  library load: +[0-9.]+ ms' \
    '^  first run: +[0-9.]+ ms' '^runs: 20 timed after 2 warm-up' \
    '^latency \(ms\): min [0-9.]+ +mean [0-9.]+ +p50 [0-9.]+ +p90 [0-9.]+ +p95 [0-9.]+ +p99 [0-9.]+ +max [0-9.]+' \
    '^throughput: [0-9.]+ runs/s' '^peak RSS: [0-9.]+ MiB'; do
    grep -Eq "$stage" "$TEST_TMP/out" || { diag "missing: $stage"; missing=1; }
done
ok "${missing:-0}" "the text report has every load stage, the percentiles, throughput and peak RSS"

run "$INDUCTOR" bench --model "$PKG" --input "$INPUT" --iterations 25 --json \
    --export-times "$TEST_TMP/times.txt"
cp "$TEST_TMP/out" "$TEST_TMP/b.json"
ok "$rc" "bench --input FILE --json --export-times exits 0"
json_get "$TEST_TMP/b.json" "sorted(d) == sorted(['model','device','threads','runners','warmup','iterations','wall_s','load','latency_ms','throughput_per_s','peak_rss_bytes','peak_device_memory_bytes']) and sorted(d['load']) == sorted(['read_ms','extract_ms','load_ms','first_run_ms','total_ms','cache_used','cache_hit']) and sorted(d['latency_ms']) == sorted(['min','mean','p50','p90','p95','p99','max'])" | grep -qx True
ok $? "--json has exactly the documented keys"
json_get "$TEST_TMP/b.json" "(d['iterations'], d['threads'], d['runners'], d['warmup'], d['device'], d['peak_device_memory_bytes'])" |
    grep -qx "(25, 1, 1, 10, 'cpu', None)"
ok $? "--json echoes iterations, threads, runners, default warm-up 10, device; no device memory on cpu"
json_get "$TEST_TMP/b.json" "(lambda l: 0 < l['min'] <= l['p50'] <= l['p90'] <= l['p95'] <= l['p99'] <= l['max'] and l['min'] <= l['mean'] <= l['max'])(d['latency_ms'])" | grep -qx True
ok $? "latencies are ordered: 0 < min <= p50 <= p90 <= p95 <= p99 <= max, mean within"
json_get "$TEST_TMP/b.json" "d['throughput_per_s'] > 0 and d['wall_s'] > 0 and d['peak_rss_bytes'] > 1000000 and abs(d['load']['total_ms'] - d['load']['first_run_ms'] - (d['load']['read_ms'] + d['load']['extract_ms'] + d['load']['load_ms'])) < 50" | grep -qx True
ok $? "throughput, wall time and peak RSS are positive; the stages add up to the total"
"$PYTHON" - "$TEST_TMP/times.txt" "$TEST_TMP/b.json" <<'PY'
import json, sys
t = [float(x) for x in open(sys.argv[1])]
d = json.load(open(sys.argv[2]))
assert len(t) == 25 and all(x > 0 for x in t), t
assert abs(min(t) - d['latency_ms']['min']) < 1e-5 and abs(max(t) - d['latency_ms']['max']) < 1e-5
PY
ok $? "--export-times writes one positive latency per timed run, matching min and max"

run "$INDUCTOR" bench --model "$PKG" --random --threads 3 --runners 2 --iterations 31 --json
json_get "$TEST_TMP/out" "(d['iterations'], d['threads'], d['runners'])" | grep -qx "(31, 3, 2)"
ok $? "--threads 3 --runners 2 shares exactly --iterations runs among the threads"

run "$INDUCTOR" bench --model "$PKG" --random --threads 2 --iterations 10 --json
json_get "$TEST_TMP/out" "d['runners']" | grep -qx 2
ok $? "--runners defaults to --threads"

run "$INDUCTOR" bench --model "$PKG" --random --duration 0.3 --json
json_get "$TEST_TMP/out" "d['iterations'] >= 1 and d['wall_s'] >= 0.3" | grep -qx True
ok $? "--duration runs until the time is up"

usage() { # DESCRIPTION ARGS...: exit 2 and an error line naming the problem
    desc=$1; shift
    run "$INDUCTOR" bench --model "$PKG" "$@"
    [ "$rc" -eq 2 ] && head -n1 "$TEST_TMP/err" | grep -q '^inductor: error: ' && [ ! -s "$TEST_TMP/out" ]
    ok $? "$desc (exit 2)"
}
usage "--iterations 0 is a usage error" --random --iterations 0
usage "--threads 0 is a usage error" --random --threads 0
usage "--iterations with --duration is a usage error" --random --iterations 5 --duration 1
usage "no input is a usage error"

expect_error 3 "nope.json" "a missing input file is a bad input" -- \
    "$INDUCTOR" bench --model "$PKG" --input "$TEST_TMP/nope.json"
expect_error 4 "missing.pt2" "a missing package is unusable" -- \
    "$INDUCTOR" bench --model "$TEST_TMP/missing.pt2" --random
expect_error 5 "no/such/dir" "an unwritable --export-times file fails with nothing on stdout" -- \
    "$INDUCTOR" bench --model "$PKG" --random --iterations 3 --export-times "$TEST_TMP/no/such/dir/t.txt"

# Settings as for infer (settings.h): the config file and the environment
# below the command line.
printf 'model: %s\nrunners: 3\n' "$PKG" >"$TEST_TMP/bench.yaml"
run "$INDUCTOR" bench --config "$TEST_TMP/bench.yaml" --random --iterations 5 --json
json_get "$TEST_TMP/out" "(d['model'].endswith('deterministic.pt2'), d['runners'], d['threads'])" |
    grep -qx "(True, 3, 1)"
ok $? "--config gives the model and the runners, which then need not follow --threads"
run env INDUCTOR_RUNNERS=2 "$INDUCTOR" bench --config "$TEST_TMP/bench.yaml" --random --threads 4 --iterations 8 --json
json_get "$TEST_TMP/out" "(d['runners'], d['threads'])" | grep -qx "(2, 4)"
ok $? "INDUCTOR_RUNNERS overrides the config file"
expect_error 2 "INDUCTOR_RUNNERS: runners" "a bad INDUCTOR_RUNNERS is a usage error, as for infer" -- \
    env INDUCTOR_RUNNERS=zero "$INDUCTOR" bench --model "$PKG" --random
finish

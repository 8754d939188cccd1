#!/bin/sh
# fuzz_smoke.sh - CI's short fuzzing run: each libFuzzer target (built with
# clang when configure found one) fuzzes for FUZZ_SMOKE_SECONDS (default 3)
# from its seed corpus and committed crashes.  New inputs go to a temporary
# directory, never into the source tree.  A crash fails the target's test and prints the input.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

TARGETS="tensor_json npy package call_spec signature wrapper_signature"
BIN=$(dirname "$INDUCTOR")/tests/fuzz
SECONDS_EACH=${FUZZ_SMOKE_SECONDS:-3}
plan 6

for t in $TARGETS; do
    if [ ! -x "$BIN/fuzz_$t" ]; then
        skip "$t: no libFuzzer build (configure found no clang with -fsanitize=fuzzer)"
        continue
    fi
    dict=$INDUCTOR_SRCDIR/tests/fuzz/$t.dict  # npy, package, wrapper_signature: their own
    [ -f "$dict" ] || dict=$INDUCTOR_SRCDIR/tests/fuzz/json.dict
    mkdir -p "$TEST_TMP/$t"
    # The committed crashes run first too, under clang's sanitizers (whose
    # UBSan flags more than GCC's), before any new input is tried.
    regressions=$INDUCTOR_SRCDIR/tests/fuzz/regressions/$t
    [ -d "$regressions" ] || regressions=
    run "$BIN/fuzz_$t" -max_total_time="$SECONDS_EACH" -dict="$dict" -print_final_stats=1 \
        -artifact_prefix="$TEST_TMP/$t-" "$TEST_TMP/$t" \
        "$INDUCTOR_SRCDIR/tests/fuzz/corpus/$t" ${regressions:+"$regressions"}
    execs=$(sed -n "s/^stat::number_of_executed_units: *//p" "$TEST_TMP/err")
    [ -n "$execs" ] || execs=$(grep -o '#[0-9]*' "$TEST_TMP/err" | tail -n 1 | tr -d '#')
    ok "$rc" "$t: ${SECONDS_EACH}s of fuzzing (${execs:-?} inputs) find no crash"
    if [ "$rc" -ne 0 ]; then
        diag "$(tail -n 30 "$TEST_TMP/err")"
        for f in "$TEST_TMP/$t"-*; do
            [ -f "$f" ] && diag "crash input ($f): $(od -c "$f" | head -n 8)"
        done
    fi
done
finish

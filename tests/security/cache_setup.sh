# cache_setup.sh - sourced by the extraction cache's security tests, after
# tests/cli/setup.sh and tests/security/plant.sh.
#
#   infer_pkg [VAR=VALUE...]   runs `infer` on $PKG (or $MODEL) with the
#                              deterministic input, under those variables;
#                              $rc, $TEST_TMP/out and err as run() leaves
#                              them; true if the outputs are the known ones
#   learn_entry                loads $PKG into a fresh private cache and sets
#                              $KEY, the entry name the program under test
#                              gives it, and $ENTRY, that entry
#   plant_entry ROOT           ROOT/$KEY: a copy of that entry whose model
#                              .so is $TEST_TMP/evil.so (made by plant_so)
#                              padded to the real library's size, so that
#                              every check of sizes and markers passes
#   snapshot DIR               names, sizes, modes, owners and mtimes below
#                              DIR, to show that nothing was written there

PKG=$FIXTURES/deterministic.pt2
MARK=$TEST_TMP/marker
unset XDG_CACHE_HOME INDUCTOR_NO_CACHE INDUCTOR_CACHE_MAX_BYTES
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/in.json"

infer_pkg() {
    run env "$@" "$INDUCTOR" infer --model "${MODEL:-$PKG}" --input "$TEST_TMP/in.json"
    [ "$rc" -eq 0 ] &&
        [ "$(json_get "$TEST_TMP/out" "d['outputs'][0]['data'] == [2.5, 5.5, 11.0]")" = True ]
}

KEY= ENTRY=
learn_entry() {
    infer_pkg INDUCTOR_CACHE_DIR="$TEST_TMP/learn" || return 1
    KEY=$(ls "$TEST_TMP/learn")
    ENTRY=$TEST_TMP/learn/$KEY
    [ -n "$KEY" ] && [ -d "$ENTRY" ]
}

plant_entry() {
    mkdir -p "$1" && cp -a "$ENTRY" "$1/$KEY" || return 1
    so=$(find "$1/$KEY" -name '*.so' | head -n 1)
    size=$(stat -c %s "$so")
    [ -n "$so" ] && [ "$(stat -c %s "$TEST_TMP/evil.so")" -le "$size" ] &&
        cp "$TEST_TMP/evil.so" "$so" && truncate -s "$size" "$so"
}

snapshot() {
    (cd "$1" && find . -printf '%p %s %m %u %T@\n' | sort)
}

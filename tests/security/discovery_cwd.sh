#!/bin/sh
# discovery_cwd.sh - a bare `inductor infer` (no --model) in a directory
# that another user controls must not run a package that user put in
# ./models.  ./models is searched only when it and "." are owned by us (or
# root) and not writable by others ("." may be sticky, like /tmp).
# "Another user" is nobody (the test runs as root in CI).
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "${INDUCTOR_SRCDIR:-.}/tests/security/plant.sh"

MARK=$TEST_TMP/marker
GOOD=$TEST_TMP/good.json
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$GOOD"
export INDUCTOR_CACHE_DIR=$TEST_TMP/cache
unset MODELS_DIR
plan 7

plant_so "$TEST_TMP/evil.so" "$MARK" &&
    plant_package "$FIXTURES/deterministic.pt2" "$TEST_TMP/evil.pt2" "$TEST_TMP/evil.so"
ok $? "a package whose model .so writes a marker when loaded"

# setup_dir DIR: DIR/models/default/model.pt2 is the planted package.
setup_dir() {
    mkdir -p "$1/models/default" && cp "$TEST_TMP/evil.pt2" "$1/models/default/model.pt2"
}

if [ "$(id -u)" -ne 0 ]; then
    for i in 2 3 4 5 6 7; do skip "needs root to make files owned by another user (nobody)"; done
    finish
fi

# The control: our own ./models is searched, so the marker shows a load.
setup_dir "$TEST_TMP/own" && chmod 755 "$TEST_TMP/own" "$TEST_TMP/own/models"
(cd "$TEST_TMP/own" && "$INDUCTOR" infer --input "$GOOD" >/dev/null 2>&1)
[ -e "$MARK" ]
ok $? "control: our own ./models/default is searched (the planted code ran)"
rm -f "$MARK"

setup_dir "$TEST_TMP/theirs" && chown -R nobody "$TEST_TMP/theirs"
cd "$TEST_TMP/theirs" && run "$INDUCTOR" infer --input "$GOOD"
cd "$TEST_TMP" || exit 1
[ "$rc" -eq 4 ] && [ ! -e "$MARK" ] &&
    grep -q "\./models ignored: .* is owned by uid" "$TEST_TMP/err"
ok $? "./models owned by another user is not searched (exit 4, says why)"
diag "$(cat "$TEST_TMP/err")"

setup_dir "$TEST_TMP/open" && chmod 777 "$TEST_TMP/open/models"
cd "$TEST_TMP/open" && run "$INDUCTOR" infer --input "$GOOD"
cd "$TEST_TMP" || exit 1
[ "$rc" -eq 4 ] && [ ! -e "$MARK" ] && grep -q "writable by others" "$TEST_TMP/err"
ok $? "./models writable by others is not searched"

setup_dir "$TEST_TMP/opencwd" && chmod 777 "$TEST_TMP/opencwd"
cd "$TEST_TMP/opencwd" && run "$INDUCTOR" infer --input "$GOOD"
cd "$TEST_TMP" || exit 1
[ "$rc" -eq 4 ] && [ ! -e "$MARK" ]
ok $? "./models in a directory writable by others (not sticky) is not searched"

mkdir -p "$TEST_TMP/real" && setup_dir "$TEST_TMP/real/x" &&
    mkdir -p "$TEST_TMP/link" && ln -s "$TEST_TMP/real/x/models" "$TEST_TMP/link/models"
cd "$TEST_TMP/link" && run "$INDUCTOR" infer --input "$GOOD"
cd "$TEST_TMP" || exit 1
[ "$rc" -eq 4 ] && [ ! -e "$MARK" ]
ok $? "./models that is a symbolic link is not searched"

cd "$TEST_TMP/theirs" && MODELS_DIR= run "$INDUCTOR" models
cd "$TEST_TMP" || exit 1
[ ! -e "$MARK" ] && ! grep -q "^default " "$TEST_TMP/out"
ok $? "models does not list another user's ./models"

finish

#!/bin/sh
# backend_modules.sh - libtorch loads only when a model (or a device) needs
# it, through a backend module found beside libinductor or in
# $INDUCTOR_BACKEND_DIR; a module that is missing, broken or not a module
# is exit 4 with one line naming its path and the loader's reason.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

plan 10

BACKEND=${INDUCTOR_BACKEND%%,*}
MODULE=$INDUCTOR_BUILDDIR/.libs/inductor-backend-$BACKEND.so
PT2=$FIXTURES/deterministic.pt2
IN=$FIXTURES/deterministic.input.json
export MODELS_DIR=$FIXTURES

# loads_libtorch CMD...: LD_DEBUG shows libtorch_cpu being opened.
loads_libtorch() {
    env LD_DEBUG=files "$@" >/dev/null 2>"$TEST_TMP/ld"
    grep -q "file=.*libtorch_cpu\.so .*\[0\];  *\(needed\|dynamically loaded\)" "$TEST_TMP/ld"
}

no_torch=0
for cmd in "--help" "--version" "info --model $PT2" "models" "info --help" \
    "infer --no-such-option" "cache list"; do
    if loads_libtorch "$INDUCTOR" $cmd; then
        no_torch=1
        diag "inductor $cmd loaded libtorch"
    fi
done
ok $no_torch "--help, --version, info, models, cache and a usage error load no libtorch"

loads_libtorch "$INDUCTOR" infer --model "$PT2" --input "$IN"
ok $? "infer loads libtorch (through the $BACKEND module)"

EMPTY=$TEST_TMP/empty
mkdir "$EMPTY"
expect_error 4 "no backend module for cpu models: $EMPTY/inductor-backend-cpu\.so is missing" \
    "INDUCTOR_BACKEND_DIR without modules: infer names the missing module" -- \
    env INDUCTOR_BACKEND_DIR="$EMPTY" "$INDUCTOR" infer --model "$PT2" --input "$IN"

run env INDUCTOR_BACKEND_DIR="$EMPTY" "$INDUCTOR" info --model "$PT2"
[ "$rc" -eq 0 ] && grep -q "^models: 1" "$TEST_TMP/out"
ok $? "info needs no module"

run env INDUCTOR_BACKEND_DIR="$EMPTY" "$INDUCTOR" --version
[ "$rc" -eq 0 ] && grep -qx "module $BACKEND missing $EMPTY/inductor-backend-$BACKEND.so" "$TEST_TMP/out"
ok $? "--version says the module is missing, and where it was looked for"

BROKEN=$TEST_TMP/broken
mkdir "$BROKEN"
echo "not a library" >"$BROKEN/inductor-backend-cpu.so"
expect_error 4 "cannot load the cpu backend module $BROKEN/inductor-backend-cpu\.so: .*(file too short|invalid ELF header)" \
    "a module that is not a library: exit 4 with dlerror's reason" -- \
    env INDUCTOR_BACKEND_DIR="$BROKEN" "$INDUCTOR" infer --model "$PT2" --input "$IN"

NOENTRY=$TEST_TMP/noentry
mkdir "$NOENTRY"
echo 'int not_a_backend(void) { return 1; }' >"$TEST_TMP/x.c"
if ${CC:-cc} -shared -fPIC -o "$NOENTRY/inductor-backend-cpu.so" "$TEST_TMP/x.c" 2>"$TEST_TMP/cc.err"; then
    expect_error 4 "$NOENTRY/inductor-backend-cpu\.so is not an inductor backend module \(no inductor_backend_entry\)" \
        "a library without the entry point is refused" -- \
        env INDUCTOR_BACKEND_DIR="$NOENTRY" "$INDUCTOR" infer --model "$PT2" --input "$IN"
else
    ok 1 "a library without the entry point is refused (could not compile one)"
    diag "$(cat "$TEST_TMP/cc.err")"
fi

# The modules move with INDUCTOR_BACKEND_DIR: a copy elsewhere runs.
MOVED=$TEST_TMP/moved
mkdir "$MOVED"
cp "$MODULE" "$MOVED/"
run env INDUCTOR_BACKEND_DIR="$MOVED" "$INDUCTOR" infer --model "$PT2" --input "$IN"
[ "$rc" -eq 0 ] && grep -q '"data":\[2.5,5.5,11\]' "$TEST_TMP/out"
ok $? "a copy of the module in INDUCTOR_BACKEND_DIR runs the model"
[ "$rc" -eq 0 ] || diag "$(cat "$TEST_TMP/err")"

# A GPU question without a GPU module loads nothing and says why.
case ",$INDUCTOR_BACKEND," in
*,cuda,* | *,rocm,*) skip "this build has a GPU module" ;;
*) expect_error 4 "no CUDA device: this inductor was built for the cpu backend" \
       "test-device --device cuda in a cpu build" -- \
       "$INDUCTOR" test-device --device cuda ;;
esac

# The exit statuses of a missing module are documented.
run "$INDUCTOR" --help
grep -q "4  package or device unusable here" "$TEST_TMP/out"
ok $? "--help documents exit 4"

finish

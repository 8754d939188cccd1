#!/bin/sh
# backend_build.sh - the build is what its backends say: the program
# reports them, libinductor links no libtorch at all, each backend module
# links its libtorch's libraries (DT_NEEDED, so the "cuda" runner
# registers) and exports only its entry point, and the GPU runtime is
# compiled into the cuda and rocm modules only.  INDUCTOR_EXPECT_BACKEND
# (scripts/check-cuda.sh sets it) pins the expected backends instead of
# trusting configure's choice.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

want=${INDUCTOR_EXPECT_BACKEND:-$INDUCTOR_BACKEND}
lib=$INDUCTOR_BUILDDIR/.libs/libinductor.so
READELF=${READELF:-readelf}
modules=$(echo "$want" | tr ',' ' ')

plan $((3 + 4 * $(echo "$modules" | wc -w)))

run "$INDUCTOR" --version
[ "$rc" -eq 0 ] && grep -qx "backend $want" "$TEST_TMP/out"
ok $? "--version says backend $want"
diag "$(cat "$TEST_TMP/out")"

dynamic() { # FILE: its dynamic section, into $TEST_TMP/dynamic
    if ! "$READELF" -d "$1" >"$TEST_TMP/dynamic" 2>"$TEST_TMP/err"; then
        diag "cannot read $1 with $READELF:" "$(cat "$TEST_TMP/err")"
        : >"$TEST_TMP/dynamic"
    fi
}
needed() { grep -q "(NEEDED).*\[$1\]" "$TEST_TMP/dynamic"; }

dynamic "$lib"
[ -s "$TEST_TMP/dynamic" ] && ! grep -q "(NEEDED).*\[lib\(torch\|c10\|stdc++\)" "$TEST_TMP/dynamic"
ok $? "libinductor needs no libtorch, no c10 and no libstdc++: its modules do"

"$READELF" --dyn-syms -W "$lib" >"$TEST_TMP/dynsyms" 2>/dev/null
exported=0
for f in inductor_device_info inductor_model_peak_device_memory inductor_backend_module_info; do
    grep -Eq "FUNC +GLOBAL +DEFAULT +[0-9]+ $f(@.*)?$" "$TEST_TMP/dynsyms" &&
        exported=$((exported + 1))
done
[ "$exported" -eq 3 ]
ok $? "libinductor exports the device and backend module functions"

for m in $modules; do
    so=$INDUCTOR_BUILDDIR/.libs/inductor-backend-$m.so
    run "$INDUCTOR" --version
    grep -q "^module $m libtorch [0-9][0-9.]* $so\$" "$TEST_TMP/out"
    ok $? "--version lists the $m module, its libtorch and its path"

    dynamic "$so"
    # libtorch.so too: the model .so AOTInductor compiles needs it and
    # cannot find it by itself when dlopen'd (torch 2.14), so it must be
    # loaded.
    needed libtorch.so && needed libtorch_cpu.so && needed libc10.so
    ok $? "the $m module needs libtorch, libtorch_cpu and libc10"
    case $m in
    cuda) needed libtorch_cuda.so && needed libc10_cuda.so &&
              ! needed libtorch_hip.so
          ok $? "the cuda module needs libtorch_cuda and libc10_cuda (the cuda runner registers)" ;;
    rocm) needed libtorch_hip.so && needed libc10_hip.so &&
              ! needed libtorch_cuda.so
          ok $? "the rocm module needs libtorch_hip and libc10_hip" ;;
    *)    ! needed libtorch_cuda.so && ! needed libc10_cuda.so &&
              ! needed libtorch_hip.so && ! needed libc10_hip.so
          ok $? "the cpu module needs no GPU library of torch" ;;
    esac
    grep "(NEEDED)" "$TEST_TMP/dynamic" | sed 's/.*\[\(.*\)\]/\1/' | tr '\n' ' ' |
        { read -r l; diag "$m module DT_NEEDED: $l"; }

    # Of its own functions it exports only the entry point (its copies of
    # inductor_tensor_data() and the like must never stand in for
    # libinductor's; libtorch's headers' weak RTTI stays exported, as
    # C++ needs).  libtool links with -retain-symbols-file, so the symbol
    # table holds the entry point only: whether gpu_runtime.cpp was
    # compiled in shows by its own message text in the module's bytes,
    # beside one from device_bridge.cpp that every module has.
    "$READELF" --dyn-syms -W "$so" | awk '($4 == "FUNC" || $4 == "OBJECT") && $5 != "LOCAL" && $7 != "UND" { print $8 }' |
        sed 's/@.*//' | grep '^inductor' | sort -u >"$TEST_TMP/exports"
    gpu_syms=$(grep -c -a "querying the GPU's properties" "$so")
    all_syms=$(grep -c -a "counting CUDA devices" "$so")
    case $m in
    cuda|rocm) [ "$gpu_syms" -gt 0 ] ;;
    *)         [ "$gpu_syms" -eq 0 ] ;;
    esac && [ "$all_syms" -gt 0 ] &&
        [ "$(cat "$TEST_TMP/exports")" = inductor_backend_entry ]
    ok $? "the $m module exports inductor_backend_entry and no other inductor_ symbol; GPU runtime compiled in: $gpu_syms marks"
    [ "$(cat "$TEST_TMP/exports")" = inductor_backend_entry ] ||
        diag "exports: $(tr '\n' ' ' <"$TEST_TMP/exports")"
done

finish

#!/bin/sh
# backend_build.sh - the build is what its backend says: the program
# reports it, libinductor links libtorch's libraries for it (DT_NEEDED, so
# the "cuda" runner registers), and the GPU runtime is compiled in for cuda
# and rocm only.  INDUCTOR_EXPECT_BACKEND (scripts/check-cuda.sh sets cuda)
# pins the expected backend instead of trusting configure's choice.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

want=${INDUCTOR_EXPECT_BACKEND:-$INDUCTOR_BACKEND}
lib=$INDUCTOR_BUILDDIR/.libs/libinductor.so
READELF=${READELF:-readelf}

plan 5

run "$INDUCTOR" --version
[ "$rc" -eq 0 ] && grep -qx "backend $want" "$TEST_TMP/out"
ok $? "--version says backend $want"
diag "$(cat "$TEST_TMP/out")"

if ! "$READELF" -d "$lib" >"$TEST_TMP/dynamic" 2>"$TEST_TMP/err"; then
    diag "cannot read $lib with $READELF:" "$(cat "$TEST_TMP/err")"
    : >"$TEST_TMP/dynamic"
fi
needed() { grep -q "(NEEDED).*\[$1\]" "$TEST_TMP/dynamic"; }

# libtorch.so too: the model .so AOTInductor compiles needs it and cannot
# find it by itself when dlopen'd (torch 2.14), so it must be loaded.
needed libtorch.so && needed libtorch_cpu.so && needed libc10.so
ok $? "libinductor needs libtorch, libtorch_cpu and libc10"

case $want in
cuda) needed libtorch_cuda.so && needed libc10_cuda.so &&
          ! needed libtorch_hip.so
      ok $? "libinductor needs libtorch_cuda and libc10_cuda (the cuda runner registers)" ;;
rocm) needed libtorch_hip.so && needed libc10_hip.so &&
          ! needed libtorch_cuda.so
      ok $? "libinductor needs libtorch_hip and libc10_hip" ;;
*)    ! needed libtorch_cuda.so && ! needed libc10_cuda.so &&
          ! needed libtorch_hip.so && ! needed libc10_hip.so
      ok $? "a cpu libinductor needs no GPU library of torch" ;;
esac
grep "(NEEDED)" "$TEST_TMP/dynamic" | sed 's/.*\[\(.*\)\]/\1/' | tr '\n' ' ' |
    { read -r l; diag "DT_NEEDED: $l"; }

# The symbol table (not stripped in the build tree) shows whether
# gpu_runtime.cpp was compiled in.
"$READELF" -sW "$lib" >"$TEST_TMP/symbols" 2>/dev/null
gpu_syms=$(grep -c "inductor_bridge_gpu_properties" "$TEST_TMP/symbols")
case $want in
cuda|rocm) [ "$gpu_syms" -gt 0 ]
           ok $? "the GPU runtime is compiled into a $want build" ;;
*)         [ "$gpu_syms" -eq 0 ] && [ -s "$TEST_TMP/symbols" ]
           ok $? "a cpu build has no GPU runtime in it" ;;
esac

"$READELF" --dyn-syms -W "$lib" >"$TEST_TMP/dynsyms" 2>/dev/null
exported=0
for f in inductor_device_info inductor_model_peak_device_memory; do
    grep -Eq "FUNC +GLOBAL +DEFAULT +[0-9]+ $f(@.*)?$" "$TEST_TMP/dynsyms" &&
        exported=$((exported + 1))
done
[ "$exported" -eq 2 ]
ok $? "inductor_device_info and inductor_model_peak_device_memory are exported"

finish

#!/bin/sh
# rocm.sh - configure with a fake ROCm torch: what PyTorch's headers need
# for HIP (USE_ROCM, __HIP_PLATFORM_AMD__, HIPBLAS_V2), ROCm's headers from
# ROCM_PATH, libtorch_hip and libc10_hip linked so that they stay
# DT_NEEDED; a ROCm torch is known by libtorch_hip.so or torch.version.hip.
. "${INDUCTOR_SRCDIR:-.}/tests/configure/setup.sh"

plan 10

T=$TEST_TMP/torch
make_torch "$T" rocm 2.14.1
ROCM=$TEST_TMP/rocm
make_rocm "$ROCM"
TOKEN="-Wl,--push-state,--no-as-needed,-ltorch,-ltorch_hip,-lc10_hip,--pop-state"

B=$TEST_TMP/rocm-build
configure_in "$B" PYTHON="$T/bin/python" --with-backend=rocm ROCM_PATH="$ROCM"
ok "$rc" "configure --with-backend=rocm succeeds with a ROCm torch and ROCM_PATH"
[ "$rc" -eq 0 ] || diag "$(cat "$B/err")"
[ "$(cfg "$B" INDUCTOR_BACKEND)" = rocm ] &&
    grep -q "^checking the flavour of libtorch... rocm (HIP 6.4.43482)$" "$B/out"
ok $? "backend rocm; configure reports the HIP version from torch.version.hip"
case " $(cfg "$B" LIBTORCH_CPPFLAGS) " in
*" -DUSE_ROCM=1 -D__HIP_PLATFORM_AMD__=1 -DHIPBLAS_V2 -isystem $ROCM/include "*)
    ok 0 "USE_ROCM, __HIP_PLATFORM_AMD__, HIPBLAS_V2 and ROCM_PATH's headers on the compile line" ;;
*) ok 1 "USE_ROCM, __HIP_PLATFORM_AMD__, HIPBLAS_V2 and ROCM_PATH's headers on the compile line"
   diag "LIBTORCH_CPPFLAGS=$(cfg "$B" LIBTORCH_CPPFLAGS)" ;;
esac
[ "$(cfg "$B" LIBTORCH_LIBS)" = "-L$T/torch/lib -ltorch_cpu -lc10 $TOKEN" ] &&
    ! grep -q -- "-DUSE_CUDA" "$B/config.log"
ok $? "libtorch, libtorch_hip and libc10_hip are kept needed in one -Wl token, nothing of CUDA"
defined "$B" INDUCTOR_WITH_ROCM && defined "$B" INDUCTOR_WITH_GPU &&
    ! defined "$B" INDUCTOR_WITH_CUDA && grep -q '^#define INDUCTOR_BACKEND_NAME "rocm"$' "$B/config.h"
ok $? "config.h defines INDUCTOR_WITH_ROCM, INDUCTOR_WITH_GPU and backend name rocm"
cond "$B" BACKEND_ROCM && cond "$B" BACKEND_GPU && ! cond "$B" BACKEND_CUDA
ok $? "the conditionals BACKEND_ROCM and BACKEND_GPU are true, BACKEND_CUDA false"

B=$TEST_TMP/auto
configure_in "$B" PYTHON="$T/bin/python" ROCM_PATH="$ROCM"
[ "$rc" -eq 0 ] && [ "$(cfg "$B" INDUCTOR_BACKEND)" = rocm ]
ok $? "with no --with-backend the ROCm torch gives rocm"

B=$TEST_TMP/no-headers
configure_in "$B" PYTHON="$T/bin/python" --with-backend=rocm ROCM_PATH="$TEST_TMP/nowhere"
[ "$rc" -ne 0 ] && config_error "$B" | grep -q "ROCm headers not found: no $TEST_TMP/nowhere/include/hip/hip_runtime_api.h; set ROCM_PATH"
ok $? "a ROCM_PATH without HIP headers is one clear error naming ROCM_PATH"

# torch.version.hip alone: a torch that says ROCm but lacks libtorch_hip.so.
H=$TEST_TMP/hip-without-lib
make_torch "$H" rocm 2.14.1
rm -f "$H/torch/lib/libtorch_hip.so"
B=$TEST_TMP/broken
configure_in "$B" PYTHON="$H/bin/python" ROCM_PATH="$ROCM"
[ "$rc" -ne 0 ] && config_error "$B" |
    grep -q "is a rocm build (HIP 6.4.43482), but $H/torch/lib has no libtorch_hip.so"
ok $? "torch.version.hip without libtorch_hip.so is a clear error"

# libtorch_hip.so alone: a libtorch tree given by --with-libtorch, with a
# Python whose (CPU) torch says nothing about it.
L=$TEST_TMP/libtorch-tree
make_torch "$L" rocm 2.14.1
B=$TEST_TMP/tree
configure_in "$B" PYTHON="$PYTHON" --with-libtorch="$L/torch" ROCM_PATH="$ROCM"
[ "$rc" -eq 0 ] && [ "$(cfg "$B" INDUCTOR_BACKEND)" = rocm ] &&
    [ "$(cfg "$B" LIBTORCH_LIBDIR)" = "$L/torch/lib" ]
ok $? "a libtorch tree with libtorch_hip.so is a rocm torch whatever \$PYTHON's torch is"

finish

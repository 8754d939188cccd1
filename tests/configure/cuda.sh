#!/bin/sh
# cuda.sh - configure with a fake CUDA torch: the toolkit from CUDA_HOME or
# CUDA_PATH, cuBLAS headers from it or from the wheel's nvidia packages,
# libtorch_cuda and libc10_cuda linked so that they stay DT_NEEDED.
. "${INDUCTOR_SRCDIR:-.}/tests/configure/setup.sh"

plan 11

T=$TEST_TMP/torch
make_torch "$T" cuda 2.14.1
CUDA=$TEST_TMP/cuda
make_cuda "$CUDA" cublas
TOKEN="-Wl,--push-state,--no-as-needed,-ltorch,-ltorch_cuda,-lc10_cuda,--pop-state"

B=$TEST_TMP/cuda-build
configure_in "$B" PYTHON="$T/bin/python" --with-backend=cuda CUDA_HOME="$CUDA"
ok "$rc" "configure --with-backend=cuda succeeds with a CUDA torch and CUDA_HOME"
[ "$rc" -eq 0 ] || diag "$(cat "$B/err")"
[ "$(cfg "$B" INDUCTOR_BACKEND)" = cuda ] && [ "$(cfg "$B" LIBTORCH_CXX_STD)" = c++20 ]
ok $? "backend cuda, C++20 for torch 2.14"
case " $(cfg "$B" LIBTORCH_CPPFLAGS) " in
*" -DUSE_CUDA -isystem $CUDA/include "*) ok 0 "USE_CUDA and CUDA_HOME's headers on the compile line" ;;
*) ok 1 "USE_CUDA and CUDA_HOME's headers on the compile line"
   diag "LIBTORCH_CPPFLAGS=$(cfg "$B" LIBTORCH_CPPFLAGS)" ;;
esac
[ "$(cfg "$B" LIBTORCH_LIBS)" = "-L$T/torch/lib -ltorch_cpu -lc10 $TOKEN" ]
ok $? "libtorch, libtorch_cuda and libc10_cuda are kept needed in one -Wl token"
defined "$B" INDUCTOR_WITH_CUDA && defined "$B" INDUCTOR_WITH_GPU &&
    ! defined "$B" INDUCTOR_WITH_ROCM
ok $? "config.h defines INDUCTOR_WITH_CUDA and INDUCTOR_WITH_GPU, not ROCm"
cond "$B" BACKEND_CUDA && cond "$B" BACKEND_GPU && ! cond "$B" BACKEND_ROCM
ok $? "the conditionals BACKEND_CUDA and BACKEND_GPU are true, BACKEND_ROCM false"

B=$TEST_TMP/auto
configure_in "$B" PYTHON="$T/bin/python" CUDA_PATH="$CUDA"
[ "$rc" -eq 0 ] && [ "$(cfg "$B" INDUCTOR_BACKEND)" = cuda ] &&
    grep -q "^checking the flavour of libtorch... cuda (CUDA 13.0)$" "$B/out" &&
    case " $(cfg "$B" LIBTORCH_CPPFLAGS) " in *" -isystem $CUDA/include "*) true ;; *) false ;; esac
ok $? "with no --with-backend the CUDA torch gives cuda, and CUDA_PATH is honoured"

B=$TEST_TMP/no-headers
configure_in "$B" PYTHON="$T/bin/python" --with-backend=cuda CUDA_HOME="$TEST_TMP/nowhere"
[ "$rc" -ne 0 ] && config_error "$B" | grep -q "CUDA headers not found: no $TEST_TMP/nowhere/include/cuda_runtime_api.h; set CUDA_HOME"
ok $? "a CUDA_HOME without headers is one clear error naming CUDA_HOME"

# A runtime-only toolkit: cuBLAS comes from the wheel's nvidia packages.
BARE=$TEST_TMP/cuda-runtime-only
make_cuda "$BARE"
B=$TEST_TMP/bare
configure_in "$B" PYTHON="$T/bin/python" --with-backend=cuda CUDA_HOME="$BARE"
[ "$rc" -ne 0 ] && config_error "$B" | grep -q "cublas_v2.h not found in $BARE/include"
ok $? "without cuBLAS headers anywhere, configure says cublas_v2.h is missing"
mkdir -p "$T/nvidia/cu13/include" "$T/nvidia/cudnn/include"
: >"$T/nvidia/cu13/include/cublas_v2.h"
configure_in "$B.wheel" PYTHON="$T/bin/python" --with-backend=cuda CUDA_HOME="$BARE"
case " $(cfg "$B.wheel" LIBTORCH_CPPFLAGS) " in
*" -isystem $BARE/include -isystem $T/nvidia/cu13/include -isystem $T/nvidia/cudnn/include "*)
    [ "$rc" -eq 0 ] ;;
*) false ;;
esac
ok $? "the wheel's nvidia/*/include follow CUDA_HOME's on the compile line"

B=$TEST_TMP/cpu-on-cuda
configure_in "$B" PYTHON="$T/bin/python" --with-backend=cpu
[ "$rc" -eq 0 ] && [ "$(cfg "$B" INDUCTOR_BACKEND)" = cpu ] &&
    [ "$(cfg "$B" LIBTORCH_LIBS)" = "-L$T/torch/lib -ltorch_cpu -lc10 -Wl,--push-state,--no-as-needed,-ltorch,--pop-state" ] &&
    ! defined "$B" INDUCTOR_WITH_GPU
ok $? "--with-backend=cpu on a CUDA torch builds a cpu inductor"

finish

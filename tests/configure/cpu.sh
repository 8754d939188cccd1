#!/bin/sh
# cpu.sh - configure with a fake CPU torch: the cpu backend, no GPU flags,
# libraries or defines, and the C++ standard the torch version needs.
. "${INDUCTOR_SRCDIR:-.}/tests/configure/setup.sh"

plan 7

T=$TEST_TMP/torch
make_torch "$T" cpu 2.13.0
B=$TEST_TMP/auto
configure_in "$B" PYTHON="$T/bin/python"
ok "$rc" "configure succeeds with a CPU torch"
[ "$rc" -eq 0 ] || diag "$(cat "$B/err")"

[ "$(cfg "$B" INDUCTOR_BACKEND)" = cpu ]
ok $? "the backend follows the torch: cpu"
[ "$(cfg "$B" LIBTORCH_LIBDIR)" = "$T/torch/lib" ] &&
    [ "$(cfg "$B" LIBTORCH_VERSION)" = 2.13.0 ]
ok $? "libtorch is found through \$PYTHON's torch, version from its headers"
[ "$(cfg "$B" LIBTORCH_CXX_STD)" = c++17 ]
ok $? "torch 2.13 headers are compiled as C++17"
[ "$(cfg "$B" LIBTORCH_LIBS)" = "-L$T/torch/lib -ltorch_cpu -lc10 -Wl,--push-state,--no-as-needed,-ltorch,--pop-state" ]
ok $? "only the CPU libraries are linked, libtorch kept needed: $(cfg "$B" LIBTORCH_LIBS)"
! grep -Eq -- "-DUSE_(CUDA|ROCM)|HIP_PLATFORM" "$B/config.log" &&
    ! defined "$B" INDUCTOR_WITH_GPU && ! defined "$B" INDUCTOR_WITH_CUDA &&
    ! defined "$B" INDUCTOR_WITH_ROCM
ok $? "no GPU macro, neither on the command line nor in config.h"
! cond "$B" BACKEND_GPU && ! cond "$B" BACKEND_CUDA && ! cond "$B" BACKEND_ROCM &&
    grep -q '^BACKEND_GPU_FALSE=' "$B/config.log"
ok $? "the automake conditionals BACKEND_GPU, BACKEND_CUDA, BACKEND_ROCM are false"

finish

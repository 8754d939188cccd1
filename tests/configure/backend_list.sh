#!/bin/sh
# backend_list.sh - --with-backend=cpu,cuda builds a module per entry, each
# against the libtorch given for it (--with-libtorch-BACKEND), or the one
# found when it serves them all; a list that names a backend twice, mixes
# in auto, or asks for a GPU module with only a CPU torch is refused.
. "${INDUCTOR_SRCDIR:-.}/tests/configure/setup.sh"

plan 9

CPU=$TEST_TMP/cpu
make_torch "$CPU" cpu 2.13.0
GPU=$TEST_TMP/gpu
make_torch "$GPU" cuda 2.14.1
CUDA=$TEST_TMP/cuda
make_cuda "$CUDA" cublas

B=$TEST_TMP/two-torches
configure_in "$B" PYTHON="$CPU/bin/python" --with-backend=cpu,cuda \
    --with-libtorch-cuda="$GPU/torch" CUDA_HOME="$CUDA"
ok "$rc" "cpu,cuda with the Python's CPU torch and --with-libtorch-cuda configures"
[ "$rc" -eq 0 ] || diag "$(cat "$B/err")"
[ "$(cfg "$B" INDUCTOR_BACKEND)" = cpu,cuda ] &&
    [ "$(cfg "$B" LIBTORCH_VERSION_cpu)" = 2.13.0 ] &&
    [ "$(cfg "$B" LIBTORCH_VERSION_cuda)" = 2.14.1 ] &&
    [ "$(cfg "$B" LIBTORCH_CXX_STD_cpu)" = c++17 ] &&
    [ "$(cfg "$B" LIBTORCH_CXX_STD_cuda)" = c++20 ]
ok $? "each module has its own libtorch version and C++ standard"
[ "$(cfg "$B" LIBTORCH_LIBS_cpu)" = "-L$CPU/torch/lib -ltorch_cpu -lc10 -Wl,--push-state,--no-as-needed,-ltorch,--pop-state" ] &&
    [ "$(cfg "$B" LIBTORCH_LIBS_cuda)" = "-L$GPU/torch/lib -ltorch_cpu -lc10 -Wl,--push-state,--no-as-needed,-ltorch,-ltorch_cuda,-lc10_cuda,--pop-state" ]
ok $? "the cpu module links the CPU torch only, the cuda module the CUDA torch with its GPU libraries"
case " $(cfg "$B" LIBTORCH_CPPFLAGS_cpu) " in *USE_CUDA*) false ;; *) true ;; esac &&
    case " $(cfg "$B" LIBTORCH_CPPFLAGS_cuda) " in *" -DUSE_CUDA "*) true ;; *) false ;; esac
ok $? "only the cuda module compiles with USE_CUDA"
cond "$B" MODULE_CPU && cond "$B" MODULE_CUDA && ! cond "$B" MODULE_ROCM &&
    cond "$B" BACKEND_GPU && defined "$B" INDUCTOR_WITH_CUDA
ok $? "the cpu and cuda module conditionals are true, rocm's false"

B=$TEST_TMP/one-torch
configure_in "$B" PYTHON="$GPU/bin/python" --with-backend=cuda,cpu CUDA_HOME="$CUDA"
[ "$rc" -eq 0 ] && [ "$(cfg "$B" INDUCTOR_BACKEND)" = cuda,cpu ] &&
    [ "$(cfg "$B" LIBTORCH_LIBDIR_cpu)" = "$GPU/torch/lib" ] &&
    [ "$(cfg "$B" LIBTORCH_LIBS)" = "$(cfg "$B" LIBTORCH_LIBS_cuda)" ]
ok $? "one CUDA torch serves both modules; the plain names describe the first"

B=$TEST_TMP/no-gpu-torch
configure_in "$B" PYTHON="$CPU/bin/python" --with-backend=cpu,cuda CUDA_HOME="$CUDA"
[ "$rc" -ne 0 ] && config_error "$B" |
    grep -q "with-backend=cpu,cuda does not match the torch found: libtorch 2.13.0 in $CPU/torch/lib is a cpu build.*--with-libtorch-cuda=DIR"
ok $? "a cuda entry with only a CPU torch is one error pointing at --with-libtorch-cuda"

B=$TEST_TMP/twice
configure_in "$B" PYTHON="$CPU/bin/python" --with-backend=cpu,cpu
[ "$rc" -ne 0 ] && config_error "$B" | grep -q "with-backend names cpu twice: 'cpu,cpu'"
ok $? "a backend named twice is refused"

B=$TEST_TMP/auto-in-list
configure_in "$B" PYTHON="$CPU/bin/python" --with-backend=cpu,auto
[ "$rc" -ne 0 ] && config_error "$B" | grep -q "with-backend=auto cannot be part of a list"
ok $? "auto in a list is refused"

finish

# inductor_libtorch.m4 - find libtorch, choose the backend, set C++ flags.
#
# INDUCTOR_LIBTORCH
#   Options: --with-libtorch=DIR|auto (env LIBTORCH), --with-libtorch-include,
#   --with-libtorch-lib, --with-backend=cpu|cuda|rocm|auto.
#   Precious variables: LIBTORCH, LIBTORCH_CXX11_ABI, CUDA_HOME, CUDA_PATH,
#   ROCM_PATH.
#   Substitutes: INDUCTOR_BACKEND, LIBTORCH_VERSION, LIBTORCH_INCLUDEDIR,
#   LIBTORCH_LIBDIR, LIBTORCH_CXX_STD, LIBTORCH_CXX11_ABI, LIBTORCH_CPPFLAGS,
#   LIBTORCH_LIBS, LIBTORCH_RPATH (empty for a system lib dir).
#   Conditionals: BACKEND_CUDA, BACKEND_ROCM, HAVE_RPATH.
#   Defines (config.h): INDUCTOR_BACKEND_NAME, INDUCTOR_LIBTORCH_VERSION,
#   and INDUCTOR_WITH_CUDA or INDUCTOR_WITH_ROCM for a GPU backend.
#   The backend must match the torch's flavour (or be cpu); for cuda the
#   toolkit comes from CUDA_HOME/CUDA_PATH, for rocm from ROCM_PATH, and
#   either's headers must be there.

# _INDUCTOR_TORCH_FROM_PYTHON: ask $PYTHON where torch lives and what it is.
# Sets inductor_py_dir, inductor_py_version, inductor_py_abi,
# inductor_py_cuda, inductor_py_hip (empty when $PYTHON has no torch).
AC_DEFUN([_INDUCTOR_TORCH_FROM_PYTHON], [
  inductor_py_dir=; inductor_py_version=; inductor_py_abi=
  inductor_py_cuda=; inductor_py_hip=
  AS_IF([test -n "$PYTHON"], [
    AC_MSG_CHECKING([for torch in $PYTHON])
    inductor_py_out=`$PYTHON -c 'import os, torch
print(torch.__path__[[0]])
print(torch.__version__.split("+")[[0]])
print(int(torch._C._GLIBCXX_USE_CXX11_ABI))
print(torch.version.cuda or "")
print(getattr(torch.version, "hip", None) or "")' 2>/dev/null`
    AS_IF([test -n "$inductor_py_out"], [
      inductor_py_dir=`echo "$inductor_py_out" | sed -n 1p`
      inductor_py_version=`echo "$inductor_py_out" | sed -n 2p`
      inductor_py_abi=`echo "$inductor_py_out" | sed -n 3p`
      inductor_py_cuda=`echo "$inductor_py_out" | sed -n 4p`
      inductor_py_hip=`echo "$inductor_py_out" | sed -n 5p`
      AC_MSG_RESULT([$inductor_py_version in $inductor_py_dir])
    ], [AC_MSG_RESULT([no])])
  ])
])

# _INDUCTOR_TORCH_HEADER_VERSION(INCLUDEDIR): the version the headers declare.
AC_DEFUN([_INDUCTOR_TORCH_HEADER_VERSION], [
  inductor_hdr_version=
  for inductor_vh in "$1/torch/headeronly/version.h" \
                     "$1/torch/csrc/api/include/torch/version.h"; do
    AS_IF([test -f "$inductor_vh"], [
      inductor_hdr_version=`$SED -n \
        -e 's/^#define TORCH_VERSION_MAJOR \(.*\)$/\1/p' \
        -e 's/^#define TORCH_VERSION_MINOR \(.*\)$/\1/p' \
        -e 's/^#define TORCH_VERSION_PATCH \(.*\)$/\1/p' \
        "$inductor_vh" | tr '\n' . | sed 's/\.$//'`
      break])
  done
])

# INDUCTOR_LIBTORCH: --with-backend takes one backend or a comma list
# (cpu,cuda); each entry gets a backend module built against its own
# libtorch: --with-libtorch-BACKEND=DIR, else --with-libtorch (or LIBTORCH,
# or the Python torch).  _INDUCTOR_LIBTORCH_ONE does one entry; its results
# are kept per backend (LIBTORCH_CPPFLAGS_cuda, ...) for the module's
# makefile target, and the first entry's also under the plain names.
AC_DEFUN([INDUCTOR_LIBTORCH], [
  AC_ARG_VAR([LIBTORCH], [libtorch directory (with include/ and lib/); same as --with-libtorch])
  AC_ARG_VAR([LIBTORCH_CXX11_ABI], [override the C++11 ABI flag (0 or 1) libtorch was built with])
  AC_ARG_VAR([CUDA_HOME], [CUDA toolkit directory (default /usr/local/cuda); CUDA_PATH also honoured])
  AC_ARG_VAR([CUDA_PATH], [CUDA toolkit directory, when CUDA_HOME is unset])
  AC_ARG_VAR([ROCM_PATH], [ROCm directory (default /opt/rocm)])

  AC_ARG_WITH([libtorch],
    [AS_HELP_STRING([--with-libtorch=DIR|auto],
      [libtorch tree with include/ and lib/ (default: auto, from the Python torch)])],
    [], [with_libtorch=${LIBTORCH:-auto}])
  AC_ARG_WITH([libtorch-include],
    [AS_HELP_STRING([--with-libtorch-include=DIR], [libtorch headers, for split layouts])],
    [], [with_libtorch_include=])
  AC_ARG_WITH([libtorch-lib],
    [AS_HELP_STRING([--with-libtorch-lib=DIR], [libtorch libraries, for split layouts])],
    [], [with_libtorch_lib=])
  AC_ARG_WITH([libtorch-cpu],
    [AS_HELP_STRING([--with-libtorch-cpu=DIR], [libtorch for the cpu module (default: --with-libtorch)])],
    [], [with_libtorch_cpu=])
  AC_ARG_WITH([libtorch-cuda],
    [AS_HELP_STRING([--with-libtorch-cuda=DIR], [libtorch for the cuda module (default: --with-libtorch)])],
    [], [with_libtorch_cuda=])
  AC_ARG_WITH([libtorch-rocm],
    [AS_HELP_STRING([--with-libtorch-rocm=DIR], [libtorch for the rocm module (default: --with-libtorch)])],
    [], [with_libtorch_rocm=])
  AC_ARG_WITH([backend],
    [AS_HELP_STRING([--with-backend=LIST],
      [backend modules to build: cpu, cuda, rocm, a comma list of them (cpu,cuda), or auto (default: the flavour of the torch found)])],
    [], [with_backend=auto])

  inductor_backend_list=`echo "$with_backend" | tr ',' ' '`
  inductor_seen=
  for inductor_entry in $inductor_backend_list; do
    AS_CASE([$inductor_entry], [cpu|cuda|rocm|auto], [],
      [AC_MSG_ERROR([--with-backend must be cpu, cuda, rocm, auto or a comma list of cpu, cuda and rocm, not '$with_backend'])])
    AS_CASE([" $inductor_seen "], [*" $inductor_entry "*],
      [AC_MSG_ERROR([--with-backend names $inductor_entry twice: '$with_backend'])])
    inductor_seen="$inductor_seen $inductor_entry"
  done
  AS_IF([test -z "$inductor_backend_list"],
    [AC_MSG_ERROR([--with-backend must be cpu, cuda, rocm, auto or a comma list of cpu, cuda and rocm, not '$with_backend'])])
  AS_CASE([" $inductor_seen "], [*" auto "*],
    [AS_IF([test "$inductor_seen" != " auto"],
      [AC_MSG_ERROR([--with-backend=auto cannot be part of a list: '$with_backend'])])])

  _INDUCTOR_TORCH_FROM_PYTHON

  INDUCTOR_BACKEND=
  inductor_first=
  for inductor_entry in $inductor_backend_list; do
    _INDUCTOR_LIBTORCH_ONE
    INDUCTOR_BACKEND=${INDUCTOR_BACKEND:+$INDUCTOR_BACKEND,}$inductor_b
    for inductor_v in VERSION INCLUDEDIR LIBDIR CXX_STD CXX11_ABI CPPFLAGS LIBS RPATH; do
      eval "LIBTORCH_${inductor_v}_$inductor_b=\$LIBTORCH_$inductor_v"
      AS_IF([test -z "$inductor_first"],
        [eval "inductor_first_$inductor_v=\$LIBTORCH_$inductor_v"])
    done
    inductor_first=$inductor_b
    LIBTORCH_CXX11_ABI=$inductor_abi_given
  done
  dnl The plain names describe the first module (single-backend builds,
  dnl and the configure summary).
  for inductor_v in VERSION INCLUDEDIR LIBDIR CXX_STD CXX11_ABI CPPFLAGS LIBS RPATH; do
    eval "LIBTORCH_$inductor_v=\$inductor_first_$inductor_v"
  done

  AC_DEFINE_UNQUOTED([INDUCTOR_BACKEND_NAME], ["$INDUCTOR_BACKEND"], [backend modules built, comma-separated])
  AC_DEFINE_UNQUOTED([INDUCTOR_LIBTORCH_VERSION], ["$LIBTORCH_VERSION"], [libtorch version of the first backend module])
  AC_SUBST([INDUCTOR_BACKEND])
  AC_SUBST([LIBTORCH_VERSION])
  AC_SUBST([LIBTORCH_INCLUDEDIR])
  AC_SUBST([LIBTORCH_LIBDIR])
  AC_SUBST([LIBTORCH_CXX_STD])
  AC_SUBST([LIBTORCH_CXX11_ABI])
  AC_SUBST([LIBTORCH_CPPFLAGS])
  AC_SUBST([LIBTORCH_LIBS])
  AC_SUBST([LIBTORCH_RPATH])
  m4_foreach_w([inductor_mb], [cpu cuda rocm], [
    AC_SUBST([LIBTORCH_VERSION_]inductor_mb)
    AC_SUBST([LIBTORCH_LIBDIR_]inductor_mb)
    AC_SUBST([LIBTORCH_CXX_STD_]inductor_mb)
    AC_SUBST([LIBTORCH_CPPFLAGS_]inductor_mb)
    AC_SUBST([LIBTORCH_LIBS_]inductor_mb)
    AC_SUBST([LIBTORCH_RPATH_]inductor_mb)
    AM_CONDITIONAL([MODULE_]m4_toupper(inductor_mb),
      [case ",$INDUCTOR_BACKEND," in *,inductor_mb,*) true ;; *) false ;; esac])
  ])
  AM_CONDITIONAL([BACKEND_CUDA], [case ",$INDUCTOR_BACKEND," in *,cuda,*) true ;; *) false ;; esac])
  AM_CONDITIONAL([BACKEND_ROCM], [case ",$INDUCTOR_BACKEND," in *,rocm,*) true ;; *) false ;; esac])
  AM_CONDITIONAL([HAVE_RPATH], [test -n "$LIBTORCH_RPATH"])
])

# _INDUCTOR_LIBTORCH_ONE: find and check the libtorch for backend
# $inductor_entry (cpu, cuda, rocm or auto); sets inductor_b (the backend)
# and the LIBTORCH_* variables for it.
AC_DEFUN([_INDUCTOR_LIBTORCH_ONE], [
  inductor_abi_given=$LIBTORCH_CXX11_ABI
  with_backend_one=$inductor_entry
  eval "inductor_own_dir=\${with_libtorch_$inductor_entry:-}"
  AS_IF([test "$inductor_entry" = auto], [inductor_own_dir=])
  inductor_dir=${inductor_own_dir:-$with_libtorch}

  dnl Where are the headers and the libraries?
  dnl The split-layout options describe --with-libtorch, not a module's own.
  AS_IF([test -n "$inductor_own_dir"], [LIBTORCH_INCLUDEDIR=; LIBTORCH_LIBDIR=],
    [LIBTORCH_INCLUDEDIR=$with_libtorch_include; LIBTORCH_LIBDIR=$with_libtorch_lib])
  AS_IF([test "x$inductor_dir" != xauto && test "x$inductor_dir" != xyes], [
    test -n "$LIBTORCH_INCLUDEDIR" || LIBTORCH_INCLUDEDIR=$inductor_dir/include
    test -n "$LIBTORCH_LIBDIR" || LIBTORCH_LIBDIR=$inductor_dir/lib
  ], [test -n "$inductor_py_dir"], [
    test -n "$LIBTORCH_INCLUDEDIR" || LIBTORCH_INCLUDEDIR=$inductor_py_dir/include
    test -n "$LIBTORCH_LIBDIR" || LIBTORCH_LIBDIR=$inductor_py_dir/lib
  ])
  dnl Python's facts about torch (torch.version.hip, .cuda) only describe
  dnl this libtorch if this libtorch is that Python's torch.
  AS_IF([test -n "$inductor_py_dir" && test "$LIBTORCH_LIBDIR" = "$inductor_py_dir/lib"],
    [inductor_libtorch_from_python=yes], [inductor_libtorch_from_python=no])
  AS_IF([test -z "$LIBTORCH_INCLUDEDIR" || test -z "$LIBTORCH_LIBDIR"],
    [AC_MSG_ERROR([libtorch not found: give --with-libtorch=DIR (or LIBTORCH=DIR, or --with-libtorch-$inductor_entry=DIR), or PYTHON= an interpreter that can import torch])])
  AS_IF([test ! -d "$LIBTORCH_INCLUDEDIR/torch"],
    [AC_MSG_ERROR([no libtorch headers in $LIBTORCH_INCLUDEDIR (expected $LIBTORCH_INCLUDEDIR/torch)])])
  AS_IF([test ! -f "$LIBTORCH_LIBDIR/libtorch.so"],
    [AC_MSG_ERROR([no libtorch.so in $LIBTORCH_LIBDIR])])

  AC_MSG_CHECKING([for AOTInductor package support in libtorch])
  AS_IF([test -f "$LIBTORCH_INCLUDEDIR/torch/csrc/inductor/aoti_package/model_package_loader.h"],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no])
     AC_MSG_ERROR([this torch is too old for AOTInductor packages: $LIBTORCH_INCLUDEDIR has no torch/csrc/inductor/aoti_package/model_package_loader.h (torch 2.6 or newer is needed)])])

  dnl Version: the headers are the truth for what we compile against.
  _INDUCTOR_TORCH_HEADER_VERSION([$LIBTORCH_INCLUDEDIR])
  LIBTORCH_VERSION=${inductor_hdr_version:-$inductor_py_version}
  AS_IF([test -z "$LIBTORCH_VERSION"], [LIBTORCH_VERSION=unknown])

  _INDUCTOR_TORCH_FLAVOUR

  AC_MSG_CHECKING([the backend])
  AS_IF([test "x$with_backend_one" = xauto], [inductor_b=$inductor_flavour],
        [inductor_b=$with_backend_one])
  AC_MSG_RESULT([$inductor_b])
  AS_IF([test "$inductor_b" != cpu && test "$inductor_b" != "$inductor_flavour"], [
    AS_IF([test "$inductor_flavour" = cpu], [inductor_hint=--with-backend=cpu],
          [inductor_hint="--with-backend=$inductor_flavour (or cpu)"])
    AC_MSG_ERROR([--with-backend=$with_backend does not match the torch found: libtorch $LIBTORCH_VERSION in $LIBTORCH_LIBDIR is a $inductor_flavour build; use $inductor_hint, or a $inductor_b build of torch (for a list, --with-libtorch-$inductor_b=DIR)])])

  dnl The C++11 ABI must match libtorch's or std::string symbols will not link.
  AC_MSG_CHECKING([the C++11 ABI of libtorch])
  AS_IF([test -n "$LIBTORCH_CXX11_ABI"], [],
        [test -n "$inductor_py_abi"], [LIBTORCH_CXX11_ABI=$inductor_py_abi],
        [LIBTORCH_CXX11_ABI=1])
  AC_MSG_RESULT([$LIBTORCH_CXX11_ABI])

  dnl torch 2.14 headers need C++20; older ones C++17.
  inductor_minor=`echo "$LIBTORCH_VERSION" | cut -d. -f2`
  AS_IF([test "`echo $LIBTORCH_VERSION | cut -d. -f1`" = 2 && test "$inductor_minor" -lt 14 2>/dev/null],
    [LIBTORCH_CXX_STD=c++17], [LIBTORCH_CXX_STD=c++20])

  LIBTORCH_CPPFLAGS="-isystem $LIBTORCH_INCLUDEDIR -isystem $LIBTORCH_INCLUDEDIR/torch/csrc/api/include -D_GLIBCXX_USE_CXX11_ABI=$LIBTORCH_CXX11_ABI"
  dnl Libraries that must stay DT_NEEDED although we call nothing in them
  dnl (GCC here links --as-needed by default): libtorch.so, because the
  dnl model .so that AOTInductor compiles (torch 2.14) needs it and has no
  dnl RPATH to find it, so dlopen only succeeds if it is loaded already;
  dnl and a GPU backend's libraries (_INDUCTOR_BACKEND_FLAGS).  libtool
  dnl moves -Wl flags to the end of the line, so they go in one -Wl token.
  inductor_keep_libs=-ltorch
  _INDUCTOR_BACKEND_FLAGS
  LIBTORCH_LIBS="-L$LIBTORCH_LIBDIR -ltorch_cpu -lc10 -Wl,--push-state,--no-as-needed,$inductor_keep_libs,--pop-state"

  dnl An RPATH lets programs run from the build tree (and installed) without
  dnl LD_LIBRARY_PATH, unless libtorch sits in a directory the loader searches.
  AS_CASE([$LIBTORCH_LIBDIR],
    [/lib|/lib64|/usr/lib|/usr/lib64|/usr/lib/*-linux-gnu|/lib/*-linux-gnu], [LIBTORCH_RPATH=],
    [LIBTORCH_RPATH=$LIBTORCH_LIBDIR])

  _INDUCTOR_CHECK_LIBTORCH_LINKS

])

# _INDUCTOR_TORCH_FLAVOUR: cpu, cuda or rocm, into inductor_flavour.
# Two witnesses: the GPU library in $LIBTORCH_LIBDIR (libtorch_hip.so,
# libtorch_cuda.so) and, when this libtorch is $PYTHON's torch,
# torch.version.hip / torch.version.cuda.  A torch that claims a GPU but
# lacks its library is broken; say so here rather than at link time.
AC_DEFUN([_INDUCTOR_TORCH_FLAVOUR], [
  AC_MSG_CHECKING([the flavour of libtorch])
  inductor_py_says=
  AS_IF([test "$inductor_libtorch_from_python" = yes], [
    AS_IF([test -n "$inductor_py_hip"], [inductor_py_says=rocm],
          [test -n "$inductor_py_cuda"], [inductor_py_says=cuda])])
  AS_IF([test -f "$LIBTORCH_LIBDIR/libtorch_hip.so" || test "$inductor_py_says" = rocm],
          [inductor_flavour=rocm],
        [test -f "$LIBTORCH_LIBDIR/libtorch_cuda.so" || test "$inductor_py_says" = cuda],
          [inductor_flavour=cuda],
        [inductor_flavour=cpu])
  AS_CASE([$inductor_flavour],
    [rocm], [inductor_flavour_lib=libtorch_hip.so
             inductor_flavour_note=${inductor_py_hip:+ (HIP $inductor_py_hip)}],
    [cuda], [inductor_flavour_lib=libtorch_cuda.so
             inductor_flavour_note=${inductor_py_cuda:+ (CUDA $inductor_py_cuda)}],
    [inductor_flavour_lib=; inductor_flavour_note=])
  AC_MSG_RESULT([$inductor_flavour$inductor_flavour_note])
  AS_IF([test -n "$inductor_flavour_lib" && test ! -f "$LIBTORCH_LIBDIR/$inductor_flavour_lib"],
    [AC_MSG_ERROR([the torch of $PYTHON is a $inductor_flavour build$inductor_flavour_note, but $LIBTORCH_LIBDIR has no $inductor_flavour_lib])])
])

# _INDUCTOR_CUDA_WHEEL_INCLUDES: the include directories of the nvidia-*
# pip packages beside a torch wheel (site-packages/nvidia/*/include).  The
# ATen CUDA headers include cuBLAS, cuSPARSE and cuSOLVER headers, which a
# runtime-only toolkit lacks; the wheel's own copies match its libraries.
AC_DEFUN([_INDUCTOR_CUDA_WHEEL_INCLUDES], [
  inductor_cuda_wheel_includes=
  inductor_site=`cd "$LIBTORCH_LIBDIR/../.." 2>/dev/null && pwd`
  AS_IF([test -n "$inductor_site" && test -d "$inductor_site/nvidia"], [
    for inductor_d in "$inductor_site"/nvidia/*/include; do
      AS_IF([test -d "$inductor_d"],
        [inductor_cuda_wheel_includes="$inductor_cuda_wheel_includes $inductor_d"])
    done])
])

# _INDUCTOR_ADD_ISYSTEM(DIR): DIR's headers for the bridge, unless DIR is
# /usr/include (a distribution's toolkit): -isystem /usr/include breaks
# libstdc++'s #include_next, and the compiler searches it anyway.
AC_DEFUN([_INDUCTOR_ADD_ISYSTEM], [
  AS_CASE([$1], [/usr/include|/usr/include/], [],
    [LIBTORCH_CPPFLAGS="$LIBTORCH_CPPFLAGS -isystem $1"])
])

# _INDUCTOR_BACKEND_FLAGS: the GPU toolkit's headers and libtorch's GPU
# libraries, which join inductor_keep_libs: under --as-needed they would be
# dropped, and the "cuda" runner only registers if libtorch_cuda is loaded.
# ROCm gets the macros PyTorch's own extension builder passes for HIP
# (torch.utils.cpp_extension COMMON_HIP_FLAGS).
AC_DEFUN([_INDUCTOR_BACKEND_FLAGS], [
  AS_CASE([$inductor_b],
  [cuda], [
    inductor_cuda_home=${CUDA_HOME:-${CUDA_PATH:-/usr/local/cuda}}
    AC_MSG_CHECKING([for the CUDA toolkit headers])
    AS_IF([test ! -f "$inductor_cuda_home/include/cuda_runtime_api.h"],
      [AC_MSG_RESULT([no])
       AC_MSG_ERROR([CUDA headers not found: no $inductor_cuda_home/include/cuda_runtime_api.h; set CUDA_HOME (or CUDA_PATH) to the CUDA toolkit])])
    AC_MSG_RESULT([$inductor_cuda_home/include])
    _INDUCTOR_CUDA_WHEEL_INCLUDES
    AC_MSG_CHECKING([for cuBLAS headers (cublas_v2.h)])
    inductor_cublas_dir=
    for inductor_d in "$inductor_cuda_home/include" $inductor_cuda_wheel_includes; do
      AS_IF([test -f "$inductor_d/cublas_v2.h"], [inductor_cublas_dir=$inductor_d; break])
    done
    AS_IF([test -z "$inductor_cublas_dir"],
      [AC_MSG_RESULT([no])
       AC_MSG_ERROR([cublas_v2.h not found in $inductor_cuda_home/include or the torch wheel's nvidia packages: the ATen CUDA headers need the cuBLAS, cuSPARSE and cuSOLVER headers (a full CUDA toolkit, or pip's nvidia-* packages beside torch)])])
    AC_MSG_RESULT([$inductor_cublas_dir])
    LIBTORCH_CPPFLAGS="$LIBTORCH_CPPFLAGS -DUSE_CUDA"
    _INDUCTOR_ADD_ISYSTEM([$inductor_cuda_home/include])
    for inductor_d in $inductor_cuda_wheel_includes; do
      LIBTORCH_CPPFLAGS="$LIBTORCH_CPPFLAGS -isystem $inductor_d"
    done
    inductor_keep_libs="$inductor_keep_libs,-ltorch_cuda,-lc10_cuda"
    AC_DEFINE([INDUCTOR_WITH_CUDA], [1], [built with the CUDA backend])],
  [rocm], [
    inductor_rocm_path=${ROCM_PATH:-/opt/rocm}
    AC_MSG_CHECKING([for the ROCm headers])
    AS_IF([test ! -f "$inductor_rocm_path/include/hip/hip_runtime_api.h"],
      [AC_MSG_RESULT([no])
       AC_MSG_ERROR([ROCm headers not found: no $inductor_rocm_path/include/hip/hip_runtime_api.h; set ROCM_PATH to the ROCm installation])])
    AC_MSG_RESULT([$inductor_rocm_path/include])
    LIBTORCH_CPPFLAGS="$LIBTORCH_CPPFLAGS -DUSE_ROCM=1 -D__HIP_PLATFORM_AMD__=1 -DHIPBLAS_V2"
    _INDUCTOR_ADD_ISYSTEM([$inductor_rocm_path/include])
    inductor_keep_libs="$inductor_keep_libs,-ltorch_hip,-lc10_hip"
    AC_DEFINE([INDUCTOR_WITH_ROCM], [1], [built with the ROCm backend])])
])

# _INDUCTOR_CHECK_LIBTORCH_LINKS: compile and link one line against
# libtorch with the chosen flags, so a wrong ABI or standard fails here.
AC_DEFUN([_INDUCTOR_CHECK_LIBTORCH_LINKS], [
  AC_ARG_ENABLE([libtorch-link-check],
    [AS_HELP_STRING([--disable-libtorch-link-check], [skip linking a test program against libtorch])],
    [], [enable_libtorch_link_check=yes])
  AS_IF([test "x$enable_libtorch_link_check" = xyes], [
    AC_MSG_CHECKING([whether a program links against libtorch])
    AC_LANG_PUSH([C++])
    inductor_save_CXXFLAGS=$CXXFLAGS; inductor_save_CPPFLAGS=$CPPFLAGS; inductor_save_LIBS=$LIBS
    CXXFLAGS="$CXXFLAGS -std=$LIBTORCH_CXX_STD"
    CPPFLAGS="$CPPFLAGS $LIBTORCH_CPPFLAGS"
    LIBS="$LIBTORCH_LIBS -Wl,-rpath-link,$LIBTORCH_LIBDIR $LIBS"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([[#include <c10/core/Device.h>]],
                                    [[c10::Device d("cpu"); return d.is_cpu() ? 0 : 1;]])],
      [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no])
       AC_MSG_FAILURE([cannot link against libtorch in $LIBTORCH_LIBDIR with -std=$LIBTORCH_CXX_STD and _GLIBCXX_USE_CXX11_ABI=$LIBTORCH_CXX11_ABI])])
    CXXFLAGS=$inductor_save_CXXFLAGS; CPPFLAGS=$inductor_save_CPPFLAGS; LIBS=$inductor_save_LIBS
    AC_LANG_POP([C++])
  ])
])

# inductor_reliability.m4 - configure checks for issue 8 (sanitizers, fuzzing).
#
# INDUCTOR_RELIABILITY: called once from configure.ac.
#   Options: --enable-asan, --enable-ubsan (sanitizer flags added to CFLAGS,
#   CXXFLAGS and LDFLAGS, so everything built is instrumented: library,
#   bridge, program, tests).
#   Precious variables: FUZZ_CC (a clang with libFuzzer), VALGRIND.
#   Substitutes: SANITIZE_FLAGS, FUZZ_CC, FUZZ_FLAGS, VALGRIND,
#   ASAN_RUNTIME (the libasan.so the compiler links, for LD_PRELOAD).
#   Conditionals: ENABLE_ASAN, ENABLE_UBSAN, HAVE_FUZZER, HAVE_VALGRIND.

# _INDUCTOR_SANITIZER(NAME, FLAGS): checks that the C and C++ compilers
# compile and link with FLAGS; adds them everywhere or fails.
AC_DEFUN([_INDUCTOR_SANITIZER], [
  AC_MSG_CHECKING([whether $CC and $CXX accept $2])
  inductor_san_CFLAGS=$CFLAGS; inductor_san_LDFLAGS=$LDFLAGS
  CFLAGS="$CFLAGS $2"; LDFLAGS="$LDFLAGS $2"
  AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])], [inductor_san_ok=yes], [inductor_san_ok=no])
  AS_IF([test $inductor_san_ok = yes], [
    AC_LANG_PUSH([C++])
    inductor_san_CXXFLAGS=$CXXFLAGS; CXXFLAGS="$CXXFLAGS $2"
    AC_LINK_IFELSE([AC_LANG_PROGRAM([], [])], [], [inductor_san_ok=no])
    CXXFLAGS=$inductor_san_CXXFLAGS
    AC_LANG_POP([C++])])
  CFLAGS=$inductor_san_CFLAGS; LDFLAGS=$inductor_san_LDFLAGS
  AC_MSG_RESULT([$inductor_san_ok])
  AS_IF([test $inductor_san_ok = no],
    [AC_MSG_ERROR([--enable-$1: the compilers cannot build with $2 (install the sanitizer runtime, e.g. libasan/libubsan)])])
  SANITIZE_FLAGS="$SANITIZE_FLAGS $2"
])

AC_DEFUN([INDUCTOR_RELIABILITY], [
  AC_ARG_ENABLE([asan],
    [AS_HELP_STRING([--enable-asan], [build everything with AddressSanitizer (and LeakSanitizer)])],
    [], [enable_asan=no])
  AC_ARG_ENABLE([ubsan],
    [AS_HELP_STRING([--enable-ubsan], [build everything with UndefinedBehaviorSanitizer; any report fails the run])],
    [], [enable_ubsan=no])
  AC_ARG_VAR([FUZZ_CC], [clang with libFuzzer, for the fuzz targets (default: clang, clang-14)])
  AC_ARG_VAR([VALGRIND], [valgrind, for make check-valgrind])

  SANITIZE_FLAGS=
  dnl Frame pointers give full stacks in reports at little cost.
  AS_IF([test "x$enable_asan" = xyes],
    [_INDUCTOR_SANITIZER([asan], [-fsanitize=address -fno-omit-frame-pointer])])
  dnl Without recovery a UBSan report aborts the test, so none can pass
  dnl unnoticed; vptr is left out because libtorch's classes are not
  dnl instrumented and their type info is not ours to check.
  AS_IF([test "x$enable_ubsan" = xyes],
    [_INDUCTOR_SANITIZER([ubsan], [-fsanitize=undefined -fno-sanitize=vptr -fno-sanitize-recover=undefined -fno-omit-frame-pointer])])
  AS_IF([test -n "$SANITIZE_FLAGS"], [
    CFLAGS="$CFLAGS $SANITIZE_FLAGS"
    CXXFLAGS="$CXXFLAGS $SANITIZE_FLAGS"
    LDFLAGS="$LDFLAGS $SANITIZE_FLAGS"])

  dnl libasan must come first in a process; Python-built model .so files
  dnl and libtorch are not instrumented, but the program is, so tests run
  dnl it directly.  Its path is recorded for tests that start Python.
  ASAN_RUNTIME=
  AS_IF([test "x$enable_asan" = xyes],
    [ASAN_RUNTIME=`$CC -print-file-name=libasan.so 2>/dev/null`])

  dnl Fuzz targets: clang's libFuzzer with ASan and UBSan.
  AS_IF([test -z "$FUZZ_CC"], [AC_PATH_PROGS([FUZZ_CC], [clang clang-14], [])])
  FUZZ_FLAGS="-g -O1 -fno-omit-frame-pointer -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
  inductor_have_fuzzer=no
  AS_IF([test -n "$FUZZ_CC"], [
    AC_MSG_CHECKING([whether $FUZZ_CC builds libFuzzer targets])
    cat >conftest_fuzz.c <<_INDUCTOR_EOF
#include <stddef.h>
#include <stdint.h>
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n);
int LLVMFuzzerTestOneInput(const uint8_t *d, size_t n) { return n && d[[0]] == 'x'; }
_INDUCTOR_EOF
    AS_IF([$FUZZ_CC $FUZZ_FLAGS conftest_fuzz.c -o conftest_fuzz >&AS_MESSAGE_LOG_FD 2>&1],
      [inductor_have_fuzzer=yes])
    rm -f conftest_fuzz.c conftest_fuzz
    AC_MSG_RESULT([$inductor_have_fuzzer])])

  AS_IF([test -z "$VALGRIND"], [AC_PATH_PROG([VALGRIND], [valgrind], [])])

  AC_SUBST([SANITIZE_FLAGS])
  AC_SUBST([ASAN_RUNTIME])
  AC_SUBST([FUZZ_FLAGS])
  AM_CONDITIONAL([ENABLE_ASAN], [test "x$enable_asan" = xyes])
  AM_CONDITIONAL([ENABLE_UBSAN], [test "x$enable_ubsan" = xyes])
  AM_CONDITIONAL([HAVE_FUZZER], [test $inductor_have_fuzzer = yes])
  AM_CONDITIONAL([HAVE_VALGRIND], [test -n "$VALGRIND"])
])

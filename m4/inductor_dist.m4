# inductor_dist.m4 - configure checks for issue 4 (bundle, install, distro packages).
#
# INDUCTOR_DIST: called once from configure.ac.
#   Precious variable: INDUCTOR_SKIP_PACKAGING (1: the bundle, .deb and .rpm
#   tests print SKIP; make distcheck sets it, CI must not).
#   Substitutes: HELP2MAN (empty when absent: the shipped man pages are
#   used), PATCHELF, INDUCTOR_BUNDLE_ARCH (host CPU, for the bundle's name).
#   Conditional: INDUCTOR_PACKAGING_TESTS.
#   Output: packaging/rpm/inductor.spec (its Version follows AC_INIT).
AC_DEFUN([INDUCTOR_DIST], [
  AC_REQUIRE([AC_CANONICAL_HOST])
  AC_ARG_VAR([INDUCTOR_SKIP_PACKAGING],
    [1 to skip the slow bundle, .deb and .rpm tests (make distcheck sets it)])
  AC_ARG_VAR([HELP2MAN], [help2man, to regenerate the man pages (tarballs ship them)])
  AC_ARG_VAR([PATCHELF], [patchelf, to rewrite RPATHs for make bundle])
  AC_PATH_PROG([HELP2MAN], [help2man], [])
  AC_PATH_PROG([PATCHELF], [patchelf], [])

  dnl The bundle is named for the machine it runs on: linux-x86_64, linux-aarch64.
  INDUCTOR_BUNDLE_ARCH=$host_cpu
  AC_SUBST([INDUCTOR_BUNDLE_ARCH])

  AM_CONDITIONAL([INDUCTOR_PACKAGING_TESTS],
    [test "x$INDUCTOR_SKIP_PACKAGING" != x1])

  AC_CONFIG_FILES([packaging/rpm/inductor.spec])
])

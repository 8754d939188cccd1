# inductor_test_tools.m4 - which optional test tools this machine lacks.
#
# INDUCTOR_TEST_TOOLS: called once from configure.ac, after
# INDUCTOR_RELIABILITY (it reads $VALGRIND and the libFuzzer check).
#   Sets inductor_skipped: the tests `make check` will report as TAP skips
#   for want of a tool (each test names the tool itself), for configure's
#   summary.  Nothing here fails: every one of these tools is optional.
AC_DEFUN([INDUCTOR_TEST_TOOLS], [
  inductor_skipped=
  # _inductor_skip TOOL TESTS: TOOL is missing, so TESTS skip.
  _inductor_skip() { inductor_skipped="$inductor_skipped
      $[1] missing: $[2]"; }
  AC_MSG_CHECKING([whether $PYTHON has pytest])
  AS_IF([test -n "$PYTHON" && "$PYTHON" -c 'import pytest' >/dev/null 2>&1],
    [AC_MSG_RESULT([yes])],
    [AC_MSG_RESULT([no]); _inductor_skip pytest "tests/python/pytest.sh, tests/serve/pytest.sh"])
  for inductor_tool in \
      'nix:tests/nix/flake_eval.sh' \
      'rpmbuild:tests/packaging/rpm.sh' \
      'dpkg-buildpackage:tests/packaging/deb.sh' \
      'lintian:tests/packaging/deb.sh (its lintian check)' \
      'hey:tests/serve/load.sh, tests/serve/repository.sh (load steps)' \
      'systemd-analyze:tests/systemd/unit.sh, tests/packaging/deb.sh (unit checks)' \
      'curl:tests/kserve/runtime_serve.sh'; do
    inductor_name=${inductor_tool%%:*}
    AC_MSG_CHECKING([for $inductor_name (optional, for tests)])
    AS_IF([command -v "$inductor_name" >/dev/null 2>&1],
      [AC_MSG_RESULT([yes])],
      [AC_MSG_RESULT([no]); _inductor_skip "$inductor_name" "${inductor_tool@%:@*:}"])
  done
  AS_IF([test -z "$VALGRIND"],
    [_inductor_skip valgrind "tests/install/install_uninstall.sh (memcheck step); make check-valgrind"])
  AS_IF([test "$inductor_have_fuzzer" != yes],
    [_inductor_skip "clang with libFuzzer" "tests/fuzz/fuzz_smoke.sh; make fuzz"])
  AS_IF([test -z "$inductor_skipped"], [inductor_skipped=" none"])
])

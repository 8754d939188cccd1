# inductor_formats.m4 - configure checks for the CLI's tensor formats and
# its YAML config files.
#
# INDUCTOR_FORMATS: called once from configure.ac.
#   libyaml reads `infer --config` files (.npz inputs are zips, read by
#   libinductor's own zip reader).  Substitutes YAML_CFLAGS/LIBS.
AC_DEFUN([INDUCTOR_FORMATS], [
  PKG_CHECK_MODULES([YAML], [yaml-0.1], [],
    [AC_MSG_ERROR([libyaml not found (it reads --config files): install libyaml-dev on Debian, libyaml on Nix
$YAML_PKG_ERRORS])])
])

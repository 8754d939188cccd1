# inductor_formats.m4 - configure checks for issue 3 (tensor formats, YAML config).
#
# INDUCTOR_FORMATS: called once from configure.ac.
#   libzip reads .npz inputs in the CLI (the library's own zip reader is
#   internal to libinductor); libyaml reads `infer --config` files.
#   Substitutes LIBZIP_CFLAGS/LIBS and YAML_CFLAGS/LIBS.
AC_DEFUN([INDUCTOR_FORMATS], [
  PKG_CHECK_MODULES([LIBZIP], [libzip >= 1.0], [],
    [AC_MSG_ERROR([libzip not found (it reads .npz inputs): install libzip-dev on Debian, libzip on Nix
$LIBZIP_PKG_ERRORS])])
  PKG_CHECK_MODULES([YAML], [yaml-0.1], [],
    [AC_MSG_ERROR([libyaml not found (it reads --config files): install libyaml-dev on Debian, libyaml on Nix
$YAML_PKG_ERRORS])])
])

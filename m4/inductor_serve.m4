# inductor_serve.m4 - configure checks for issue 12 (`inductor serve`).
#
# INDUCTOR_SERVE: called once from configure.ac.
#   libmicrohttpd is the HTTP/1.1 server under `inductor serve`.
#   Substitutes MHD_CFLAGS/LIBS.
AC_DEFUN([INDUCTOR_SERVE], [
  PKG_CHECK_MODULES([MHD], [libmicrohttpd >= 0.9.71], [],
    [AC_MSG_ERROR([libmicrohttpd >= 0.9.71 not found (the HTTP server of `inductor serve`): install libmicrohttpd-dev on Debian, libmicrohttpd-devel on Fedora, libmicrohttpd on Nix
$MHD_PKG_ERRORS])])
])

# inductor_serve.m4 - configure checks for issue 12 (`inductor serve`).
#
# INDUCTOR_SERVE: called once from configure.ac.
#   libmicrohttpd is the HTTP/1.1 server under `inductor serve`.
#   Substitutes MHD_CFLAGS/LIBS.
AC_DEFUN([INDUCTOR_SERVE], [
  PKG_CHECK_MODULES([MHD], [libmicrohttpd >= 0.9.71], [],
    [AC_MSG_ERROR([libmicrohttpd >= 0.9.71 not found (the HTTP server of `inductor serve`): install libmicrohttpd-dev on Debian, libmicrohttpd-devel on Fedora, libmicrohttpd on Nix
$MHD_PKG_ERRORS])])
  # `inductor serve` dlopen()s libmicrohttpd (src/serve/serve_mhd.h says
  # why): by its SONAME, then from the directory pkg-config names.
  inductor_mhd_libdir=`$PKG_CONFIG --variable=libdir libmicrohttpd`
  AC_MSG_CHECKING([the SONAME of libmicrohttpd])
  inductor_mhd_soname=`${OBJDUMP:-objdump} -p "$inductor_mhd_libdir/libmicrohttpd.so" 2>/dev/null |
    sed -n 's/^ *SONAME *//p'`
  AS_IF([test -z "$inductor_mhd_soname"],
    [AC_MSG_ERROR([cannot read the SONAME of $inductor_mhd_libdir/libmicrohttpd.so (objdump -p): is libmicrohttpd-dev complete?])])
  AC_MSG_RESULT([$inductor_mhd_soname])
  AC_DEFINE_UNQUOTED([MHD_SONAME], ["$inductor_mhd_soname"],
    [SONAME of libmicrohttpd, which inductor serve loads at run time])
  AC_DEFINE_UNQUOTED([MHD_LIBDIR], ["$inductor_mhd_libdir"],
    [where configure found libmicrohttpd (tried after the SONAME)])
  AC_SUBST([MHD_SONAME], [$inductor_mhd_soname])
  AC_SUBST([MHD_LIBDIR], [$inductor_mhd_libdir])
])

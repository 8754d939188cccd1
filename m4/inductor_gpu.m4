# inductor_gpu.m4 - configure checks for issue 6 (GPU backends).
#
# INDUCTOR_GPU: called once from configure.ac, after INDUCTOR_LIBTORCH has
# chosen $INDUCTOR_BACKEND.
#   Conditional: BACKEND_GPU (a cuda or rocm module is built).
#   Define: INDUCTOR_WITH_GPU (either GPU backend; the C side and the model
#   bridge only need to know that there is one, not which).
#   Substitutes: READELF (tests read libinductor's DT_NEEDED with it).
AC_DEFUN([INDUCTOR_GPU], [
  AS_CASE([",$INDUCTOR_BACKEND,"],
    [*,cuda,*|*,rocm,*], [inductor_gpu=yes
      AC_DEFINE([INDUCTOR_WITH_GPU], [1], [built with a GPU backend (cuda or rocm)])],
    [inductor_gpu=no])
  AM_CONDITIONAL([BACKEND_GPU], [test "$inductor_gpu" = yes])
  AC_CHECK_TOOL([READELF], [readelf], [])
  AC_SUBST([READELF])
])

# inductor_reliability.m4 - configure checks for issue 8 (sanitizers, fuzzing).
#
# INDUCTOR_RELIABILITY: called once from configure.ac.
AC_DEFUN([INDUCTOR_RELIABILITY], [
])

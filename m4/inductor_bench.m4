# inductor_bench.m4 - configure checks for issue 7 (benchmarks).
#
# INDUCTOR_BENCH: called once from configure.ac.
AC_DEFUN([INDUCTOR_BENCH], [
])

# inductor_gpu.m4 - configure checks for issue 6 (GPU backends).
#
# INDUCTOR_GPU: called once from configure.ac.
AC_DEFUN([INDUCTOR_GPU], [
])

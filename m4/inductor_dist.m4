# inductor_dist.m4 - configure checks for issue 4 (bundle, install, distro packages).
#
# INDUCTOR_DIST: called once from configure.ac.
AC_DEFUN([INDUCTOR_DIST], [
])

# inductor_formats.m4 - configure checks for issue 3 (tensor formats, YAML config).
#
# INDUCTOR_FORMATS: called once from configure.ac.
AC_DEFUN([INDUCTOR_FORMATS], [
])

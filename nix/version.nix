# The version, read from configure.ac's AC_INIT so that the Nix packages and
# the tarball agree; the fallback only covers a tree without configure.ac.
let
  configureAc = ../configure.ac;
  m =
    if builtins.pathExists configureAc then
      builtins.match ".*AC_INIT[(][[]inductor[]],[[:space:]]*[[]([0-9][0-9A-Za-z.+~_-]*)[]].*"
        (builtins.readFile configureAc)
    else
      null;
in
if m == null then "0.1.0" else builtins.head m

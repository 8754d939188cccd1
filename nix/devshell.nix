# Development shell: autotools, gengetopt, json-c, patchelf, debugging tools,
# and the same Python-with-torch that the package builds and tests with
# (also what python/scripts export models with). `configureFlags` is set to
# the package's, so `./configure $configureFlags` picks this torch.
{
  mkShell,
  inductor,
  autoconf,
  automake,
  libtool,
  autoconf-archive,
  pkg-config,
  gengetopt,
  help2man,
  json_c,
  zlib,
  patchelf,
  cmocka,
  valgrind,
  gdb,
}:

mkShell {
  name = "inductor-${inductor.backend}-dev";

  inputsFrom = [ inductor ];
  packages = [
    autoconf
    automake
    libtool
    autoconf-archive
    pkg-config
    gengetopt
    help2man
    json_c
    zlib
    patchelf
    cmocka
    valgrind
    gdb
    inductor.python
  ];

  inherit (inductor) configureFlags;

  shellHook = ''
    export PYTHONPATH=$PWD/python''${PYTHONPATH:+:$PYTHONPATH}
    echo "inductor dev shell (${inductor.backend}, torch ${inductor.torch.version}):"
    echo "  autoreconf -fi && ./configure \$configureFlags && make -j && make check"
  '';
}

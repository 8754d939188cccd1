# inductor-tools: the Python export tooling (python/), with a Python that has
# torch. Each python/scripts/NAME.py becomes bin/inductor-NAME (underscores as
# dashes), e.g. export_aot.py -> inductor-export-aot.
#
# The torch is the one of the nixpkgs this is called from, so a CUDA nixpkgs
# gives tooling that exports CUDA models.
#
# Not buildPythonApplication: python/pyproject.toml declares no entry points
# (the scripts are plain files), and the stub nixpkgs that CI evaluates
# against has neither python3Packages.buildPythonApplication nor setuptools.
{
  lib,
  stdenv,
  python3,
  makeWrapper,
}:

let
  pythonEnv = python3.withPackages (ps: [ ps.torch ps.numpy ]);
in
stdenv.mkDerivation {
  pname = "inductor-tools";
  version = import ./version.nix;

  src = lib.fileset.toSource {
    root = ../python;
    fileset = ../python;
  };

  strictDeps = true;
  nativeBuildInputs = [ makeWrapper ];

  dontConfigure = true;
  dontBuild = true;

  # AOTInductor compiles the generated C++ at export time: the wrappers put a
  # C++ compiler on PATH (and in CXX) so the tools work outside a dev shell.
  installPhase = ''
    runHook preInstall

    site=$out/${python3.sitePackages}
    mkdir -p "$site" "$out/bin" "$out/libexec/inductor-tools"
    cp -r inductor_tools "$site/"
    for script in scripts/*.py; do
      [ -e "$script" ] || continue
      name=$(basename "$script" .py)
      install -m 0755 "$script" "$out/libexec/inductor-tools/$name.py"
      makeWrapper ${pythonEnv}/bin/python3 "$out/bin/inductor-''${name//_/-}" \
        --add-flags "$out/libexec/inductor-tools/$name.py" \
        --prefix PYTHONPATH : "$site" \
        --prefix PATH : ${lib.makeBinPath [ stdenv.cc ]} \
        --set-default CXX c++
    done

    runHook postInstall
  '';

  passthru = {
    python = pythonEnv;
    inherit (python3.pkgs) torch;
  };

  meta = {
    description = "Export PyTorch models to AOTInductor .pt2 packages for the inductor runtime";
    license = lib.licenses.asl20;
    mainProgram = "inductor-export-aot";
    platforms = lib.platforms.linux;
  };
}

# inductor: the C runtime and CLI for PyTorch AOTInductor .pt2 packages.
#
# `backend` picks cpu, cuda or rocm. The torch used is the one of the nixpkgs
# this is called from, so the flavour must match: call it from a nixpkgs with
# config.cudaSupport (cuda) or config.rocmSupport (rocm); flake.nix does.
{
  lib,
  stdenv,
  autoreconfHook,
  pkg-config,
  gengetopt,
  patchelf,
  json_c,
  zlib,
  openssl,
  libyaml,
  libmicrohttpd,
  cmocka,
  python3,
  python3Packages,
  cudaPackages,
  rocmPackages,
  autoAddDriverRunpath,
  backend ? "cpu",
}:

assert lib.assertOneOf "inductor backend" backend [ "cpu" "cuda" "rocm" ];

let
  inherit (python3Packages) torch;
  isCuda = backend == "cuda";
  isRocm = backend == "rocm";

  # The Python that `make check` exports the test fixtures with (and that
  # configure asks for torch's C++11 ABI flag); same torch as the headers.
  pythonEnv = python3.withPackages (ps: [ ps.torch ps.numpy ps.pytest ]);

  # torch for CUDA is built with cudaPackages.backendStdenv; build with it too
  # so that compiler and libstdc++ agree with libtorch's.
  stdenv' = if isCuda then cudaPackages.backendStdenv else stdenv;

  # Where libinductor finds its backend module (src/lib/backend.c).
  backendModule = "lib/inductor/backends/inductor-backend-${backend}.so";

  flavourOk =
    (!isCuda || torch.cudaSupport or false) && (!isRocm || torch.rocmSupport or false);
in
lib.throwIfNot flavourOk
  "inductor: backend ${backend} needs a nixpkgs whose torch is a ${backend} build (config.${
    if isCuda then "cudaSupport" else "rocmSupport"
  } = true)"
  (
    stdenv'.mkDerivation {
      pname = "inductor-${backend}";
      version = import ./version.nix;

      # The whole tree except the Nix files, so editing them rebuilds nothing.
      src = lib.fileset.toSource {
        root = ../.;
        fileset = lib.fileset.difference ../. (
          lib.fileset.unions [
            ../flake.nix
            ./.
            (lib.fileset.maybeMissing ../flake.lock)
          ]
        );
      };

      outputs = [ "out" "dev" ];

      strictDeps = true;
      enableParallelBuilding = true;

      nativeBuildInputs = [
        autoreconfHook
        pkg-config
        gengetopt
        patchelf
        pythonEnv
      ]
      # Adds the host driver's libcuda (/run/opengl-driver/lib) to the RUNPATH
      # of what is installed; libcuda is never taken from the store.
      ++ lib.optionals isCuda [ autoAddDriverRunpath ];

      buildInputs = [
        json_c
        zlib
        openssl # libcrypto: SHA-256 keys of the extraction cache
        libyaml # infer --config
        libmicrohttpd # inductor serve
        # torch's cxxdev output propagates what C++ users of libtorch need
        # (for CUDA: cudart, cuBLAS, … headers and libraries).
        (lib.getOutput "cxxdev" torch)
      ]
      ++ lib.optionals isCuda [ cudaPackages.cuda_cudart ]
      ++ lib.optionals isRocm [ rocmPackages.clr ];

      checkInputs = [ cmocka ];

      configureFlags = [
        "--with-backend=${backend}"
        "--with-libtorch-include=${lib.getDev torch}/include"
        "--with-libtorch-lib=${lib.getLib torch}/lib"
        "PYTHON=${pythonEnv}/bin/python3"
      ]
      # configure looks for include/cuda_runtime_api.h under CUDA_HOME and
      # for the HIP headers under ROCM_PATH.
      ++ lib.optionals isCuda [ "CUDA_HOME=${lib.getDev cudaPackages.cuda_cudart}" ]
      ++ lib.optionals isRocm [ "ROCM_PATH=${rocmPackages.clr}" ];

      # The sandbox has no GPU; the GPU builds are checked on real hardware.
      doCheck = backend == "cpu";
      checkTarget = "check";

      preCheck = ''
        # torch's compiler caches want a writable home.
        export HOME=$(mktemp -d)
        export TORCHINDUCTOR_CACHE_DIR=$HOME/torchinductor
      '';

      # The installed program loads its one backend module from
      # lib/inductor/backends/, found beside libinductor; every variant runs
      # a CPU package (a cuda or rocm module's libtorch runs the CPU too),
      # exported here with the package's own torch.  No GPU is needed.
      doInstallCheck = true;
      installCheckPhase = ''
        runHook preInstallCheck
        export HOME=$(mktemp -d)
        export TORCHINDUCTOR_CACHE_DIR=$HOME/torchinductor
        test -f "$out/${backendModule}"
        "$out/bin/inductor" --version | grep -q "^module ${backend} libtorch "
        ${pythonEnv}/bin/python3 python/scripts/generate_test_model.py \
          --model deterministic --output "$HOME/det.pt2" \
          --input-json "$HOME/in.json" --expected-json "$HOME/expected.json"
        "$out/bin/inductor" infer --model "$HOME/det.pt2" --input "$HOME/in.json" \
          --device cpu --output "$HOME/out.json"
        ${pythonEnv}/bin/python3 python/scripts/compare_outputs.py \
          "$HOME/out.json" "$HOME/expected.json"
        runHook postInstallCheck
      '';

      passthru = {
        inherit backend torch;
        python = pythonEnv;
        inherit backendModule;
      };

      meta = {
        description = "Run PyTorch AOTInductor .pt2 packages from C: libinductor and the inductor CLI (${backend} backend)";
        longDescription = ''
          inductor loads models compiled ahead of time by PyTorch's
          AOTInductor (.pt2 packages) and runs them from C: a shared library
          with a C API and the `inductor` command (infer, info, test-device).
        '';
        license = lib.licenses.asl20;
        mainProgram = "inductor";
        platforms = lib.platforms.linux;
      };
    }
  )

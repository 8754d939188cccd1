{
  description = "inductor: run PyTorch AOTInductor .pt2 packages from C (libinductor + the inductor CLI)";

  # A branch, not a revision: `nix flake lock` / `nix flake update` pins it in
  # the user's flake.lock (none is committed here).
  inputs.nixpkgs.url = "github:NixOS/nixpkgs/nixos-unstable";

  outputs =
    { self, nixpkgs }:
    let
      inherit (nixpkgs) lib;
      systems = [ "x86_64-linux" "aarch64-linux" ];
      backends = [ "cpu" "cuda" "rocm" ];
      forAllSystems = lib.genAttrs systems;

      # One nixpkgs per backend: config.cudaSupport / config.rocmSupport make
      # torch, and everything else built on it, the same flavour. CUDA is
      # unfree, so its instance alone allows unfree packages.
      pkgsFor =
        system: backend:
        import nixpkgs {
          inherit system;
          config = {
            cudaSupport = backend == "cuda";
            rocmSupport = backend == "rocm";
            allowUnfree = backend == "cuda";
          };
        };
      nixpkgsBy = forAllSystems (system: lib.genAttrs backends (pkgsFor system));

      inductorFor =
        system: backend:
        nixpkgsBy.${system}.${backend}.callPackage ./nix/package.nix { inherit backend; };
      toolsFor = system: backend: nixpkgsBy.${system}.${backend}.callPackage ./nix/tools.nix { };
      # The `inductor serve` container image of one backend (KServe).
      serveImageFor =
        system: backend:
        nixpkgsBy.${system}.${backend}.callPackage ./nix/serve-image.nix {
          inductor = inductorFor system backend;
        };

      mkApp = drv: {
        type = "app";
        program = lib.getExe drv;
        meta.description = drv.meta.description;
      };
    in
    {
      packages = forAllSystems (
        system:
        let
          inductor = inductorFor system;
          tools = toolsFor system;
        in
        {
          inductor-cpu = inductor "cpu";
          inductor-cuda = inductor "cuda";
          inductor-rocm = inductor "rocm";
          default = self.packages.${system}.inductor-cpu;

          # The Python export tooling (python/scripts/*.py as inductor-*).
          inductor-tools = tools "cpu";
          inductor-tools-cuda = tools "cuda";
          inductor-tools-rocm = tools "rocm";

          # `nix build .#inductor-serve-image && docker load <result`
          inductor-serve-image = serveImageFor system "cpu";
          inductor-serve-image-cuda = serveImageFor system "cuda";
          inductor-serve-image-rocm = serveImageFor system "rocm";
        }
      );

      # `nix run .#inductor-cuda -- infer ...`
      apps = forAllSystems (
        system:
        let
          p = self.packages.${system};
        in
        {
          inductor-cpu = mkApp p.inductor-cpu;
          inductor-cuda = mkApp p.inductor-cuda;
          inductor-rocm = mkApp p.inductor-rocm;
          default = mkApp p.default;
          # `nix run .#inductor-export-aot -- ...` runs python/scripts/export_aot.py
          inductor-export-aot = mkApp p.inductor-tools;
          inductor-export-aot-cuda = mkApp p.inductor-tools-cuda;
          inductor-export-aot-rocm = mkApp p.inductor-tools-rocm;
        }
      );

      devShells = forAllSystems (
        system:
        let
          shellFor =
            backend:
            nixpkgsBy.${system}.${backend}.callPackage ./nix/devshell.nix {
              inductor = self.packages.${system}."inductor-${backend}";
            };
        in
        {
          default = shellFor "cpu";
          cuda = shellFor "cuda";
          rocm = shellFor "rocm";
        }
      );

      # The CPU build with `make check` (doCheck is on for the cpu backend).
      checks = forAllSystems (system: {
        inductor-cpu = self.packages.${system}.inductor-cpu;
      });

      # For another flake's nixpkgs: `inductor` follows that nixpkgs' config
      # (cudaSupport / rocmSupport), so it always matches its torch.
      overlays.default = final: prev: {
        inductor = final.callPackage ./nix/package.nix {
          backend =
            if final.config.cudaSupport or false then
              "cuda"
            else if final.config.rocmSupport or false then
              "rocm"
            else
              "cpu";
        };
        inductor-tools = final.callPackage ./nix/tools.nix { };
      };
    };
}

# inductor-serve-image: an OCI image running `inductor serve` the way KServe
# expects (packaging/kserve/): the Open Inference Protocol on every
# interface, port 8080, models from /mnt/models, as a non-root user.
#
#   nix build .#inductor-serve-image && docker load <result
#   docker run -p 8080:8080 -v $PWD/models:/mnt/models:ro inductor-serve:VERSION
#
# `inductor` is the package of one backend (flake.nix passes the matching
# inductor-cpu / -cuda / -rocm); the image is named after the backend.
{
  lib,
  dockerTools,
  inductor,
}:

let
  inherit (inductor) backend;
  port = 8080;
  uid = 65532; # "nonroot", as distroless images; OpenShift may pick another

  # The image's default arguments; a KServe runtime's `args` replace them
  # and so repeat them (packaging/kserve/servingruntime.yaml).
  serveArgs = [
    "--host"
    "0.0.0.0"
    "--port"
    (toString port)
    "--model-repository"
    "/mnt/models"
  ]
  # ROCm's torch names its GPUs "cuda" too.
  ++ lib.optionals (backend != "cpu") [
    "--device"
    "cuda"
  ];

  config = {
    Entrypoint = [
      (lib.getExe inductor)
      "serve"
    ];
    Cmd = serveArgs;
    ExposedPorts."${toString port}/tcp" = { };
    User = "${toString uid}:${toString uid}";
    Env = [
      # The cache root is created by the server (0700, its own), below a
      # directory it can write: /var/cache/inductor in the image (owned by
      # ${toString uid}), an emptyDir under Kubernetes.  A group- or
      # world-writable root would be refused (docs/security.md).
      "INDUCTOR_CACHE_DIR=/var/cache/inductor/models"
      "TMPDIR=/tmp"
    ]
    # The NVIDIA container toolkit mounts the host driver's libcuda into
    # one of these; the package's RUNPATH names NixOS's /run/opengl-driver.
    ++ lib.optionals (backend == "cuda") [
      "LD_LIBRARY_PATH=/usr/lib64:/usr/lib/x86_64-linux-gnu:/usr/lib/aarch64-linux-gnu"
      "NVIDIA_DRIVER_CAPABILITIES=compute,utility"
    ];
    Labels = {
      "org.opencontainers.image.title" = "inductor-serve";
      "org.opencontainers.image.description" = "inductor serve: KServe v2 inference for AOTInductor .pt2 packages (${backend})";
      "org.opencontainers.image.version" = inductor.version;
      "org.opencontainers.image.licenses" = "Apache-2.0";
    };
  };

  image = dockerTools.buildLayeredImage {
    name = "inductor-serve" + lib.optionalString (backend != "cpu") "-${backend}";
    tag = inductor.version;
    # The entrypoint's closure (the package, libtorch, ...) is all it needs:
    # no shell, no package manager.
    contents = [ ];
    # Directories the user may write to when no volume is mounted there;
    # /tmp sticky, as inductor wants of a shared temporary directory.
    fakeRootCommands = ''
      mkdir -p tmp var/cache/inductor mnt/models
      chmod 1777 tmp
      chown ${toString uid}:${toString uid} var/cache/inductor
      chmod 0700 var/cache/inductor
    '';
    inherit config;
  };
in
image
// {
  # For tests/nix/flake_eval.sh (the stub's image keeps no config).
  imageConfig = config;
  inherit backend inductor;
}

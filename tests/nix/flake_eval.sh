#!/bin/sh
# flake_eval.sh - evaluate the Nix flake against the stub nixpkgs (TAP).
#
# Nothing is built: the stub (shared/nix/stub-nixpkgs) has real nixpkgs'
# attribute names, so this catches a misspelt or invented attribute, a wrong
# output name, a missing argument, a flake output that does not evaluate, and
# a backend wired to the wrong torch. Whether a real build succeeds it cannot
# tell.
#
# Flakes see only git-tracked files and this also runs from a non-git
# `make distcheck` tree, so flake.nix, nix/ and python/ are copied into a
# fresh git repository under a temporary directory; its flake.lock (which
# names the stub's path) is written there only, never in the source tree.
#
# Environment: INDUCTOR_SRCDIR (default: this script's ../..),
# INDUCTOR_NIX_STUB (default: the first shared/nix/stub-nixpkgs found beside
# the source tree or above it).

if ! command -v nix >/dev/null 2>&1; then
  echo "1..0 # SKIP nix not installed"
  exit 0
fi

here=$(cd "$(dirname "$0")" && pwd)
srcdir=$(cd "${INDUCTOR_SRCDIR:-$here/../..}" && pwd)

stub=${INDUCTOR_NIX_STUB:-}
if [ -z "$stub" ]; then
  d=$srcdir
  while :; do
    d=$(dirname "$d")
    if [ -f "$d/shared/nix/stub-nixpkgs/flake.nix" ]; then
      stub=$d/shared/nix/stub-nixpkgs
      break
    fi
    [ "$d" = / ] && break
  done
fi
if [ -z "$stub" ] || [ ! -f "$stub/flake.nix" ]; then
  echo "1..0 # SKIP no stub nixpkgs found (set INDUCTOR_NIX_STUB)"
  exit 0
fi
stub=$(cd "$stub" && pwd)

tmp=$(mktemp -d "${TMPDIR:-/tmp}/inductor-nix.XXXXXX") || exit 1
trap 'chmod -R u+w "$tmp" 2>/dev/null; rm -rf "$tmp"' EXIT HUP INT TERM

# Writable, private homes and caches; no user or system git configuration.
export HOME="$tmp/home" XDG_CACHE_HOME="$tmp/cache" XDG_CONFIG_HOME="$tmp/config"
export XDG_DATA_HOME="$tmp/data" GIT_CONFIG_NOSYSTEM=1
mkdir -p "$HOME" "$XDG_CACHE_HOME" "$XDG_CONFIG_HOME" "$XDG_DATA_HOME"
NIX_CONFIG="${NIX_CONFIG:+$NIX_CONFIG
}experimental-features = nix-command flakes
warn-dirty = false"
# Without a writable /nix/store or a daemon, evaluate into a private store.
if [ ! -w /nix/store ] && [ ! -w /nix ] && [ ! -S /nix/var/nix/daemon-socket/socket ]; then
  NIX_CONFIG="$NIX_CONFIG
store = $tmp/store"
fi
export NIX_CONFIG

systems="x86_64-linux aarch64-linux"
run_timeout=
command -v timeout >/dev/null 2>&1 && run_timeout="timeout 120"

n=0
out=$tmp/out
err=$tmp/err

ok() {
  n=$((n + 1))
  echo "ok $n - $1"
}
not_ok() {
  n=$((n + 1))
  echo "not ok $n - $1"
  for f in "$out" "$err"; do
    [ -s "$f" ] && tail -n 15 "$f" | sed 's/^/#   /'
  done
  return 0
}
# check DESCRIPTION CMD...: ok when CMD succeeds.
check() {
  desc=$1
  shift
  if "$@" >"$out" 2>"$err"; then ok "$desc"; else not_ok "$desc"; fi
}
# check_fails DESCRIPTION PATTERN CMD...: ok when CMD fails and its error
# output matches PATTERN (so it failed for the reason the test is about).
check_fails() {
  desc=$1
  pat=$2
  shift 2
  if "$@" >"$out" 2>"$err"; then
    echo "unexpectedly succeeded" >"$err"
    not_ok "$desc"
  elif grep -q -e "$pat" "$err"; then
    ok "$desc"
  else
    echo "failed, but not with '$pat'" >>"$err"
    not_ok "$desc"
  fi
}

nixq() { $run_timeout nix "$@"; }

# assert DESCRIPTION FLAKEDIR EXPR: EXPR must evaluate to true. In it, `f` is
# the flake, `has RE x` matches a regex in toString x, `hasFlag FLAG flags` finds
# FLAG as one whole word of the flags, `stubPkgs system config` imports the
# locked nixpkgs (the stub).
assert() {
  desc=$1
  dir=$2
  expr=$3
  full="let
    f = builtins.getFlake \"git+file://$dir\";
    str = s: builtins.unsafeDiscardStringContext (toString s);
    has = re: s: builtins.match \".*(\${re}).*\" (str s) != null;
    hasFlag = flag: s: builtins.elem (str flag) (builtins.split \" \" (str s));
    stubPkgs = system: config: import f.inputs.nixpkgs { inherit system config; };
  in $expr"
  if nixq eval --impure --json --expr "$full" >"$out" 2>"$err" && [ "$(cat "$out")" = true ]; then
    ok "$desc"
  else
    not_ok "$desc"
  fi
}

# make_copy DIR: a git repository with what the flake references, locked to
# the stub (that lock lives only in DIR).
make_copy() {
  dir=$1
  mkdir -p "$dir" || return 1
  files="flake.nix nix python"
  [ -f "$srcdir/configure.ac" ] && files="$files configure.ac"
  # shellcheck disable=SC2086
  (cd "$srcdir" && tar cf - --exclude=__pycache__ --exclude='*.pyc' $files) |
    (cd "$dir" && tar xf -) || return 1
  (
    cd "$dir" &&
      git init -q &&
      git config user.name "inductor tests" &&
      git config user.email "tests@inductor.invalid" &&
      git config commit.gpgsign false &&
      git add -A &&
      git commit -q -m copy &&
      nixq flake lock --override-input nixpkgs "path:$stub" &&
      git add flake.lock &&
      git commit -q -m lock &&
      grep -q "$stub" flake.lock
  )
}

# commit_edit DIR: commit what was edited in DIR.
commit_edit() {
  (cd "$1" && git add -A && git commit -q -m edit)
}

### The source tree itself

tracked_lock_ok() {
  [ ! -e "$srcdir/flake.lock" ] && return 0
  ! grep -q -e '"path"' -e 'stub-nixpkgs' "$srcdir/flake.lock"
}
check "the source tree has no flake.lock that names a local path" tracked_lock_ok

pinned_by_branch() {
  url=$(nixq eval --raw --impure --expr "(import $srcdir/flake.nix).inputs.nixpkgs.url") || return 1
  echo "$url"
  echo "$url" | grep -Eq '^github:NixOS/nixpkgs/[A-Za-z][A-Za-z0-9._-]*$'
}
check "flake.nix pins nixpkgs by a branch of github:NixOS/nixpkgs" pinned_by_branch

work=$tmp/flake
check "a git copy of flake.nix, nix/ and python/ locks nixpkgs to the stub" make_copy "$work"
ref="git+file://$work"

### Whole-flake checks

all_systems=
nix flake check --help 2>/dev/null | grep -q -e '--all-systems' && all_systems=--all-systems
check "nix flake check --no-build passes against the stub" \
  nixq flake check --no-build $all_systems "$ref"

### Every output evaluates to a derivation

for sys in $systems; do
  for p in inductor-cpu inductor-cuda inductor-rocm default \
           inductor-tools inductor-tools-cuda inductor-tools-rocm \
           inductor-serve-image inductor-serve-image-cuda inductor-serve-image-rocm; do
    check "packages.$sys.$p evaluates to a derivation (drvPath)" \
      nixq eval --raw "$ref#packages.$sys.$p.drvPath"
  done
  for s in default cuda rocm; do
    check "devShells.$sys.$s evaluates to a derivation (drvPath)" \
      nixq eval --raw "$ref#devShells.$sys.$s.drvPath"
  done
  check "checks.$sys.inductor-cpu evaluates to a derivation (drvPath)" \
    nixq eval --raw "$ref#checks.$sys.inductor-cpu.drvPath"
done

### Each backend: configure flags and the torch flavour

for sys in $systems; do
  assert "$sys cpu build passes --with-backend=cpu and uses a torch without CUDA or ROCm" "$work" "
    let p = f.packages.$sys.inductor-cpu; in
    hasFlag \"--with-backend=cpu\" p.configureFlags
    && p.backend == \"cpu\" && !p.torch.cudaSupport && !p.torch.rocmSupport"
  assert "$sys cuda build passes --with-backend=cuda and uses a CUDA torch" "$work" "
    let p = f.packages.$sys.inductor-cuda; in
    hasFlag \"--with-backend=cuda\" p.configureFlags
    && p.backend == \"cuda\" && p.torch.cudaSupport && !p.torch.rocmSupport"
  assert "$sys rocm build passes --with-backend=rocm and uses a ROCm torch" "$work" "
    let p = f.packages.$sys.inductor-rocm; in
    hasFlag \"--with-backend=rocm\" p.configureFlags
    && p.backend == \"rocm\" && p.torch.rocmSupport && !p.torch.cudaSupport"
done

assert "libtorch headers and libraries come from torch's dev and lib outputs" "$work" "
  builtins.all (b: let p = f.packages.x86_64-linux.\"inductor-\${b}\"; in
      hasFlag \"--with-libtorch-include=\${p.torch.dev}/include\" p.configureFlags
      && hasFlag \"--with-libtorch-lib=\${p.torch.lib}/lib\" p.configureFlags)
    [ \"cpu\" \"cuda\" \"rocm\" ]"

assert "configure gets PYTHON= the package's Python (torch + numpy) for the fixtures" "$work" "
  builtins.all (b: let p = f.packages.x86_64-linux.\"inductor-\${b}\"; in
      hasFlag \"PYTHON=\${p.python}/bin/python3\" p.configureFlags)
    [ \"cpu\" \"cuda\" \"rocm\" ]"

assert "cuda build finds the host driver's libcuda (autoAddDriverRunpath), cpu does not" "$work" "
  has \"auto-add-driver-runpath-hook\" f.packages.x86_64-linux.inductor-cuda.nativeBuildInputs
  && !(has \"auto-add-driver-runpath-hook\" f.packages.x86_64-linux.inductor-cpu.nativeBuildInputs)"

assert "cuda build points CUDA_HOME at cudart's headers, rocm build ROCM_PATH at clr" "$work" "
  let c = f.packages.x86_64-linux.inductor-cuda; r = f.packages.x86_64-linux.inductor-rocm;
      cp = stubPkgs \"x86_64-linux\" { cudaSupport = true; allowUnfree = true; };
      rp = stubPkgs \"x86_64-linux\" { rocmSupport = true; }; in
  hasFlag \"CUDA_HOME=\${cp.cudaPackages.cuda_cudart.dev}\" c.configureFlags
  && hasFlag \"ROCM_PATH=\${rp.rocmPackages.clr}\" r.configureFlags"

assert "export tooling packages use the matching torch flavour" "$work" "
  let t = f.packages.x86_64-linux; in
  !t.inductor-tools.torch.cudaSupport && t.inductor-tools-cuda.torch.cudaSupport
  && t.inductor-tools-rocm.torch.rocmSupport"

assert "each variant installs its one backend module and install-checks it" "$work" "
  builtins.all (b: let p = f.packages.x86_64-linux.\"inductor-\${b}\"; in
      p.backendModule == \"lib/inductor/backends/inductor-backend-\${b}.so\"
      && (p.doInstallCheck == true || p.doInstallCheck == \"1\"))
    [ \"cpu\" \"cuda\" \"rocm\" ]"

### meta, apps, checks

assert "meta: description, asl20 licence, mainProgram inductor, both Linux platforms" "$work" "
  builtins.all (b: let m = f.packages.x86_64-linux.\"inductor-\${b}\".meta; in
      builtins.stringLength m.description > 0 && m.license.spdxId == \"Apache-2.0\"
      && m.mainProgram == \"inductor\"
      && builtins.elem \"x86_64-linux\" m.platforms && builtins.elem \"aarch64-linux\" m.platforms)
    [ \"cpu\" \"cuda\" \"rocm\" ]"

for sys in $systems; do
  assert "$sys apps inductor-{cpu,cuda,rocm,default} run bin/inductor of their package" "$work" "
    let a = f.apps.$sys; p = f.packages.$sys;
        run = app: pkg: app.type == \"app\" && app.program == \"\${pkg}/bin/inductor\"; in
    run a.inductor-cpu p.inductor-cpu && run a.inductor-cuda p.inductor-cuda
    && run a.inductor-rocm p.inductor-rocm && run a.default p.inductor-cpu"
  assert "$sys app inductor-export-aot runs the export tooling" "$work" "
    let a = f.apps.$sys.inductor-export-aot; in
    a.type == \"app\"
    && a.program == \"\${f.packages.$sys.inductor-tools}/bin/inductor-export-aot\""
  assert "$sys checks.inductor-cpu is the cpu build with make check (doCheck)" "$work" "
    let c = f.checks.$sys.inductor-cpu; in
    c.backend == \"cpu\" && (c.doCheck == true || c.doCheck == \"1\")
    && c.drvPath == f.packages.$sys.inductor-cpu.drvPath"
done

### The serve image (nix/serve-image.nix): what KServe's runtime expects

for sys in $systems; do
  assert "$sys serve images: named per backend, tagged with the version, each on its own backend's package" "$work" "
    let p = f.packages.$sys;
        img = sfx: b: let i = p.\"inductor-serve-image\${sfx}\"; in
          i.imageName == \"inductor-serve\${sfx}\" && i.imageTag == p.\"inductor-\${b}\".version
          && i.backend == b && i.inductor.drvPath == p.\"inductor-\${b}\".drvPath; in
    img \"\" \"cpu\" && img \"-cuda\" \"cuda\" && img \"-rocm\" \"rocm\""
done

assert "serve images run <package>/bin/inductor serve on 0.0.0.0:8080 with /mnt/models" "$work" "
  builtins.all (b: let p = f.packages.x86_64-linux; i = p.\"inductor-serve-image\${if b == \"cpu\" then \"\" else \"-\${b}\"}\";
                       c = i.imageConfig; args = c.Cmd; in
      c.Entrypoint == [ \"\${p.\"inductor-\${b}\"}/bin/inductor\" \"serve\" ]
      && builtins.elem \"--host\" args && builtins.elem \"0.0.0.0\" args
      && builtins.elem \"8080\" args && builtins.elem \"/mnt/models\" args
      && c.ExposedPorts ? \"8080/tcp\")
    [ \"cpu\" \"cuda\" \"rocm\" ]"

assert "serve images: GPU ones pass --device cuda (ROCm too), the CPU one no --device" "$work" "
  let p = f.packages.x86_64-linux; in
  !(builtins.elem \"--device\" p.inductor-serve-image.imageConfig.Cmd)
  && has \"--device cuda\" p.inductor-serve-image-cuda.imageConfig.Cmd
  && has \"--device cuda\" p.inductor-serve-image-rocm.imageConfig.Cmd"

assert "serve images run as a non-root user, with the cache below a writable directory" "$work" "
  builtins.all (i: let c = i.imageConfig; u = builtins.head (builtins.split \":\" c.User); in
      u != \"\" && u != \"0\" && u != \"root\"
      && builtins.elem \"INDUCTOR_CACHE_DIR=/var/cache/inductor/models\" c.Env)
    (with f.packages.x86_64-linux; [ inductor-serve-image inductor-serve-image-cuda inductor-serve-image-rocm ])"

assert "the CUDA image finds the driver's libcuda that the container toolkit mounts; the CPU one sets no LD_LIBRARY_PATH" "$work" "
  let p = f.packages.x86_64-linux; in
  has \"LD_LIBRARY_PATH=[^ ]*/usr/lib64\" p.inductor-serve-image-cuda.imageConfig.Env
  && !(has \"LD_LIBRARY_PATH\" p.inductor-serve-image.imageConfig.Env)"

### The overlay follows the importing nixpkgs' config

for b in cpu cuda rocm; do
  case $b in
    cpu) cfg='{ }' ;;
    cuda) cfg='{ cudaSupport = true; allowUnfree = true; }' ;;
    rocm) cfg='{ rocmSupport = true; }' ;;
  esac
  assert "overlays.default on a $b nixpkgs gives inductor with --with-backend=$b" "$work" "
    let prev = stubPkgs \"x86_64-linux\" $cfg;
        final = prev // f.overlays.default final prev; in
    final.inductor.backend == \"$b\" && hasFlag \"--with-backend=$b\" final.inductor.configureFlags
    && builtins.isString final.inductor.drvPath && builtins.isString final.inductor-tools.drvPath"
done

### The checks can fail

check_fails "backend cuda from a nixpkgs without cudaSupport is refused" "cudaSupport" \
  nixq eval --impure --raw --expr "
    let f = builtins.getFlake \"git+file://$work\";
        pkgs = import f.inputs.nixpkgs { system = \"x86_64-linux\"; }; in
    (pkgs.callPackage \"\${f}/nix/package.nix\" { backend = \"cuda\"; }).drvPath"

check_fails "an unknown backend is refused" "must be one of" \
  nixq eval --impure --raw --expr "
    let f = builtins.getFlake \"git+file://$work\";
        pkgs = import f.inputs.nixpkgs { system = \"x86_64-linux\"; }; in
    (pkgs.callPackage \"\${f}/nix/package.nix\" { backend = \"tpu\"; }).drvPath"

# A misspelt package argument (callPackage finds no such attribute).
typo1=$tmp/typo-argument
misspell_argument() {
  make_copy "$typo1" &&
    sed -i 's/autoAddDriverRunpath/autoAddDriverRunPath/g' "$typo1/nix/package.nix" &&
    grep -q autoAddDriverRunPath "$typo1/nix/package.nix" &&
    commit_edit "$typo1"
}
if misspell_argument >"$out" 2>"$err"; then
  check_fails "package.nix with a misspelt argument (autoAddDriverRunPath) fails nix eval" \
    "autoAddDriverRunPath" nixq eval --raw "git+file://$typo1#packages.x86_64-linux.inductor-cpu.drvPath"
  check_fails "package.nix with a misspelt argument fails nix flake check" \
    "autoAddDriverRunPath" nixq flake check --no-build $all_systems "git+file://$typo1"
else
  not_ok "a copy of package.nix with a misspelt argument could be made"
fi

# A misspelt attribute inside the expression (cudaPackages has no such name).
typo2=$tmp/typo-attribute
misspell_attribute() {
  make_copy "$typo2" &&
    sed -i 's/cudaPackages\.cuda_cudart/cudaPackages.cuda_cudartt/g' "$typo2/nix/package.nix" &&
    grep -q cuda_cudartt "$typo2/nix/package.nix" &&
    commit_edit "$typo2"
}
if misspell_attribute >"$out" 2>"$err"; then
  check_fails "package.nix with a misspelt attribute (cudaPackages.cuda_cudartt) fails nix eval" \
    "cuda_cudartt" nixq eval --raw "git+file://$typo2#packages.x86_64-linux.inductor-cuda.drvPath"
  check_fails "package.nix with a misspelt attribute fails nix flake check" \
    "cuda_cudartt" nixq flake check --no-build $all_systems "git+file://$typo2"
else
  not_ok "a copy of package.nix with a misspelt attribute could be made"
fi

# A misspelt dockerTools function in the image.
typo3=$tmp/typo-image
misspell_image() {
  make_copy "$typo3" &&
    sed -i 's/dockerTools\.buildLayeredImage/dockerTools.buildLayerdImage/' "$typo3/nix/serve-image.nix" &&
    grep -q buildLayerdImage "$typo3/nix/serve-image.nix" &&
    commit_edit "$typo3"
}
if misspell_image >"$out" 2>"$err"; then
  check_fails "serve-image.nix with a misspelt dockerTools.buildLayerdImage fails nix eval" \
    "buildLayerdImage" nixq eval --raw "git+file://$typo3#packages.x86_64-linux.inductor-serve-image.drvPath"
else
  not_ok "a copy of serve-image.nix with a misspelt function could be made"
fi

echo "1..$n"
exit 0

# setup.sh - sourced by the configure tests: fake torch layouts made at test
# time, and a way to run the real ./configure against them and read back
# what it chose.  Builds nothing: configure runs with
# --disable-libtorch-link-check, since the fake libraries are empty.
#
#   make_torch DIR cpu|cuda|rocm [VERSION]
#       DIR/torch/{include,lib} as a torch wheel lays them out, and
#       DIR/bin/python, which answers configure's torch query for that
#       torch and hands anything else to the real $PYTHON.
#   make_cuda DIR [cublas]     a CUDA toolkit's include/ (with cuBLAS's)
#   make_rocm DIR              a ROCm installation's include/hip/
#   configure_in BUILD ARGS... runs configure in BUILD; $rc, BUILD/out, err
#   cfg BUILD NAME             an output variable's value (config.log)
#   defined BUILD MACRO        MACRO is #defined in BUILD/config.h
#   cond BUILD NAME            the automake conditional NAME is true
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

: "${PYTHON:?PYTHON must name the real Python}"
CONFIGURE=$INDUCTOR_SRCDIR/configure

# A source tree configured in place (`./configure && make check`) refuses
# every other build directory ("source directory already configured"), so
# the tests then configure a copy of what configure reads: itself, the aux
# directory, its unique source file and the templates of its outputs.
if [ -f "$INDUCTOR_SRCDIR/config.status" ]; then
    copy=$TEST_TMP/srcdir
    mkdir -p "$copy"
    cp -p "$CONFIGURE" "$copy/" && cp -Rp "$INDUCTOR_SRCDIR/build-aux" "$copy/" ||
        { echo "Bail out! cannot copy the source tree's configure"; exit 1; }
    for f in $(sed -n 's/^ac_unique_file="\(.*\)"$/\1/p' "$CONFIGURE") \
        $(sed -n 's/^ *ac_config_\(files\|headers\)="$ac_config_[a-z]* \(.*\)"$/\2/p' "$CONFIGURE" |
          tr ' ' '\n' | sed 's/:.*//; s/$/.in/'); do
        mkdir -p "$copy/$(dirname "$f")"
        cp -p "$INDUCTOR_SRCDIR/$f" "$copy/$f" ||
            { echo "Bail out! cannot copy $f for configure"; exit 1; }
    done
    CONFIGURE=$copy/configure
fi

# An empty but real shared library: configure only looks for the file, but
# a real one keeps the layout honest.
make_lib() {
    cc -shared -fPIC -o "$1" -x c /dev/null 2>>"$TEST_TMP/cc.err" || : >"$1"
}

make_torch() {
    dir=$1 flavour=$2 version=${3:-2.14.1}
    inc=$dir/torch/include lib=$dir/torch/lib
    mkdir -p "$inc/torch/csrc/inductor/aoti_package" "$inc/torch/headeronly" \
        "$lib" "$dir/bin"
    : >"$inc/torch/csrc/inductor/aoti_package/model_package_loader.h"
    echo "$version" | awk -F. '{
        printf "#define TORCH_VERSION_MAJOR %s\n", $1
        printf "#define TORCH_VERSION_MINOR %s\n", $2
        printf "#define TORCH_VERSION_PATCH %s\n", $3 }' \
        >"$inc/torch/headeronly/version.h"
    for l in libtorch libtorch_cpu libc10; do make_lib "$lib/$l.so"; done
    cuda= hip=
    case $flavour in
    cuda) cuda=13.0
          make_lib "$lib/libtorch_cuda.so"; make_lib "$lib/libc10_cuda.so" ;;
    rocm) hip=6.4.43482
          make_lib "$lib/libtorch_hip.so"; make_lib "$lib/libc10_hip.so" ;;
    esac
    # configure asks: torch path, version, C++11 ABI, torch.version.cuda,
    # torch.version.hip (one per line).
    cat >"$dir/bin/python" <<PY
#!/bin/sh
case "\$*" in
*torch.version*) printf '%s\n' "$dir/torch" "$version" 1 "$cuda" "$hip"; exit 0 ;;
esac
exec "$PYTHON" "\$@"
PY
    chmod +x "$dir/bin/python"
}

make_cuda() {
    mkdir -p "$1/include"
    : >"$1/include/cuda_runtime_api.h"
    [ "${2:-}" != cublas ] || : >"$1/include/cublas_v2.h"
}

make_rocm() {
    mkdir -p "$1/include/hip"
    : >"$1/include/hip/hip_runtime_api.h"
}

# One cache per test file makes the compiler checks run once; the
# precious-variable entries are dropped, as each run sets its own.
configure_in() {
    b=$1
    shift
    mkdir -p "$b"
    if [ -f "$TEST_TMP/config.cache" ]; then
        sed '/^ac_cv_env_/d' "$TEST_TMP/config.cache" >"$b/config.cache"
    fi
    (cd "$b" && env -u LIBTORCH -u LIBTORCH_CXX11_ABI -u CUDA_HOME \
        -u CUDA_PATH -u ROCM_PATH CONFIG_SITE=/dev/null \
        "$CONFIGURE" --cache-file=config.cache --disable-libtorch-link-check \
        "$@" >out 2>err)
    rc=$?
    if [ "$rc" -eq 0 ] && [ ! -f "$TEST_TMP/config.cache" ]; then
        cp "$b/config.cache" "$TEST_TMP/config.cache"
    fi
}

cfg() {
    sed -n "s/^$2='\(.*\)'\$/\1/p" "$1/config.log" | head -n 1
}

defined() {
    grep -q "^#define $2 1\$" "$1/config.h"
}

cond() {
    [ "$(cfg "$1" "${2}_TRUE")" = "" ] && [ "$(cfg "$1" "${2}_FALSE")" = "#" ]
}

# The configure error: exactly one "configure: error:" line.
config_error() {
    [ "$(grep -c '^configure: error: ' "$1/err")" -eq 1 ] &&
        grep '^configure: error: ' "$1/err"
}

#!/bin/sh
# bundle.sh - makes inductor relocatable: copies libtorch (and, for the
# tarball, every other non-glibc library) next to it and points RPATHs at
# $ORIGIN.  libinductor itself needs no libtorch: its backend modules, in
# LIBDIR/inductor/backends/, do, and find it through their RPATH.  One
# libtorch is bundled: a build with several modules must build them all
# against it (--with-backend=cpu,cuda on the CUDA torch).  Called by `make bundle` and `make install-libtorch-private`
# (mk/dist.am); not meant to be run by hand.
#
#   bundle.sh tarball --stage-bindir B --stage-libdir L --stage-includedir I
#       --stage-datarootdir D --libtorch-libdir T --backend BACKEND
#       --name NAME --version VERSION --srcdir SRCDIR --output NAME.tar.xz
#       [--xz 'xz -T0 -3'] [--dlopen-lib PATH]...
#     A staged `make install DESTDIR=...` (its B, L, I, D) becomes
#     NAME/{inductor, lib/, lib/pkgconfig/, include/, share/} holding
#     libtorch and the whole ldd closure except the glibc family, packed as a
#     reproducible .tar.xz (sorted names, owner 0, mtime SOURCE_DATE_EPOCH).
#     --dlopen-lib: a library the program loads with dlopen() by SONAME,
#     which ldd cannot see (libmicrohttpd for `inductor serve`): copied in
#     under its file name's SONAME with its closure.
#
#   bundle.sh private --destdir DESTDIR --bindir B --libdir L --privdir P
#       --libtorch-libdir T --backend BACKEND
#     For distribution packages: copies only the libraries that come from
#     the torch wheel (or libtorch tree) into DESTDIR/P, a private directory;
#     every other library stays a system dependency of the package.
#
# RPATHs are written as DT_RPATH (--force-rpath), which, unlike DT_RUNPATH,
# beats LD_LIBRARY_PATH and also serves the libraries' own dependencies.
set -eu

me=bundle.sh
die() { echo "$me: error: $*" >&2; exit 1; }
note() { echo "$me: $*" >&2; }

PATCHELF=${PATCHELF:-patchelf}
LC_ALL=C
export LC_ALL

# ---------------------------------------------------------------- helpers

is_elf() {
    [ -f "$1" ] && [ ! -L "$1" ] &&
        [ "$(head -c 4 "$1" | od -An -c | tr -d ' \n')" = '177ELF' ]
}

# Libraries that must come from the machine the bundle runs on: the glibc
# family (they must match the running ld.so) and GPU driver libraries (they
# must match the kernel driver).
is_host_library() {
    case $1 in
    ld-linux*.so* | linux-vdso.so* | linux-gate.so* | libc.so.* | libm.so.* | \
    libmvec.so.* | libpthread.so.* | libdl.so.* | librt.so.* | libutil.so.* | \
    libresolv.so.* | libanl.so.* | libnsl.so.* | libnss_*.so* | \
    libBrokenLocale.so.* | libthread_db.so.* | libc_malloc_debug.so.* | \
    libcuda.so* | libnvidia-*.so* | libnvcuvid.so* | libcudadebugger.so*)
        return 0 ;;
    esac
    return 1
}

# Libraries of the torch wheel that only Python needs.
is_python_only() {
    case $1 in
    libtorch_python.so | libshm.so | libtorchbind_test.so | \
    libjitbackend_test.so | libbackend_with_compiler.so | libaoti_custom_ops.so)
        return 0 ;;
    esac
    return 1
}

is_system_libdir() {
    case $1 in
    /lib | /lib64 | /usr/lib | /usr/lib64 | /usr/lib/*-linux-gnu* | /lib/*-linux-gnu*)
        return 0 ;;
    esac
    return 1
}

# The tree the torch came from: site-packages for a wheel (so nvidia/*/lib
# and torch.libs/ count too), the libtorch tree otherwise.
wheel_root() {
    case $1 in
    */torch/lib) dirname "$(dirname "$1")" ;;
    *) dirname "$1" ;;
    esac
}

set_rpath() { # FILE RPATH
    "$PATCHELF" --force-rpath --set-rpath "$2" "$1" ||
        die "patchelf could not set the RPATH of $1"
}

# ldd_deps FILE: "NAME PATH" per dependency ("NAME not" when not found).
ldd_deps() {
    LD_LIBRARY_PATH=$search_path ldd "$1" 2>/dev/null |
        awk '$2 == "=>" { print $1, ($3 == "not" ? "not" : $3) }'
}

# copy_closure DIR FILTER strict|lenient FILES...: walks the dependencies of
# FILES and copies into DIR each library not there yet for which
# `FILTER PATH` succeeds (each copy gets RPATH $ORIGIN), until nothing new
# turns up.  A dependency that cannot be found is an error when strict (the
# program, libinductor and what they load), a note when lenient (plugins of
# the wheel that load only on demand, like nvshmem's transports).
copy_closure() {
    dir=$1 filter=$2 strict=$3
    shift 3
    todo="$*"
    while [ -n "$todo" ]; do
        next=
        for f in $todo; do
            grep -qxF "$f" "$work/visited" && continue
            echo "$f" >>"$work/visited"
            ldd_deps "$f" >"$work/deps" || die "ldd failed on $f"
            while read -r dep deppath; do
                is_host_library "$dep" && continue
                if [ -e "$dir/$dep" ]; then
                    next="$next $dir/$dep"
                    continue
                fi
                if [ "$deppath" = not ]; then
                    [ "$strict" = lenient ] ||
                        die "$dep, needed by $f, was not found (searched $search_path)"
                    note "$dep (needed by $(basename "$f"), loaded on demand) not found: not bundled"
                    continue
                fi
                "$filter" "$deppath" || continue
                cp -L "$deppath" "$dir/$dep"
                chmod u+w "$dir/$dep"
                set_rpath "$dir/$dep" '$ORIGIN'
                echo "$dep $deppath" >>"$work/copied"
                next="$next $dir/$dep"
            done <"$work/deps"
        done
        todo=$next
    done
}

any_path() { return 0; }
in_wheel() { case $1 in "$wheel"/*) return 0 ;; esac; return 1; }

# copy_torch_libs DIR: all of libtorch's own libraries, not only the ones ldd
# sees, because models and backends load some with dlopen (libtorch_cuda
# registers the "cuda" runner; cuDNN parts, libtorch_cuda_linalg); for cuda
# also the wheel's nvidia/*/lib, for rocm also the data directories
# (rocblas/, hipblaslt/, aotriton kernels), copied, never symlinked.
copy_torch_libs() {
    dir=$1
    for f in "$libtorch"/*; do
        if [ -d "$f" ]; then
            [ "$backend" = rocm ] || continue
            case $(basename "$f") in libshm*) continue ;; esac
            cp -RL "$f" "$dir/"
        else
            copy_one_backend_lib "$dir" "$f"
        fi
    done
    case $backend in
    cpu | rocm) ;;
    cuda)
        for f in "$wheel"/nvidia/*/lib/*.so*; do
            copy_one_backend_lib "$dir" "$f"
        done ;;
    *) die "unknown backend '$backend'" ;;
    esac
}

copy_one_backend_lib() { # DIR FILE
    base=$(basename "$2")
    case $base in *.so | *.so.*) ;; *) return 0 ;; esac
    [ -f "$2" ] || return 0
    is_python_only "$base" && return 0
    is_host_library "$base" && return 0
    [ -e "$1/$base" ] && return 0
    cp -L "$2" "$1/$base"
    chmod u+w "$1/$base"
    if is_elf "$1/$base"; then set_rpath "$1/$base" '$ORIGIN'; fi
    echo "$base $2" >>"$work/copied"
}

# ---------------------------------------------------------------- tarball

tarball_layout() {
    top=$work/$name
    mkdir -p "$top/lib" "$top/include" "$top/share"
    for f in "$sbindir"/*; do
        [ -f "$f" ] || continue
        cp -P "$f" "$top/"
        if is_elf "$top/$(basename "$f")"; then
            set_rpath "$top/$(basename "$f")" '$ORIGIN/lib'
        fi
    done
    [ -x "$top/inductor" ] || die "no inductor program in $sbindir"
    # libtool's .la files record absolute paths: not relocatable, not needed.
    (cd "$slibdir" && find . ! -name '*.la' \( -type f -o -type l \)) |
        while read -r f; do
            mkdir -p "$top/lib/$(dirname "$f")"
            cp -P "$slibdir/$f" "$top/lib/$f"
        done
    for f in "$top"/lib/*.so*; do
        if is_elf "$f"; then set_rpath "$f" '$ORIGIN'; fi
    done
    # Backend modules (lib/inductor/backends/) find libtorch in lib/.
    for f in $(backend_modules "$top/lib"); do
        set_rpath "$f" '$ORIGIN/../..'
    done
    [ ! -d "$sincludedir" ] || cp -RP "$sincludedir/." "$top/include/"
    [ ! -d "$sdatarootdir" ] || cp -RP "$sdatarootdir/." "$top/share/"
    relocatable_pc "$top/lib/pkgconfig/inductor.pc"
}

# The .pc finds the bundle from its own place (${pcfiledir}).  json-c and
# zlib are inside the bundle without .pc files, so they cannot be Requires,
# and a shared-only libinductor needs no Libs.private.  Programs linked with
# it find the bundle's lib/ where it was at link time.
relocatable_pc() {
    [ -f "$1" ] || die "no inductor.pc in the staged install"
    sed -e 's|^prefix=.*|prefix=${pcfiledir}/../..|' \
        -e 's|^exec_prefix=.*|exec_prefix=${prefix}|' \
        -e 's|^libdir=.*|libdir=${prefix}/lib|' \
        -e 's|^includedir=.*|includedir=${prefix}/include|' \
        -e '/^Requires.private:/d' -e '/^Libs.private:/d' \
        -e 's|^Libs: \(.*\)$|Libs: \1 -Wl,-rpath,${libdir}|' \
        "$1" >"$1.new"
    mv "$1.new" "$1"
}

# backend_modules LIBDIR: the backend modules installed under LIBDIR.
backend_modules() {
    for f in "$1"/inductor/backends/inductor-backend-*.so; do
        if is_elf "$f"; then echo "$f"; fi
    done
}

elf_files() { # DIR: every ELF file below DIR, one per line
    find "$1" -type f | sort | while read -r f; do
        if is_elf "$f"; then echo "$f"; fi
    done
}

min_glibc() { # DIR: the newest GLIBC_x.y symbol version any ELF needs
    elf_files "$1" | while read -r f; do
        readelf -V --wide "$f" 2>/dev/null |
            sed -n 's/.*Name: GLIBC_\([0-9.]*\) .*/\1/p'
    done | sort -u -V | tail -n 1
}

# share/doc/inductor: what is in the bundle, where each library came from,
# and the licences of the bundled code.
write_bundle_doc() {
    doc=$work/$name/share/doc/inductor
    mkdir -p "$doc/licenses"
    glibc=$(min_glibc "$work/$name")
    {
        echo "$name"
        echo
        echo "inductor $version for the $backend backend, with libtorch."
        echo "Runs on Linux with glibc ${glibc:-(any)} or newer: everything else"
        echo "it loads is in lib/.  Start with ./inductor --help."
        echo
        echo "Libraries copied into lib/ (name, copied from):"
        sort -u "$work/copied" | sed 's/^/  /'
    } >"$doc/README.bundle"
    for f in "$wheel"/torch-*.dist-info/LICENSE* "$wheel"/torch-*.dist-info/NOTICE* \
        "$wheel"/torch-*.dist-info/licenses/*; do
        if [ -f "$f" ]; then cp "$f" "$doc/licenses/torch-$(basename "$f")"; fi
    done
    command -v dpkg-query >/dev/null 2>&1 || return 0
    sort -u "$work/copied" | while read -r _ path; do
        in_wheel "$path" && continue
        for p in "$path" "$(readlink -f "$path")" "/usr$path"; do
            pkg=$(dpkg-query -S "$p" 2>/dev/null | sed -n '1s/:.*//p')
            [ -n "$pkg" ] && break
        done
        if [ -n "$pkg" ] && [ -f "/usr/share/doc/$pkg/copyright" ]; then
            cp "/usr/share/doc/$pkg/copyright" "$doc/licenses/$pkg.copyright"
        fi
    done
    return 0
}

# The time every entry carries: SOURCE_DATE_EPOCH, else the last commit of
# a git checkout, else the mtime of the shipped configure script.
source_date_epoch() {
    if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
        echo "$SOURCE_DATE_EPOCH"
    elif [ -e "$srcdir/.git" ] && git -C "$srcdir" log -1 --format=%ct 2>/dev/null; then
        :
    else
        stat -c %Y "$srcdir/configure"
    fi
}

# Reproducible: sorted names, owner 0, one mtime, normalised modes.
write_tarball() {
    epoch=$(source_date_epoch)
    tar -C "$work" --sort=name --format=gnu --owner=0 --group=0 \
        --numeric-owner --mtime="@$epoch" --mode='u+rwX,go+rX,go-w' \
        -cf - "$name" | $xz >"$output.tmp" ||
        die "could not write $output"
    mv "$output.tmp" "$output"
}

make_tarball() {
    for v in sbindir slibdir sincludedir sdatarootdir libtorch backend name output srcdir; do
        eval "[ -n \"\${$v:-}\" ]" || die "missing option for $v"
    done
    tarball_layout
    search_path=$libtorch
    [ "$backend" = cpu ] || search_path=$search_path$(printf ':%s' "$wheel"/nvidia/*/lib)
    copy_torch_libs "$work/$name/lib"
    dlopened=
    for f in $dlopen_libs; do
        [ -f "$f" ] || die "--dlopen-lib $f: no such file"
        cp -L "$f" "$work/$name/lib/$(basename "$f")"
        chmod u+w "$work/$name/lib/$(basename "$f")"
        set_rpath "$work/$name/lib/$(basename "$f")" '$ORIGIN'
        echo "$(basename "$f") $f" >>"$work/copied"
        dlopened="$dlopened $work/$name/lib/$(basename "$f")"
    done
    copy_closure "$work/$name/lib" any_path strict \
        $(find "$work/$name" -maxdepth 1 -type f) "$work/$name"/lib/libinductor.so.* \
        $(backend_modules "$work/$name/lib") $dlopened
    copy_closure "$work/$name/lib" any_path lenient $(elf_files "$work/$name")
    write_bundle_doc
    write_tarball
}

# ---------------------------------------------------------------- private

make_private() {
    for v in bindir libdir privdir libtorch backend; do
        eval "[ -n \"\${$v:-}\" ]" || die "missing option for $v"
    done
    priv=$destdir$privdir
    mkdir -p "$priv"
    rel=$(realpath -m --relative-to="$libdir" "$privdir")
    modrel=$(realpath -m --relative-to="$libdir/inductor/backends" "$privdir")
    for f in $(backend_modules "$destdir$libdir"); do
        set_rpath "$f" "\$ORIGIN/$modrel"
    done
    for f in "$destdir$bindir"/*; do
        is_elf "$f" || continue
        if is_system_libdir "$libdir"; then
            "$PATCHELF" --remove-rpath "$f" || die "patchelf failed on $f"
        else
            set_rpath "$f" "\$ORIGIN/$(realpath -m --relative-to="$bindir" "$libdir")"
        fi
    done
    search_path=$destdir$libdir:$libtorch
    [ "$backend" = cpu ] || search_path=$search_path$(printf ':%s' "$wheel"/nvidia/*/lib)
    copy_torch_libs "$priv"
    copy_closure "$priv" in_wheel strict $(backend_modules "$destdir$libdir")
    copy_closure "$priv" in_wheel lenient $(elf_files "$priv")
    pc=$destdir$libdir/pkgconfig/inductor.pc
    [ ! -f "$pc" ] || sed -i "s|-L$libtorch|-L\${libdir}/$rel|g" "$pc"
}

# ---------------------------------------------------------------- main

[ $# -gt 0 ] || die "usage: bundle.sh tarball|private OPTIONS (see the header)"
mode=$1
shift
xz='xz -T0 -3'
version=${VERSION:-}
destdir=
dlopen_libs=
while [ $# -gt 0 ]; do
    [ $# -ge 2 ] || die "option $1 needs a value"
    case $1 in
    --stage-bindir) sbindir=$2 ;;
    --stage-libdir) slibdir=$2 ;;
    --stage-includedir) sincludedir=$2 ;;
    --stage-datarootdir) sdatarootdir=$2 ;;
    --destdir) destdir=$2 ;;
    --bindir) bindir=$2 ;;
    --libdir) libdir=$2 ;;
    --privdir) privdir=$2 ;;
    --libtorch-libdir) libtorch=$2 ;;
    --backend) backend=$2 ;;
    --name) name=$2 ;;
    --output) output=$2 ;;
    --version) version=$2 ;;
    --srcdir) srcdir=$2 ;;
    --xz) xz=$2 ;;
    --dlopen-lib) dlopen_libs="$dlopen_libs $2" ;;
    *) die "unknown option $1" ;;
    esac
    shift 2
done
command -v "$PATCHELF" >/dev/null 2>&1 ||
    die "patchelf is needed (apt-get install patchelf, or PATCHELF=/path/to/patchelf)"
[ -f "${libtorch:-}/libtorch.so" ] || die "no libtorch.so in '${libtorch:-}'"
wheel=$(wheel_root "$libtorch")
work=$(mktemp -d "${TMPDIR:-/tmp}/inductor-bundle.XXXXXX")
trap 'rm -rf "$work"' EXIT
: >"$work/copied"
: >"$work/visited"

case $mode in
tarball) make_tarball ;;
private) make_private ;;
*) die "unknown mode '$mode' (tarball or private)" ;;
esac

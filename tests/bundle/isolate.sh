# isolate.sh - sourced by the bundle and packaging tests (after
# tests/cli/setup.sh): run a program as if on a clean machine, and see
# which libraries it loads.
#
#   hidden_dirs                 the directories a clean machine would not
#                               have: the Python prefix, the torch tree, the
#                               build and source trees
#   can_isolate                 succeeds if `isolated` can work here
#   isolated CMD...             runs CMD under `env -i` in a private mount
#                               namespace where hidden_dirs are empty
#                               read-only tmpfs mounts; sets rc, out, err
#                               like `run`.  Only PATH is set, and
#                               INDUCTOR_CACHE_DIR, so that extracted models
#                               stay in $TEST_TMP.
#   loaded_libraries FILE       from LD_DEBUG=libs output in FILE, the
#                               canonical path of every object the loader
#                               mapped, one a line
#   foreign_libraries ROOT FILE those paths that are neither under ROOT,
#                               nor in the glibc family, nor the model
#                               itself, extracted from its package (by
#                               libtorch into /tmp, or into the cache)

hidden_dirs() {
    {
        "$PYTHON" -c 'import sys; print(sys.prefix)' 2>/dev/null
        [ -z "${LIBTORCH_LIBDIR:-}" ] || dirname "$LIBTORCH_LIBDIR"
        [ -z "${INDUCTOR_BUILDDIR:-}" ] || echo "$INDUCTOR_BUILDDIR"
        echo "$INDUCTOR_SRCDIR"
    } | while read -r d; do
        case $d in
        "" | / | /usr | /usr/local | /tmp | /var/tmp) continue ;;
        esac
        [ -d "$d" ] && (cd "$d" && pwd -P)
    done | awk '{ print length($0), $0 }' | sort -rn | cut -d' ' -f2- | uniq
}

# The helper that runs inside the namespace: mount, then exec.  Deeper
# directories come first, so hiding a parent cannot hide a later mount point.
write_isolator() {
    cat >"$TEST_TMP/isolator.sh" <<'EOF'
set -e
while [ "$1" != -- ]; do
    [ -d "$1" ] && mount -t tmpfs -o ro,size=4k,mode=0755 inductor-hidden "$1"
    shift
done
shift
exec env -i PATH=/usr/bin:/bin INDUCTOR_CACHE_DIR="$INDUCTOR_CACHE_DIR" "$@"
EOF
}

can_isolate() {
    write_isolator
    unshare -m sh "$TEST_TMP/isolator.sh" "$TEST_TMP" -- /bin/sh -c \
        "test ! -e '$TEST_TMP/isolator.sh'" 2>"$TEST_TMP/unshare.err"
}

isolated() {
    write_isolator
    set -- $(hidden_dirs) -- "$@"
    INDUCTOR_CACHE_DIR=$TEST_TMP/cache \
        unshare -m sh "$TEST_TMP/isolator.sh" "$@" >"$TEST_TMP/out" 2>"$TEST_TMP/err"
    rc=$?
}

loaded_libraries() {
    awk '
        /find library=/ { sub(/.*find library=/, ""); sub(/ .*/, ""); cur = $0; next }
        /trying file=/  { sub(/.*trying file=/, ""); found[cur] = $0; next }
        /calling (init|fini):/ { sub(/.*calling (init|fini): */, ""); sub(/ *\[[0-9]+\]$/, "");
                                 if ($0 != "") seen[$0] = 1; next }
        END { for (n in found) seen[found[n]] = 1; for (p in seen) print p }
    ' "$1" | while read -r p; do
        # One name per file: /lib is /usr/lib on merged-/usr systems.
        if [ -e "$p" ]; then readlink -f "$p"; else echo "$p"; fi
    done | sort -u
}

is_glibc_family() {
    case $(basename "$1") in
    ld-linux*.so* | libc.so.6 | libm.so.6 | libmvec.so.1 | libpthread.so.0 | \
    libdl.so.2 | librt.so.1 | libutil.so.1 | libresolv.so.2 | libanl.so.1 | \
    libnsl.so.1 | libnss_*.so.2 | libBrokenLocale.so.1 | libthread_db.so.1)
        return 0 ;;
    esac
    return 1
}

foreign_libraries() {
    root=$1
    loaded_libraries "$2" | while read -r p; do
        case $p in
        "$root"/*) continue ;;
        /tmp/*/data/aotinductor/*.so | "$TEST_TMP"/cache/*.so) continue ;;
        esac
        is_glibc_family "$p" && continue
        echo "$p"
    done
}

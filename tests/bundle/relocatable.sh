#!/bin/sh
# relocatable.sh - the tarball from `make bundle`, extracted under another
# name on a machine without the venv and the build tree, runs models with
# only its own libraries and the glibc family.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "$INDUCTOR_SRCDIR/tests/bundle/isolate.sh"

N=22
plan $N
if [ "${INDUCTOR_SKIP_PACKAGING:-}" = 1 ]; then
    i=0
    while [ $i -lt $N ]; do
        skip "INDUCTOR_SKIP_PACKAGING=1 (make distcheck): the bundle test is a full bundle build"
        i=$((i + 1))
    done
    finish
fi

name=$(basename "$INDUCTOR_BUNDLE" .tar.xz)
[ -f "$INDUCTOR_BUNDLE" ]
ok $? "make bundle made $name.tar.xz"
echo "$name" | grep -Eq "^inductor-$INDUCTOR_VERSION-linux-$(uname -m)-$INDUCTOR_BACKEND\$"
ok $? "the bundle is named inductor-VERSION-linux-ARCH-BACKEND"

# Extract under another name, somewhere the build never was.
top=$(tar -tJf "$INDUCTOR_BUNDLE" | sed 's|/.*||' | sort -u)
[ "$top" = "$name" ]
ok $? "the tarball holds one top directory, $name/"
mkdir "$TEST_TMP/x"
tar -xJf "$INDUCTOR_BUNDLE" -C "$TEST_TMP/x" && mv "$TEST_TMP/x/$name" "$TEST_TMP/x/moved"
B=$(cd "$TEST_TMP/x/moved" && pwd -P)

missing=
MODULE=lib/inductor/backends/inductor-backend-$INDUCTOR_BACKEND.so
for f in inductor lib/libinductor.so.0 "$MODULE" lib/libtorch_cpu.so lib/libc10.so \
    lib/libgomp.so.1 lib/libjson-c.so.5 lib/libstdc++.so.6 lib/libgcc_s.so.1 \
    lib/pkgconfig/inductor.pc include/inductor.h include/inductor_version.h \
    share/man/man1/inductor.1 share/man/man1/inductor-infer.1 \
    share/doc/inductor/README.bundle; do
    [ -e "$B/$f" ] || missing="$missing $f"
done
[ -z "$missing" ] && [ -x "$B/inductor" ] && ! ls "$B"/lib/*.la >/dev/null 2>&1
ok $? "layout: inductor, lib/ (libtorch, json-c, libstdc++, ...), lib/inductor/backends, lib/pkgconfig, include/, share/"
[ -z "$missing" ] || diag "missing:$missing"

# Every ELF file: RPATH only, and only $ORIGIN-relative entries.
bad=
for f in $(find "$B" -type f); do
    [ "$(head -c 4 "$f" | od -An -c | tr -d ' \n')" = '177ELF' ] || continue
    readelf -d "$f" >"$TEST_TMP/dyn" 2>/dev/null || continue
    grep -q '(RUNPATH)' "$TEST_TMP/dyn" && bad="$bad $f(RUNPATH)"
    for p in $(sed -n 's/.*(RPATH).*\[\(.*\)\]/\1/p' "$TEST_TMP/dyn" | tr ':' ' '); do
        case $p in '$ORIGIN' | '$ORIGIN/'*) ;; *) bad="$bad $f($p)" ;; esac
    done
done
[ -z "$bad" ]
ok $? "no ELF file has a RUNPATH or an RPATH entry outside \$ORIGIN"
[ -z "$bad" ] || diag "bad:$bad"
readelf -d "$B/inductor" | grep -q 'RPATH.*\[\$ORIGIN/lib\]' &&
    readelf -d "$B/lib/libtorch_cpu.so" | grep -q 'RPATH.*\[\$ORIGIN\]' &&
    readelf -d "$B/$MODULE" | grep -q 'RPATH.*\[\$ORIGIN/\.\./\.\.\]'
ok $? "the program's RPATH is \$ORIGIN/lib, the libraries' \$ORIGIN, the module's \$ORIGIN/../.."
! readelf -d "$B/lib/libinductor.so.0" | grep -q "NEEDED.*\[lib\(torch\|c10\|stdc++\)"
ok $? "libinductor needs neither libtorch nor libstdc++: only its backend module does"

# A clean machine: no venv, no build or source tree, empty environment.
cp "$FIXTURES/deterministic.pt2" "$TEST_TMP/det.pt2"
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/in.json"
case "$TEST_TMP/" in
"$INDUCTOR_BUILDDIR"/* | "$INDUCTOR_SRCDIR"/*)
    diag "TMPDIR ($TEST_TMP) is inside a tree this test hides: set TMPDIR=/tmp" ;;
esac
can_isolate
iso=$?
[ $iso -eq 0 ] || diag "cannot make a private mount namespace (unshare -m, needs root):" \
    "$(cat "$TEST_TMP/unshare.err")"
diag "hidden: $(hidden_dirs | tr '\n' ' ')"

isolated "$PYTHON" -c 'print(1)'
[ $iso -eq 0 ] && [ "$rc" -eq 127 ]
ok $? "the isolation works: the venv's Python is not there (exit 127)"

isolated "$B/inductor" --version
[ "$rc" -eq 0 ] && grep -qx "inductor $INDUCTOR_VERSION" "$TEST_TMP/out" &&
    grep -qx "backend $INDUCTOR_BACKEND" "$TEST_TMP/out"
ok $? "inductor --version works from the moved bundle under env -i"
[ "$rc" -eq 0 ] || diag "exit $rc:" "$(cat "$TEST_TMP/err")"

isolated "$B/inductor" infer --model "$TEST_TMP/det.pt2" --input "$TEST_TMP/in.json" \
    --output "$TEST_TMP/result.json"
[ "$rc" -eq 0 ] && json_get "$TEST_TMP/result.json" \
    "all(abs(a - b) <= 1e-6 for a, b in zip(d['outputs'][0]['data'], [2.5, 5.5, 11.0])) and len(d['outputs'][0]['data']) == 3" |
    grep -q True
ok $? "inductor infer on the deterministic model gives [2.5, 5.5, 11.0]"
[ "$rc" -eq 0 ] || diag "exit $rc:" "$(cat "$TEST_TMP/err")"

isolated env LD_DEBUG=libs "$B/inductor" infer --model "$TEST_TMP/det.pt2" \
    --input "$TEST_TMP/in.json"
cp "$TEST_TMP/err" "$TEST_TMP/ld_debug"
loaded_libraries "$TEST_TMP/ld_debug" >"$TEST_TMP/loaded"
grep -qx "$B/lib/libtorch_cpu.so" "$TEST_TMP/loaded" &&
    grep -q "^$B/lib/libinductor\.so\.0" "$TEST_TMP/loaded" &&
    grep -q '/data/aotinductor/.*\.so$' "$TEST_TMP/loaded"
ok $? "LD_DEBUG=libs sees libinductor, libtorch_cpu (from the bundle) and the model"
foreign_libraries "$B" "$TEST_TMP/ld_debug" >"$TEST_TMP/foreign"
[ "$rc" -eq 0 ] && [ ! -s "$TEST_TMP/foreign" ]
ok $? "every loaded library is from the bundle or the glibc family"
[ -s "$TEST_TMP/foreign" ] && diag "from elsewhere:" "$(cat "$TEST_TMP/foreign")"
[ "$(grep -c '/libgomp[^/]*$' "$TEST_TMP/loaded")" -le 1 ]
ok $? "at most one OpenMP runtime (libgomp) is loaded"

# `inductor serve` dlopen()s libmicrohttpd (src/serve/serve_mhd.h says why):
# the program does not link it, the bundle carries it anyway, and the moved
# bundle serves with its own copy.
readelf -d "$B/inductor" >"$TEST_TMP/dynamic"
[ -f "$B/lib/libmicrohttpd.so.12" ] || ls "$B"/lib/libmicrohttpd.so.* >/dev/null 2>&1 &&
    ! grep -q 'NEEDED.*libmicrohttpd' "$TEST_TMP/dynamic"
ok $? "the program does not link libmicrohttpd; the bundle carries it in lib/"
cat >"$TEST_TMP/serve_once.sh" <<'EOS'
LD_DEBUG=libs "$1" serve --model "$2" --port 0 >"$3" 2>&1 &
pid=$!
i=0
while [ $i -lt 1200 ] && ! grep -q 'serve: ready on' "$3"; do
    kill -0 $pid 2>/dev/null || break
    sleep 0.1
    i=$((i + 1))
done
kill -TERM $pid 2>/dev/null
wait $pid
grep -q 'serve: ready on' "$3"
EOS
isolated sh "$TEST_TMP/serve_once.sh" "$B/inductor" "$TEST_TMP/det.pt2" "$TEST_TMP/serve_log"
loaded_libraries "$TEST_TMP/serve_log" >"$TEST_TMP/serve_loaded"
foreign_libraries "$B" "$TEST_TMP/serve_log" >"$TEST_TMP/serve_foreign"
[ "$rc" -eq 0 ] && grep -q "^$B/lib/libmicrohttpd\.so" "$TEST_TMP/serve_loaded" &&
    [ ! -s "$TEST_TMP/serve_foreign" ]
ok $? "inductor serve from the moved bundle gets ready with the bundle's libmicrohttpd and nothing from elsewhere"
[ "$rc" -eq 0 ] || diag "exit $rc:" "$(grep -v '^ *[0-9]*:' "$TEST_TMP/serve_log" | tail -5)"
[ -s "$TEST_TMP/serve_foreign" ] && diag "from elsewhere:" "$(cat "$TEST_TMP/serve_foreign")"

# DT_RPATH beats LD_LIBRARY_PATH: decoys named like the bundled libraries
# must not be picked up.
mkdir "$TEST_TMP/decoy"
for l in libinductor.so.0 libtorch_cpu.so libc10.so libjson-c.so.5 libgomp.so.1; do
    echo "not a library" >"$TEST_TMP/decoy/$l"
done
isolated env LD_LIBRARY_PATH="$TEST_TMP/decoy" "$B/inductor" infer \
    --model "$TEST_TMP/det.pt2" --input "$TEST_TMP/in.json"
[ "$rc" -eq 0 ] && grep -q '"data":\[2.5,5.5,11\]' "$TEST_TMP/out"
ok $? "a stray LD_LIBRARY_PATH cannot swap the bundled libraries"
[ "$rc" -eq 0 ] || diag "exit $rc:" "$(cat "$TEST_TMP/err")"

# No backend module and no libtorch (a copy of the bundle with them
# deleted): what runs no model still works; a model is exit 4 naming the
# module's path.
cp -a "$B" "$TEST_TMP/bare"
BARE=$(cd "$TEST_TMP/bare" && pwd -P)
rm -rf "$BARE/lib/inductor/backends"
rm -f "$BARE"/lib/libtorch*.so* "$BARE"/lib/libc10*.so* "$BARE"/lib/libgomp*.so*
isolated "$BARE/inductor" --version
[ "$rc" -eq 0 ] && grep -qx "backend $INDUCTOR_BACKEND" "$TEST_TMP/out" &&
    grep -qx "module $INDUCTOR_BACKEND missing $BARE/$MODULE" "$TEST_TMP/out"
ok $? "--version with no module and no libtorch says which module is missing"
[ "$rc" -eq 0 ] || diag "exit $rc:" "$(cat "$TEST_TMP/err")"
isolated "$BARE/inductor" --help
h=$rc
isolated "$BARE/inductor" info --model "$TEST_TMP/det.pt2"
i=$rc
isolated env MODELS_DIR="$TEST_TMP" "$BARE/inductor" models
m=$rc
isolated "$BARE/inductor" infer --no-such-option
[ "$h" -eq 0 ] && [ "$i" -eq 0 ] && [ "$m" -eq 0 ] && [ "$rc" -eq 2 ]
ok $? "--help, info, models and a usage error work without libtorch ($h $i $m $rc)"
isolated "$BARE/inductor" infer --model "$TEST_TMP/det.pt2" --input "$TEST_TMP/in.json"
[ "$rc" -eq 4 ] && [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] &&
    grep -q "no backend module for cpu models: $BARE/$MODULE is missing" "$TEST_TMP/err"
ok $? "infer without the module: exit 4, one line naming the module's path"
diag "$(cat "$TEST_TMP/err")"
mkdir -p "$BARE/lib/inductor/backends"
cp "$B/$MODULE" "$BARE/$MODULE"
isolated "$BARE/inductor" infer --model "$TEST_TMP/det.pt2" --input "$TEST_TMP/in.json"
[ "$rc" -eq 4 ] && [ "$(wc -l <"$TEST_TMP/err")" -eq 1 ] &&
    grep -q "cannot load the $INDUCTOR_BACKEND backend module $BARE/$MODULE: .*libtorch.*: cannot open shared object file" "$TEST_TMP/err"
ok $? "infer with the module but no libtorch: exit 4 with the loader's reason"
diag "$(cat "$TEST_TMP/err")"

# The relocatable .pc: a C program built against the moved bundle runs.
cat >"$TEST_TMP/app.c" <<'EOF'
#include <stdio.h>
#include <string.h>
#include <inductor.h>
int main(void)
{
    printf("%s %s\n", inductor_version(), INDUCTOR_VERSION_STRING);
    return strcmp(inductor_version(), INDUCTOR_VERSION_STRING) != 0;
}
EOF
pc() { PKG_CONFIG_PATH="$B/lib/pkgconfig" pkg-config "$@" inductor; }
flags=$(pc --cflags --libs)
! grep -q "$INDUCTOR_BUILDDIR\|$(dirname "$LIBTORCH_LIBDIR")" "$B/lib/pkgconfig/inductor.pc" &&
    [ "$(realpath "$(pc --variable=includedir)")" = "$B/include" ] &&
    [ "$(realpath "$(pc --variable=libdir)")" = "$B/lib" ] &&
    cc -o "$TEST_TMP/app" "$TEST_TMP/app.c" $flags 2>"$TEST_TMP/cc.err"
ok $? "pkg-config finds the moved bundle (\${pcfiledir}) and a program links against it"
[ -s "$TEST_TMP/cc.err" ] && diag "$(cat "$TEST_TMP/cc.err")"
isolated "$TEST_TMP/app"
[ "$rc" -eq 0 ] && grep -qx "$INDUCTOR_VERSION $INDUCTOR_VERSION" "$TEST_TMP/out"
ok $? "that program runs on the clean machine"

finish

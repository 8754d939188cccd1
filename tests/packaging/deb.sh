#!/bin/sh
# deb.sh - the release tarball builds the three .debs with the
# pkg.inductor.bundled profile (libtorch from the pip wheel, in a private
# directory); lintian finds no error; installed with dpkg, /usr/bin/inductor
# runs a model on a machine without the venv; dpkg --purge removes it all.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "$INDUCTOR_SRCDIR/tests/bundle/isolate.sh"

N=18
plan $N
skip_all() {
    i=$tap_n
    while [ $i -lt $N ]; do skip "$1"; i=$((i + 1)); done
    finish
}
# fail_all REASON: the remaining tests cannot run, because an earlier one failed.
fail_all() {
    while [ $tap_n -lt $N ]; do ok 1 "(not run: $1)"; done
    finish
}
[ "${INDUCTOR_SKIP_PACKAGING:-}" = 1 ] &&
    skip_all "INDUCTOR_SKIP_PACKAGING=1 (make distcheck): the .deb test is a full package build"
# Optional tools: a skip that names the missing one, never a failure.
for tool in dpkg-architecture dpkg-checkbuilddeps dpkg-buildpackage; do
    command -v $tool >/dev/null 2>&1 ||
        skip_all "$tool is not installed (apt-get install dpkg-dev)"
done

V=$INDUCTOR_VERSION
ARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
PRIV=/usr/lib/$ARCH/inductor

# The source package is the release tarball, with packaging/debian as debian/.
W=$TEST_TMP/deb
mkdir -p "$W"
tar -xzf "$INDUCTOR_DIST_TARBALL" -C "$W" && cp -R "$W/inductor-$V/packaging/debian" "$W/inductor-$V/debian"
ok $? "the release tarball unpacks and carries packaging/debian"
[ -d "$W/inductor-$V/debian" ] || fail_all "no debian/ to build"

# The two profiles: the default build-depends on the distribution's
# libtorch-dev (unmet on Debian 12, whose 1.13 lacks AOTInductor), the
# bundled one on patchelf instead.
(cd "$W/inductor-$V" && dpkg-checkbuilddeps -P pkg.inductor.bundled) >"$TEST_TMP/bd.bundled" 2>&1
bundled_ok=$?
(cd "$W/inductor-$V" && dpkg-checkbuilddeps) >"$TEST_TMP/bd.default" 2>&1
[ $bundled_ok -eq 0 ] && { dpkg -s libtorch-dev >/dev/null 2>&1 ||
    grep -q 'Unmet build dependencies:.*libtorch-dev' "$TEST_TMP/bd.default"; } &&
    ! grep -q patchelf "$TEST_TMP/bd.default"
ok $? "build profiles: bundled needs no libtorch-dev; the default needs it"
[ $bundled_ok -eq 0 ] || diag "$(cat "$TEST_TMP/bd.bundled")"

deb_version=$(cd "$W/inductor-$V" && dpkg-parsechangelog -S Version)
[ "${deb_version%-*}" = "$V" ]
ok $? "debian/changelog's version ($deb_version) is the release's ($V)"

(
    cd "$W/inductor-$V" &&
        unset MAKEFLAGS MFLAGS MAKELEVEL &&
        DEB_BUILD_PROFILES=pkg.inductor.bundled INDUCTOR_PYTHON=$PYTHON \
            DEB_BUILD_OPTIONS="nocheck noautodbgsym parallel=2" \
            DPKG_DEB_COMPRESSOR_TYPE=${INDUCTOR_DEB_COMPRESSOR:-xz} \
            DPKG_DEB_COMPRESSOR_LEVEL=${INDUCTOR_DEB_COMPRESSOR_LEVEL:-1} \
            dpkg-buildpackage -us -uc -b
) >"$TEST_TMP/build.log" 2>&1
ok $? "dpkg-buildpackage -us -uc -b with the pkg.inductor.bundled profile succeeds"
ls "$W"/*.deb >"$TEST_TMP/debs" 2>/dev/null
[ -s "$TEST_TMP/debs" ] || { diag "$(tail -30 "$TEST_TMP/build.log")"; fail_all "no .deb was built"; }

debs=
for p in inductor libinductor0 libinductor-dev; do
    f=$W/${p}_${deb_version}_$(dpkg --print-architecture).deb
    [ -f "$f" ] && debs="$debs $f"
done
[ "$(echo $debs | wc -w)" -eq 3 ] && [ "$(wc -l <"$TEST_TMP/debs")" -eq 3 ]
ok $? "three packages: inductor, libinductor0, libinductor-dev"
diag "built: $(xargs -n1 basename <"$TEST_TMP/debs" | tr '\n' ' ')"

contents() { dpkg-deb -c "$W/${1}_${deb_version}_"*.deb | awk '{ print $6 }' | sed 's|^\.||'; }
contents inductor >"$TEST_TMP/c.inductor"
contents libinductor0 >"$TEST_TMP/c.lib"
contents libinductor-dev >"$TEST_TMP/c.dev"
grep -qx /usr/bin/inductor "$TEST_TMP/c.inductor" &&
    grep -qx /usr/share/man/man1/inductor-infer.1.gz "$TEST_TMP/c.inductor" &&
    grep -qx "/usr/lib/$ARCH/libinductor.so.0" "$TEST_TMP/c.lib" &&
    grep -qx "$PRIV/backends/inductor-backend-$INDUCTOR_BACKEND.so" "$TEST_TMP/c.lib" &&
    grep -qx "$PRIV/libtorch_cpu.so" "$TEST_TMP/c.lib" &&
    grep -qx "$PRIV/libc10.so" "$TEST_TMP/c.lib" &&
    ! grep -q 'libjson-c\|libstdc++\|libz\.so' "$TEST_TMP/c.lib" &&
    grep -qx /usr/include/inductor.h "$TEST_TMP/c.dev" &&
    grep -qx "/usr/lib/$ARCH/pkgconfig/inductor.pc" "$TEST_TMP/c.dev"
ok $? "the backend module is in $PRIV/backends, the wheel's libtorch in $PRIV; system libraries are not copied"

# The server's systemd unit and settings file (mk/serving.am), the latter
# a conffile; the unit runs the packaged program.
pkgfile() { dpkg-deb --fsys-tarfile "$W/${1}_${deb_version}_"*.deb | tar -xOf - ".$2"; }
grep -qx /lib/systemd/system/inductor-serve.service "$TEST_TMP/c.inductor" &&
    grep -qx /etc/default/inductor-serve "$TEST_TMP/c.inductor" &&
    dpkg-deb -I "$W/inductor_${deb_version}_"*.deb conffiles 2>/dev/null | grep -qx /etc/default/inductor-serve &&
    pkgfile inductor /lib/systemd/system/inductor-serve.service |
        grep -qx 'ExecStart=/usr/bin/inductor serve $INDUCTOR_SERVE_ARGS'
ok $? "inductor ships /lib/systemd/system/inductor-serve.service (ExecStart=/usr/bin/inductor) and the conffile /etc/default/inductor-serve"

depends() { dpkg-deb -f "$W/${1}_${deb_version}_"*.deb Depends; }
lib_deps=$(depends libinductor0)
echo "$lib_deps" | grep -q 'libstdc++6' && echo "$lib_deps" | grep -q 'libjson-c5' &&
    ! echo "$lib_deps" | grep -qi 'torch' &&
    depends inductor | grep -q "libinductor0 (= $deb_version)" &&
    depends inductor | grep -q 'libmicrohttpd'
ok $? "Depends: system libraries from dh_shlibdeps, no torch; inductor needs libinductor0 (= $deb_version) and libmicrohttpd (dlopen()ed)"
diag "libinductor0 Depends: $lib_deps"

if command -v lintian >/dev/null 2>&1; then
    lintian --fail-on error --display-level '>=warning' "$W"/*.changes >"$TEST_TMP/lintian" 2>&1
    ok $? "lintian reports no error"
    grep -q '^E:' "$TEST_TMP/lintian" && diag "$(grep '^E:' "$TEST_TMP/lintian" | head -20)"
    [ -s "$TEST_TMP/lintian" ] && diag "lintian:" "$(head -20 "$TEST_TMP/lintian")"
else
    skip "lintian is not installed (apt-get install lintian)"
fi

# Every override carries a comment saying why.
uncommented=$(awk 'FNR == 1 { prev = "" }
    !/^#/ && NF { if (prev !~ /^#/) print FILENAME ": " $0 }
    { prev = $0 }' "$W/inductor-$V"/debian/*lintian-overrides)
[ -z "$uncommented" ]
ok $? "every lintian override has a comment above it"
[ -z "$uncommented" ] || diag "$uncommented"

if [ "$(id -u)" -ne 0 ]; then
    diag "dpkg -i needs root: the next tests fail"
fi
# The packages are installed system-wide: one test run at a time, however
# many build trees run make check on this machine.
exec 9>/tmp/inductor-deb-test.lock
flock -w 900 9 || diag "waited 15 minutes for another deb test"
dpkg -i $debs >"$TEST_TMP/dpkg.log" 2>&1
st=$?
ok $st "dpkg -i installs the three packages"
[ $st -eq 0 ] || diag "$(tail -5 "$TEST_TMP/dpkg.log")"
trap 'dpkg --purge inductor libinductor-dev libinductor0 >/dev/null 2>&1; rm -rf "$TEST_TMP"' EXIT

cp "$FIXTURES/deterministic.pt2" "$TEST_TMP/det.pt2"
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/in.json"
can_isolate || diag "cannot make a private mount namespace (unshare -m):" "$(cat "$TEST_TMP/unshare.err")"
isolated /usr/bin/inductor infer --model "$TEST_TMP/det.pt2" --input "$TEST_TMP/in.json"
[ "$rc" -eq 0 ] && grep -q '"data":\[2.5,5.5,11\]' "$TEST_TMP/out"
ok $? "/usr/bin/inductor infer gives [2.5, 5.5, 11] with the venv and build tree hidden"
[ "$rc" -eq 0 ] || diag "exit $rc:" "$(cat "$TEST_TMP/err")"

isolated env LD_DEBUG=libs /usr/bin/inductor infer --model "$TEST_TMP/det.pt2" --input "$TEST_TMP/in.json"
loaded_libraries "$TEST_TMP/err" >"$TEST_TMP/loaded"
grep -qx "$PRIV/libtorch_cpu.so" "$TEST_TMP/loaded" &&
    ! grep -v -e "^/usr/lib/" -e "^/lib" -e '^/tmp/.*/data/aotinductor/' "$TEST_TMP/loaded" | grep -q .
ok $? "libtorch comes from $PRIV, everything else from the system"
grep -v -e "^/usr/lib/" -e "^/lib" -e '^/tmp/.*/data/aotinductor/' "$TEST_TMP/loaded" |
    sed 's/^/elsewhere: /' | head -5 | while read -r l; do diag "$l"; done

# The installed unit, with its program in place (no man page check: the
# page comes with `inductor serve`).
if command -v systemd-analyze >/dev/null 2>&1; then
    systemd-analyze verify --man=no /lib/systemd/system/inductor-serve.service >"$TEST_TMP/verify" 2>&1 &&
        [ ! -s "$TEST_TMP/verify" ]
    ok $? "systemd-analyze verify of the installed inductor-serve.service says nothing"
    [ -s "$TEST_TMP/verify" ] && diag "$(cat "$TEST_TMP/verify")"
else
    skip "no systemd-analyze (apt package systemd)"
fi

man -w inductor-infer >"$TEST_TMP/man" 2>&1 && grep -q '/usr/share/man/man1/inductor-infer.1.gz' "$TEST_TMP/man"
ok $? "man finds the installed inductor-infer page"

cat >"$TEST_TMP/app.c" <<'EOF'
#include <stdio.h>
#include <inductor.h>
int main(void) { puts(inductor_version()); return 0; }
EOF
cc -o "$TEST_TMP/app" "$TEST_TMP/app.c" $(pkg-config --cflags --libs inductor) 2>"$TEST_TMP/cc.err" &&
    isolated "$TEST_TMP/app" && [ "$rc" -eq 0 ] && grep -qx "$V" "$TEST_TMP/out"
ok $? "libinductor-dev: a C program builds with pkg-config inductor and runs"
[ -s "$TEST_TMP/cc.err" ] && diag "$(cat "$TEST_TMP/cc.err")"

dpkg --purge inductor libinductor-dev libinductor0 >"$TEST_TMP/purge.log" 2>&1
st=$?
ok $st "dpkg --purge removes the three packages"
[ $st -eq 0 ] || diag "$(tail -5 "$TEST_TMP/purge.log")"
[ ! -e /usr/bin/inductor ] && [ ! -e "$PRIV" ] && [ ! -e "/usr/lib/$ARCH/libinductor.so.0" ]
ok $? "nothing of them is left on the system"
flock -u 9

finish

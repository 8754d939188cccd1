#!/bin/sh
# rpm.sh - `rpmbuild -tb --with bundled` builds the release tarball into
# inductor, inductor-libs and inductor-devel; the libs package carries the
# wheel's libtorch in %{_libdir}/inductor/ and its auto-generated Requires
# and Provides never name a bundled library; the payload runs a model.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "$INDUCTOR_SRCDIR/tests/bundle/isolate.sh"

N=10
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
    skip_all "INDUCTOR_SKIP_PACKAGING=1 (make distcheck): the .rpm test is a full package build"
# Optional tool: a skip that names it, never a failure.
command -v rpmbuild >/dev/null 2>&1 ||
    skip_all "rpmbuild is not installed (apt-get install rpm)"

V=$INDUCTOR_VERSION
W=$TEST_TMP/rpm
LIBDIR=$(rpm --eval '%{_libdir}')
PRIV=$LIBDIR/inductor

# Debian's rpm has an empty package database: --nodeps skips the
# BuildRequires check (apt installed them).  gzip -1 keeps the test quick;
# the payload compression changes nothing that is checked here.
(
    unset MAKEFLAGS MFLAGS MAKELEVEL
    rpmbuild -tb --nodeps --with bundled --define "inductor_python $PYTHON" \
        --define "_topdir $W" --define '_binary_payload w1.gzdio' \
        "$INDUCTOR_DIST_TARBALL"
) >"$TEST_TMP/build.log" 2>&1
ok $? "rpmbuild -tb --with bundled builds the release tarball"
rpms=$(find "$W/RPMS" -name '*.rpm' 2>/dev/null | sort)
[ -n "$rpms" ] || { diag "$(tail -30 "$TEST_TMP/build.log")"; fail_all "no .rpm was built"; }

names=$(for r in $rpms; do rpm -qp --qf '%{NAME}-%{VERSION}\n' "$r"; done | sort | tr '\n' ' ')
[ "$names" = "inductor-$V inductor-devel-$V inductor-libs-$V " ]
ok $? "three packages of version $V: inductor, inductor-libs, inductor-devel"
diag "built: $names"

pkg() { ls "$W"/RPMS/*/"$1-$V-"*.rpm; }
rpm -qlp "$(pkg inductor)" >"$TEST_TMP/l.main"
rpm -qlp "$(pkg inductor-libs)" >"$TEST_TMP/l.libs"
rpm -qlp "$(pkg inductor-devel)" >"$TEST_TMP/l.devel"
grep -qx /usr/bin/inductor "$TEST_TMP/l.main" &&
    grep -q '^/usr/share/man/man1/inductor-infer\.1' "$TEST_TMP/l.main" &&
    grep -qx "$LIBDIR/libinductor.so.0" "$TEST_TMP/l.libs" &&
    grep -qx "$PRIV/backends/inductor-backend-$INDUCTOR_BACKEND.so" "$TEST_TMP/l.libs" &&
    grep -qx "$PRIV/libtorch_cpu.so" "$TEST_TMP/l.libs" &&
    grep -qx "$PRIV/libc10.so" "$TEST_TMP/l.libs" &&
    ! grep -q 'libjson-c\|libstdc++\|libz\.so' "$TEST_TMP/l.libs" &&
    grep -qx /usr/include/inductor.h "$TEST_TMP/l.devel" &&
    grep -qx "$LIBDIR/libinductor.so" "$TEST_TMP/l.devel" &&
    grep -qx "$LIBDIR/pkgconfig/inductor.pc" "$TEST_TMP/l.devel" &&
    ! grep -q '\.la$' "$TEST_TMP/l.libs" "$TEST_TMP/l.devel"
ok $? "file lists: program and man pages; libinductor, its backend module and the private libtorch; header, .so and .pc"

# The server's systemd unit (running the packaged program) and its
# settings file, a %config(noreplace) file.
grep -qx /usr/lib/systemd/system/inductor-serve.service "$TEST_TMP/l.main" &&
    rpm -qcp "$(pkg inductor)" | grep -qx /etc/default/inductor-serve &&
    rpm2archive - <"$(pkg inductor)" | tar -xzOf - ./usr/lib/systemd/system/inductor-serve.service |
        grep -qx 'ExecStart=/usr/bin/inductor serve $INDUCTOR_SERVE_ARGS'
ok $? "inductor ships inductor-serve.service (ExecStart=/usr/bin/inductor) and the config file /etc/default/inductor-serve"

# The names the private directory holds, to look for in the dependencies.
sed -n "s|^$PRIV/\([^/]*\.so[^/]*\)\$|\1|p" "$TEST_TMP/l.libs" >"$TEST_TMP/bundled"
rpm -qp --requires "$(pkg inductor-libs)" >"$TEST_TMP/requires"
leaked=$(while read -r b; do grep -F "$b" "$TEST_TMP/requires"; done <"$TEST_TMP/bundled")
[ -s "$TEST_TMP/bundled" ] && [ -z "$leaked" ] &&
    grep -q '^libstdc++\.so\.6' "$TEST_TMP/requires" &&
    grep -q '^libjson-c\.so\.5' "$TEST_TMP/requires"
ok $? "inductor-libs Requires: system libraries, none of the $(wc -l <"$TEST_TMP/bundled") bundled ones"
diag "inductor-libs requires:" "$(tr '\n' ' ' <"$TEST_TMP/requires")"
[ -z "$leaked" ] || diag "bundled names in Requires:" "$leaked"

rpm -qp --provides "$(pkg inductor-libs)" >"$TEST_TMP/provides"
leaked=$(while read -r b; do grep -F "$b" "$TEST_TMP/provides"; done <"$TEST_TMP/bundled")
[ -z "$leaked" ] && grep -q '^libinductor\.so\.0' "$TEST_TMP/provides"
ok $? "inductor-libs Provides libinductor.so.0 and none of the bundled libraries"
[ -z "$leaked" ] || diag "bundled names in Provides:" "$leaked"

rpm -qp --requires "$(pkg inductor)" >"$TEST_TMP/inductor.requires"
grep -q "^inductor-libs(.*) = $V" "$TEST_TMP/inductor.requires" &&
    grep -q '^libmicrohttpd\.so\.[0-9]*' "$TEST_TMP/inductor.requires"
ok $? "inductor requires inductor-libs of the same version and libmicrohttpd (dlopen()ed)"

# The payload, unpacked into a root of its own, runs with the venv hidden.
R=$TEST_TMP/root
mkdir -p "$R"
for r in $rpms; do rpm2archive - <"$r" | tar -xzf - -C "$R"; done
readelf -d "$R$LIBDIR/inductor/backends/inductor-backend-$INDUCTOR_BACKEND.so" |
    grep -q 'RPATH.*\[\$ORIGIN/\.\.\]' &&
    ! readelf -d "$R$LIBDIR/libinductor.so.0" | grep -q 'R.*PATH' &&
    ! readelf -d "$R/usr/bin/inductor" | grep -q 'R.*PATH'
ok $? "the backend module's RPATH is \$ORIGIN/.. (the private libtorch); libinductor and the program have none"

cp "$FIXTURES/deterministic.pt2" "$TEST_TMP/det.pt2"
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/in.json"
can_isolate || diag "cannot make a private mount namespace (unshare -m):" "$(cat "$TEST_TMP/unshare.err")"
isolated env LD_LIBRARY_PATH="$R$LIBDIR" LD_DEBUG=libs "$R/usr/bin/inductor" infer \
    --model "$TEST_TMP/det.pt2" --input "$TEST_TMP/in.json"
grep -q '"data":\[2.5,5.5,11\]' "$TEST_TMP/out"
ok $? "the payload's inductor infer gives [2.5, 5.5, 11] with the venv hidden"
[ "$rc" -eq 0 ] || diag "exit $rc:" "$(grep -v '^ *[0-9]*:' "$TEST_TMP/err" | tail -5)"
loaded_libraries "$TEST_TMP/err" | grep -qx "$R$PRIV/libtorch_cpu.so"
ok $? "it loads libtorch from the package's private $PRIV"

finish

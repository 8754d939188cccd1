#!/bin/sh
# cache_emptydir.sh - the extraction cache works in the pod layout that
# packaging/kserve/servingruntime.yaml sets up: the real `inductor infer`
# runs a real package with the runtime's INDUCTOR_CACHE_DIR and TMPDIR,
# each emptyDir made as the kubelet makes it (mode 0777, owned by root),
# as a UID the image does not know (no passwd entry, no HOME: OpenShift's
# arbitrary UIDs), with nothing else writable.  The cache refuses a root
# writable by others, so the runtime puts it one level below the emptyDir;
# the negative check shows why (the emptyDir itself is refused).
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

N=9
plan $N
skip_all() {
    while [ $tap_n -lt $N ]; do skip "$1"; done
    finish
}
"$PYTHON" -c 'import yaml' 2>/dev/null ||
    skip_all "$PYTHON lacks pyyaml (scripts/install-deps.sh installs it)"

# The runtime's cache and temporary directories and the emptyDir mounts
# that hold them, as shell assignments.
"$PYTHON" - "$INDUCTOR_SRCDIR/packaging/kserve/servingruntime.yaml" >"$TEST_TMP/layout" <<'PY'
import shlex, sys, yaml
d = yaml.safe_load(open(sys.argv[1]))
c = d["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in c["env"]}
vols = {v["name"]: v for v in d["spec"]["volumes"]}
def mount(p):
    ms = [m for m in c["volumeMounts"] if p == m["mountPath"] or p.startswith(m["mountPath"].rstrip("/") + "/")]
    m = max(ms, key=lambda m: len(m["mountPath"]))
    assert "emptyDir" in vols[m["name"]], m["name"] + " is not an emptyDir"
    return m["mountPath"]
for k, v in (("CACHE", env["INDUCTOR_CACHE_DIR"]), ("CACHE_MOUNT", mount(env["INDUCTOR_CACHE_DIR"])),
             ("TMP", env["TMPDIR"]), ("TMP_MOUNT", mount(env["TMPDIR"]))):
    print(f"{k}={shlex.quote(v)}")
PY
st=$?
[ $st -eq 0 ] && . "$TEST_TMP/layout" && [ -n "$CACHE" ] && [ -n "$CACHE_MOUNT" ] && [ -n "$TMP_MOUNT" ]
ok $? "servingruntime.yaml: cache $CACHE? on emptyDir ${CACHE_MOUNT:-?}, TMPDIR ${TMP:-?} on emptyDir ${TMP_MOUNT:-?}"
[ $st -eq 0 ] || skip_all "no layout to test"

# The pod's filesystem under $POD: the package where the storage
# initializer puts it, the emptyDirs as the kubelet makes them.
chmod 0755 "$TEST_TMP"
POD=$TEST_TMP/pod
mkdir -p "$POD/mnt/models" "$POD$CACHE_MOUNT" "$POD$TMP_MOUNT"
cp "$FIXTURES/deterministic.pt2" "$POD/mnt/models/model.pt2"
chmod -R a+rX "$POD"
chmod 0777 "$POD$CACHE_MOUNT" "$POD$TMP_MOUNT"
echo '{"data": [1, 2, 3, 4], "shape": [1, 4]}' >"$TEST_TMP/in.json"
chmod 0644 "$TEST_TMP/in.json"

# As a UID with no passwd entry when we can (root), else as ourselves.
AS=
ARBITRARY=
if [ "$(id -u)" -eq 0 ] && command -v setpriv >/dev/null 2>&1; then
    ARBITRARY=1000710000 # an OpenShift-style UID
    getent passwd "$ARBITRARY" >/dev/null && ARBITRARY=1000710001
    AS="setpriv --reuid=$ARBITRARY --regid=$ARBITRARY --clear-groups --"
fi
UID_NOW=${ARBITRARY:-$(id -u)}

# in_pod CACHE-DIR: `inductor infer` with the pod's environment only.
in_pod() {
    run $AS env -i PATH=/usr/bin:/bin INDUCTOR_CACHE_DIR="$1" TMPDIR="$POD$TMP" \
        "$INDUCTOR" infer --model "$POD/mnt/models/model.pt2" --input "$TEST_TMP/in.json"
    [ "$rc" -eq 0 ] &&
        [ "$(json_get "$TEST_TMP/out" "d['outputs'][0]['data'] == [2.5, 5.5, 11.0]")" = True ]
}

in_pod "$POD$CACHE"
st=$?
[ $st -eq 0 ] && [ ! -s "$TEST_TMP/err" ]
ok $? "infer as uid $UID_NOW with the runtime's cache gives [2.5, 5.5, 11] and no warning"
[ $st -eq 0 ] && [ ! -s "$TEST_TMP/err" ] || diag "exit $rc:" "$(cat "$TEST_TMP/err")"
[ -n "$ARBITRARY" ] || diag "not root: ran as ourselves, not as an arbitrary UID"

[ "$(stat -c '%u %a' "$POD$CACHE" 2>/dev/null)" = "$UID_NOW 700" ]
ok $? "the server made the cache root itself: owned by uid $UID_NOW, mode 0700, in the 0777 emptyDir"
diag "cache root: $(stat -c '%U(%u) %a' "$POD$CACHE" 2>&1); emptyDir: $(stat -c '%U %a' "$POD$CACHE_MOUNT")"

entries=$(find "$POD$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name '.*' | wc -l)
[ "$entries" -eq 1 ]
ok $? "the package was extracted into it (one entry, found $entries)"
first=$(find "$POD$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name '.*')

in_pod "$POD$CACHE" && [ ! -s "$TEST_TMP/err" ] &&
    [ "$(find "$POD$CACHE" -mindepth 1 -maxdepth 1 -type d ! -name '.*')" = "$first" ]
ok $? "a second run uses the same entry (a restart of the container keeps the emptyDir)"

[ -z "$(ls -A "$POD$TMP")" ]
ok $? "nothing was left in TMPDIR"

# Why the cache is one level down: the emptyDir itself (0777, not sticky)
# is refused as the cache, and as a place for a private temporary copy, so
# the package is not run at all: one error line, no crash.
snap() { (cd "$POD$CACHE_MOUNT" && find . -printf '%p %u %m\n' | sort); }
snap >"$TEST_TMP/before"
in_pod "$POD$CACHE_MOUNT"
lines=$(wc -l <"$TEST_TMP/err")
[ "$rc" -eq 4 ] && [ "$lines" -eq 1 ] && grep -q '^inductor: .*not sticky' "$TEST_TMP/err"
ok $? "the emptyDir mount itself as the cache is refused: exit 4, one error line"
diag "exit $rc: $(cat "$TEST_TMP/err")"
snap | cmp -s - "$TEST_TMP/before"
ok $? "and nothing was extracted into the world-writable emptyDir"

# Another container of the pod (here root) made the cache root first: the
# server does not load code from a directory someone else owns.
if [ -n "$ARBITRARY" ]; then
    rm -rf "$POD$CACHE"
    mkdir -m 0755 "$POD$CACHE"
    in_pod "$POD$CACHE"
    # (The error names TMPDIR, the last place tried; the pod has no other.)
    [ "$rc" -eq 4 ] && [ -z "$(ls -A "$POD$CACHE")" ]
    ok $? "a cache root another UID made in the emptyDir is not used: exit 4, nothing in it"
    diag "$(cat "$TEST_TMP/err")"
else
    skip "needs root to make a cache root owned by another user"
fi

finish

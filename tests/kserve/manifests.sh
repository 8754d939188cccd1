#!/bin/sh
# manifests.sh - packaging/kserve/: every manifest is valid against KServe's
# CRD schemas (unknown fields are errors), and says what serving needs: the
# v2 protocol on port 8080, probes on the v2 health endpoints, the server
# reading /mnt/models on every interface, a private cache on a writable
# emptyDir, a non-root read-only container; each InferenceService names a
# shipped runtime and format.  Broken copies must fail, so the checker can.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"
. "$INDUCTOR_SRCDIR/tests/kserve/find_specs.sh"

K=$INDUCTOR_SRCDIR/packaging/kserve
RUNTIMES="servingruntime.yaml servingruntime-cuda.yaml"
SERVICES="inferenceservice.yaml inferenceservice-autoscale.yaml \
inferenceservice-scale-to-zero.yaml inferenceservice-cuda.yaml"

N=55
plan $N
skip_all() {
    while [ $tap_n -lt $N ]; do skip "$1"; done
    finish
}
[ -n "$KSERVE_SPECS" ] ||
    skip_all "no KServe CRDs: set INDUCTOR_KSERVE_SPECS or put shared/specs/kserve beside the source tree"
"$PYTHON" -c 'import jsonschema, yaml' 2>"$TEST_TMP/imp" ||
    skip_all "$PYTHON lacks jsonschema or pyyaml (scripts/install-deps.sh installs them)"

validate() { "$PYTHON" "$INDUCTOR_SRCDIR/tests/kserve/validate_manifest.py" --crds "$KSERVE_SPECS" "$@"; }
# check FILE DESCRIPTION EXPR: EXPR (tests/kserve/manifest_query.py) holds.
check() {
    "$PYTHON" "$INDUCTOR_SRCDIR/tests/kserve/manifest_query.py" "$K/$1" "$3" >"$TEST_TMP/q" 2>&1
    st=$?
    ok $st "$1: $2"
    [ $st -eq 0 ] || diag "$(cat "$TEST_TMP/q")"
}

### Schema

shipped=$(cd "$K" && ls *.yaml | tr '\n' ' ')
[ "$(echo $shipped | tr ' ' '\n' | sort)" = "$(echo $RUNTIMES $SERVICES | tr ' ' '\n' | sort)" ]
ok $? "packaging/kserve holds the runtimes and services this test knows (found: $shipped)"

for f in $RUNTIMES $SERVICES; do
    validate "$K/$f" >"$TEST_TMP/v" 2>&1
    st=$?
    ok $st "$f is valid against KServe's CRD schema"
    [ $st -eq 0 ] || diag "$(cat "$TEST_TMP/v")"
done

### The runtimes

for f in $RUNTIMES; do
    check $f "a ServingRuntime speaking only the v2 protocol" \
        "d['kind'] == 'ServingRuntime' and d['spec']['protocolVersions'] == ['v2']"
    check $f "supports the pytorch-aoti model format" \
        "'pytorch-aoti' in [m['name'] for m in d['spec']['supportedModelFormats']]"
    check $f "one container, kserve-container, listening on 8080 only" \
        "len(d['spec']['containers']) == 1 and c['name'] == 'kserve-container'
         and [p['containerPort'] for p in c['ports']] == [8080]"
    check $f "the server listens on every interface, port 8080" \
        "arg('--host') == '0.0.0.0' and arg('--port') == '8080'"
    check $f "the model repository is KServe's /mnt/models" \
        "arg('--model-repository') == '/mnt/models'"
    check $f "liveness probe: GET /v2/health/live on 8080" \
        "c['livenessProbe']['httpGet'] == {'path': '/v2/health/live', 'port': 8080}"
    check $f "readiness probe: GET /v2/health/ready on 8080" \
        "c['readinessProbe']['httpGet'] == {'path': '/v2/health/ready', 'port': 8080}"
    check $f "Prometheus scrapes /metrics on 8080" \
        "d['spec']['annotations']['prometheus.kserve.io/port'] == '8080'
         and d['spec']['annotations']['prometheus.kserve.io/path'] == '/metrics'"
    check $f "non-root, read-only root filesystem, no privilege escalation, no capabilities" \
        "c['securityContext']['runAsNonRoot'] is True
         and c['securityContext']['readOnlyRootFilesystem'] is True
         and c['securityContext']['allowPrivilegeEscalation'] is False
         and c['securityContext']['capabilities']['drop'] == ['ALL']"
    # The cache refuses a group/world-writable root (src/lib/cache_root.c)
    # and an emptyDir is 0777: the root must be a directory below the
    # mount, which the server creates 0700 for itself.
    check $f "INDUCTOR_CACHE_DIR is a subdirectory of an emptyDir mount, not the mount" \
        "mount_of(env('INDUCTOR_CACHE_DIR')) is not None
         and env('INDUCTOR_CACHE_DIR').rstrip('/') != mount_of(env('INDUCTOR_CACHE_DIR'))['mountPath'].rstrip('/')
         and 'emptyDir' in volume(mount_of(env('INDUCTOR_CACHE_DIR'))['name'])
         and not mount_of(env('INDUCTOR_CACHE_DIR')).get('readOnly', False)"
    check $f "INDUCTOR_CACHE_MAX_BYTES is below the cache emptyDir's sizeLimit" \
        "0 < int(env('INDUCTOR_CACHE_MAX_BYTES'))
         < qty(volume(mount_of(env('INDUCTOR_CACHE_DIR'))['name'])['emptyDir']['sizeLimit'])"
    check $f "TMPDIR is a writable emptyDir (the root filesystem is read-only)" \
        "mount_of(env('TMPDIR')) is not None and 'emptyDir' in volume(mount_of(env('TMPDIR'))['name'])"
    check $f "runners x threads fit in the CPU limit" \
        "int(arg('--runners')) * int(arg('--threads')) <= qty(c['resources']['limits']['cpu'])"
done

check servingruntime.yaml "CPU runtime is picked for the format by default, asks for no GPU, passes no --device" \
    "d['spec']['supportedModelFormats'][0].get('autoSelect') is True
     and arg('--device') is None
     and not any('gpu' in k for k in c['resources']['limits'])"
check servingruntime-cuda.yaml "CUDA runtime: --device cuda and one nvidia.com/gpu" \
    "arg('--device') == 'cuda' and str(c['resources']['limits']['nvidia.com/gpu']) == '1'"
# The images the flake builds (nix/serve-image.nix; tests/nix/flake_eval.sh
# checks their names there).
check servingruntime.yaml "runs the flake's image inductor-serve" \
    "c['image'].rsplit('/', 1)[-1].split(':')[0] == 'inductor-serve'"
check servingruntime-cuda.yaml "runs the flake's image inductor-serve-cuda" \
    "c['image'].rsplit('/', 1)[-1].split(':')[0] == 'inductor-serve-cuda'"

### The InferenceServices

for f in $SERVICES; do
    rt=$("$PYTHON" -c 'import sys, yaml; print(yaml.safe_load(open(sys.argv[1]))["spec"]["predictor"]["model"]["runtime"])' "$K/$f" 2>/dev/null)
    rtfile=
    for r in $RUNTIMES; do
        grep -q "^  name: $rt\$" "$K/$r" 2>/dev/null && rtfile=$r
    done
    [ -n "$rt" ] && [ -n "$rtfile" ]
    ok $? "$f: names a shipped runtime ($rt in ${rtfile:-none of $RUNTIMES})"
    check $f "model format pytorch-aoti, protocol v2, a storageUri" \
        "d['spec']['predictor']['model']['modelFormat']['name'] == 'pytorch-aoti'
         and d['spec']['predictor']['model']['protocolVersion'] == 'v2'
         and '://' in d['spec']['predictor']['model']['storageUri']"
done

check inferenceservice.yaml "a fixed number of replicas (min = max >= 2)" \
    "d['spec']['predictor']['minReplicas'] == d['spec']['predictor']['maxReplicas'] >= 2"
check inferenceservice-autoscale.yaml "scales replicas on concurrency between 1 and more" \
    "1 <= d['spec']['predictor']['minReplicas'] < d['spec']['predictor']['maxReplicas']
     and d['spec']['predictor']['scaleMetric'] == 'concurrency'
     and d['spec']['predictor']['scaleTarget'] > 0"
check inferenceservice-scale-to-zero.yaml "scales to zero: minReplicas 0 in Serverless mode" \
    "d['spec']['predictor']['minReplicas'] == 0 and d['spec']['predictor']['maxReplicas'] > 0
     and d['metadata']['annotations']['serving.kserve.io/deploymentMode'] == 'Serverless'"
check inferenceservice-cuda.yaml "runs on the CUDA runtime" \
    "d['spec']['predictor']['model']['runtime'] == 'kserve-inductor-cuda'"

### The checker can fail

# broken NAME SED-SCRIPT SOURCE PATTERN: a copy of SOURCE edited by
# SED-SCRIPT fails validation, with an error matching PATTERN.
broken() {
    sed "$2" "$K/$3" >"$TEST_TMP/$1.yaml"
    if cmp -s "$K/$3" "$TEST_TMP/$1.yaml"; then
        ok 1 "broken copy $1: the edit changed nothing"
        return
    fi
    validate "$TEST_TMP/$1.yaml" >"$TEST_TMP/v" 2>&1
    st=$?
    [ $st -eq 1 ] && grep -q -e "$4" "$TEST_TMP/v"
    ok $? "broken copy ($1) is refused: $4"
    diag "$(cat "$TEST_TMP/v")"
}
broken misspelt 's/protocolVersions:/protocolVersion:/' servingruntime.yaml \
    "'protocolVersion' was unexpected"
broken port-int 's/^        - "8080"$/        - 8080/' servingruntime.yaml \
    "8080 is not of type 'string'"
broken replicas-string 's/minReplicas: 0/minReplicas: none/' inferenceservice-scale-to-zero.yaml \
    "'none' is not of type 'integer'"
broken wrong-version 's|serving.kserve.io/v1beta1|serving.kserve.io/v1alpha1|' inferenceservice.yaml \
    "is not served for InferenceService"
broken probe-misplaced 's/^      livenessProbe:$/      livenesProbe:/' servingruntime-cuda.yaml \
    "'livenesProbe' was unexpected"

# And the semantic checks: a runtime whose cache is the emptyDir itself.
sed 's|value: /var/cache/inductor/models|value: /var/cache/inductor|' "$K/servingruntime.yaml" \
    >"$TEST_TMP/cache-root.yaml"
"$PYTHON" "$INDUCTOR_SRCDIR/tests/kserve/manifest_query.py" "$TEST_TMP/cache-root.yaml" \
    "env('INDUCTOR_CACHE_DIR').rstrip('/') != mount_of(env('INDUCTOR_CACHE_DIR'))['mountPath'].rstrip('/')" \
    >"$TEST_TMP/q" 2>&1
[ $? -eq 1 ]
ok $? "a runtime whose INDUCTOR_CACHE_DIR is the emptyDir mount itself fails the cache check"

finish

# find_specs.sh - sourced by the KServe tests: sets KSERVE_SPECS to the
# directory of KServe's CRDs (shared/specs/kserve beside the project; never
# copied into it), or to "" when there is none.
#
# $INDUCTOR_KSERVE_SPECS wins; else the first shared/specs/kserve found in
# the source tree's parent directories (a `make distcheck` tree is deeper).
KSERVE_SPECS=${INDUCTOR_KSERVE_SPECS:-}
if [ -z "$KSERVE_SPECS" ]; then
    d=$(cd "$INDUCTOR_SRCDIR" && pwd)
    while [ "$d" != / ]; do
        d=$(dirname "$d")
        if [ -f "$d/shared/specs/kserve/serving.kserve.io_servingruntimes.yaml" ]; then
            KSERVE_SPECS=$d/shared/specs/kserve
            break
        fi
    done
fi
[ -n "$KSERVE_SPECS" ] && [ ! -f "$KSERVE_SPECS/serving.kserve.io_servingruntimes.yaml" ] &&
    KSERVE_SPECS=

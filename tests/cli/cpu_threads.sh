#!/bin/sh
# cpu_threads.sh - packages whose CPU kernels assume an OpenMP thread count.
# torch 2.13 sizes a parallel reduction's per-thread partial sums by the
# exporter's torch.get_num_threads(); a run with a larger team wrote past
# them (segfault, or partial sums dropped).  inductor caps the team at that
# count, and info shows it and warns when the host differs.
. "${INDUCTOR_SRCDIR:-.}/tests/cli/setup.sh"

plan 9

CPUS=$(nproc)
# Exported here as if on a machine with CPUS+1 cores (its default thread
# count, so the kernels use a plain `#pragma omp parallel` and arrays of
# CPUS+1 slots), and once with the count pinned to CPUS+1 (cpp.threads).
"$PYTHON" - "$TEST_TMP" "$((CPUS + 1))" <<'PY'
import os, sys
import numpy as np
import torch
out, n = sys.argv[1], int(sys.argv[2])

class Reduce(torch.nn.Module):
    def forward(self, x):
        return x.sum(), (x * x).mean()

x = torch.randn(1 << 20, generator=torch.Generator().manual_seed(0))
ep = torch.export.export(Reduce(), (x,))
torch.set_num_threads(n)
os.cpu_count = lambda: n
torch._inductor.aoti_compile_and_package(ep, package_path=f"{out}/limit.pt2")
torch._inductor.aoti_compile_and_package(
    ep, package_path=f"{out}/pinned.pt2", inductor_configs={"cpp.threads": n})
np.save(f"{out}/x.npy", x.numpy())
s, m = Reduce()(x)
with open(f"{out}/want.txt", "w") as f:
    f.write(f"{s.item()!r} {m.item()!r}\n")
PY
ok $? "a reduction exported for $((CPUS + 1)) threads, plainly and pinned"

run "$INDUCTOR" info --json --model "$TEST_TMP/limit.pt2"
json_get "$TEST_TMP/out" "(d['models'][0]['cpu_thread_limit'], d['models'][0]['cpu_threads_pinned'], d['models'][0]['compat_warning'])" |
    grep -qx "($((CPUS + 1)), 0, None)"
ok $? "info --json: the per-thread limit is the exporter's count, none pinned, no warning on fewer CPUs"
run "$INDUCTOR" info --model "$TEST_TMP/limit.pt2"
grep -qx "  cpu threads: generated for $((CPUS + 1)) (the most a run uses)" "$TEST_TMP/out"
ok $? "info shows the thread count the kernels were generated for"

run "$INDUCTOR" info --json --model "$TEST_TMP/pinned.pt2"
json_get "$TEST_TMP/out" "(d['models'][0]['cpu_threads_pinned'], d['models'][0]['host_cpus'], d['models'][0]['compatible'])" |
    grep -qx "($((CPUS + 1)), $CPUS, True)"
ok $? "info --json: the pinned count, this host's CPUs, still compatible"
json_get "$TEST_TMP/out" "d['models'][0]['compat_warning']" |
    grep -q "^kernels pinned to $((CPUS + 1)) OpenMP threads, this host has $CPUS CPUs"
ok $? "the verdict warns that the pinned count is not this host's"
run "$INDUCTOR" info --model "$TEST_TMP/pinned.pt2"
grep -q "^  compatible: yes (warning: kernels pinned to $((CPUS + 1)) OpenMP threads" "$TEST_TMP/out"
ok $? "info's text verdict carries the warning"

# A team twice the arrays' size: every run must give eager's result.
check_run() { # PKG THREADS
    OMP_NUM_THREADS=$2 "$INDUCTOR" infer --model "$1" --input "$TEST_TMP/x.npy" \
        --output "$TEST_TMP/o.json" 2>"$TEST_TMP/err" &&
    "$PYTHON" - "$TEST_TMP/o.json" "$TEST_TMP/want.txt" <<'PY'
import json, math, sys
got = [o["data"][0] for o in json.load(open(sys.argv[1]))["outputs"]]
want = [float(v) for v in open(sys.argv[2]).read().split()]
sys.exit(0 if all(math.isclose(g, w, rel_tol=1e-4, abs_tol=1e-3)
                  for g, w in zip(got, want)) and len(got) == 2 else 1)
PY
}
TEAM=$((2 * (CPUS + 1)))
check_run "$TEST_TMP/limit.pt2" "$TEAM"
ok $? "OMP_NUM_THREADS=$TEAM on the $((CPUS + 1))-thread kernels: exit 0 and eager's sum and mean"
check_run "$TEST_TMP/limit.pt2" 1
ok $? "OMP_NUM_THREADS=1 on them: eager's sum and mean"
check_run "$TEST_TMP/pinned.pt2" "$TEAM"
ok $? "the pinned package under OMP_NUM_THREADS=$TEAM: eager's sum and mean"

finish

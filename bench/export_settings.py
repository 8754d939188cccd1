#!/usr/bin/env python3
"""Which Inductor settings make a CPU export faster: each real model
(bench/real_models.py) is exported once per setting below and timed with
`inductor bench`, the settings interleaved round by round so that machine
noise hits them alike; the median per-call ms of the rounds' p50 is
written as a Markdown table (docs/export-settings.md).  Run by
`make bench-export-settings`; what wins becomes the export tool's default
(python/inductor_tools/export.py: compile_configs()).

  export_settings.py --inductor PROG --srcdir SRC --workdir DIR
      [--deps DIR]... [--models bert,resnet50] [--batches 1,8]
      [--seconds S] [--rounds R] --output FILE.md
"""
import argparse
import datetime
import json
import os
import platform
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))

# name: Inductor configs.  Freezing is the export tool's default; each
# other row changes one thing from it.
SETTINGS = {
    "frozen (default)": {"freezing": True},
    "not frozen": {"freezing": False},
    "frozen, cpp.weight_prepack off": {"freezing": True, "cpp.weight_prepack": False},
    "frozen, cpp.dynamic_threads": {"freezing": True, "cpp.dynamic_threads": True},
    "frozen, cpp.simdlen 256": {"freezing": True, "cpp.simdlen": 256},
    "frozen, max-autotune (C++ GEMM templates)": {
        "freezing": True, "max_autotune": True,
        "max_autotune_gemm_backends": "CPP,ATEN"},
}


def log(msg):
    print(f"export-settings: {msg}", file=sys.stderr, flush=True)


def slug(name):
    return "".join(c if c.isalnum() else "-" for c in name).strip("-")


def export_all(a, model):
    """Exports `model` once per setting into the work directory (kept:
    a second run reuses them); returns {setting: (package, seconds)}."""
    import numpy as np
    import torch

    import real_models as rm

    net, inputs, _ = rm.build(model)
    trace = tuple(torch.from_numpy(x) for x in rm.make_inputs(inputs, 2).values())
    with torch.no_grad():
        ep = torch.export.export(net, trace, dynamic_shapes=rm.dynamic_shapes(inputs))
    out = {}
    for name, configs in SETTINGS.items():
        pkg = os.path.join(a.workdir, f"{model}-{slug(name)}-{torch.__version__}.pt2")
        took = pkg + ".seconds"  # how long its export took
        t0 = time.perf_counter()
        if not os.path.exists(pkg):
            log(f"{model}: exporting '{name}'")
            tmp = pkg[:-4] + ".tmp.pt2"
            try:
                with torch.no_grad():  # Inductor freezes only with grad off
                    torch._inductor.aoti_compile_and_package(
                        ep, package_path=tmp, inductor_configs=dict(configs))
                os.replace(tmp, pkg)
                with open(took, "w") as f:
                    f.write(f"{time.perf_counter() - t0:.1f}\n")
            except Exception as e:  # noqa: BLE001 - reported as n/a
                log(f"{model}: '{name}' failed to export: {e}")
                out[name] = (None, str(e).splitlines()[0][:120])
                continue
        try:
            with open(took) as f:
                out[name] = (pkg, f.read().strip())
        except FileNotFoundError:  # exported by a run that kept no time
            out[name] = (pkg, "not recorded")
    for b in a.batches:
        for n, x in rm.make_inputs(inputs, b).items():
            np.save(os.path.join(a.workdir, f"{model}-b{b}-{n}.npy"), x)
    return out, [i[0] for i in inputs]


def bench_once(a, pkg, model, names, batch):
    cmd = [a.inductor, "bench", "--model", pkg, "--warmup", "3",
           "--duration", str(a.seconds), "--json"]
    for n in names:
        cmd += ["--input", os.path.join(a.workdir, f"{model}-b{batch}-{n}.npy")]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError(p.stderr.strip().splitlines()[-1] if p.stderr.strip() else f"exit {p.returncode}")
    return json.loads(p.stdout)["latency_ms"]["p50"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--inductor", required=True)
    ap.add_argument("--srcdir", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--deps", action="append", default=[])
    ap.add_argument("--models", default="bert,resnet50")
    ap.add_argument("--batches", default="1,8")
    ap.add_argument("--seconds", type=float, default=3.0)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--output", required=True)
    a = ap.parse_args()
    a.batches = [int(b) for b in a.batches.split(",")]
    os.makedirs(a.workdir, exist_ok=True)
    sys.path.insert(0, HERE)
    for d in a.deps:  # appended: the venv's torch and numpy stay first
        if d and d not in sys.path:
            sys.path.append(d)
    try:
        import transformers  # noqa: F401
    except ImportError as e:
        sys.exit(f"export-settings: error: transformers does not import ({e}); "
                 "`make bench` installs it into BENCH_DEPS_PATH: run that first")
    import torch

    t_start = time.perf_counter()
    rows = {}
    for model in a.models.split(","):
        pkgs, names = export_all(a, model)
        times = {(s, b): [] for s in SETTINGS for b in a.batches}
        errors = {}
        for r in range(a.rounds):
            for b in a.batches:
                for s in SETTINGS:
                    pkg = pkgs[s][0]
                    if pkg is None or s in errors:
                        continue
                    try:
                        times[(s, b)].append(bench_once(a, pkg, model, names, b))
                    except RuntimeError as e:
                        errors[s] = str(e)
            log(f"{model}: round {r + 1} of {a.rounds} done")
        rows[model] = (pkgs, times, errors)

    L = ["# Export settings on the CPU", "",
         "Generated by `make bench-export-settings` (bench/export_settings.py); do not edit by hand.", "",
         f"- Machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
         f"torch {torch.__version__}; {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
         f"- Each model exported once per setting (dynamic batch and sequence, as `make bench` does), "
         f"then `inductor bench --duration {a.seconds:g}` per setting and batch, the settings interleaved "
         f"over {a.rounds} rounds; the number is the median of the rounds' p50 per-call ms, the ratio "
         "against the default (below 1.00x is faster than the default).",
         "- Each row changes one thing from the export tool's default (freezing on).", ""]
    for model, (pkgs, times, errors) in rows.items():
        L += [f"## {model}", "",
              "| setting | " + " | ".join(f"batch {b} (ms)" for b in a.batches) + " | export (s) |",
              "| --- | " + " | ".join("---" for _ in a.batches) + " | --- |"]
        base = {b: statistics.median(times[("frozen (default)", b)])
                for b in a.batches if times[("frozen (default)", b)]}
        for s in SETTINGS:
            cells = []
            for b in a.batches:
                v = times[(s, b)]
                if pkgs[s][0] is None or s in errors or not v:
                    cells.append("n/a")
                    continue
                m = statistics.median(v)
                cells.append(f"{m:.2f}" + (f" ({m / base[b]:.2f}x)" if b in base else ""))
            exp = "n/a" if pkgs[s][0] is None else str(pkgs[s][1])
            L.append(f"| {s} | " + " | ".join(cells) + f" | {exp} |")
        notes = [f"{s}: {why}" for s, why in errors.items()] + \
                [f"{s}: export failed: {p[1]}" for s, p in pkgs.items() if p[0] is None]
        if notes:
            L += [""] + [f"- {n}" for n in notes]
        L.append("")
    L.append(f"Total time: {time.perf_counter() - t_start:.0f} s (exports reused from "
             f"{a.workdir} when present).")
    tmp = a.output + ".tmp"
    with open(tmp, "w") as f:
        f.write("\n".join(L) + "\n")
    os.replace(tmp, a.output)
    log(f"wrote {a.output}")


if __name__ == "__main__":
    main()

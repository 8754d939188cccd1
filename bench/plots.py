#!/usr/bin/env python3
"""Pictures for docs/benchmarks.md from bench/real_bench.py's results:
per real model, the per-call latency distribution of every runner (CDFs,
one panel per batch and thread count) and a bar chart of the medians.

  plots.py RESULTS.json IMG_DIR [--deps DIR]...
Prints {model: {"distribution": png, "medians": png}} as JSON.
"""
import argparse
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
COLORS = {"inductor": "#d62728", "floor": "#7f7f7f", "python": "#1f77b4",
          "eager": "#2ca02c", "ort": "#9467bd"}
DPI = 72  # PNGs of a few tens of KB: they are committed


def cells_of(res, model):
    return sorted((c for c in res["cells"].values() if c["model"] == model),
                  key=lambda c: (c["batch"], c["threads"]))


def distribution(plt, res, model, names, path):
    cells = cells_of(res, model)
    batches = sorted({c["batch"] for c in cells})
    threads = sorted({c["threads"] for c in cells})
    fig, axes = plt.subplots(len(batches), len(threads), squeeze=False,
                             figsize=(4.2 * len(threads), 3.0 * len(batches)))
    for c in cells:
        ax = axes[batches.index(c["batch"])][threads.index(c["threads"])]
        for r, ts in c["times"].items():
            if not ts:
                continue
            xs = sorted(ts)
            ys = [(i + 1) / len(xs) for i in range(len(xs))]
            ax.step(xs, ys, where="post", color=COLORS.get(r), label=names.get(r, r))
        ax.set_title(f"batch {c['batch']}, {c['threads']} thread(s)", fontsize=9)
        ax.set_xlabel("ms per call", fontsize=8)
        ax.set_ylabel("fraction of calls", fontsize=8)
        ax.tick_params(labelsize=7)
        ax.grid(alpha=0.3)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="lower center", ncol=len(labels), fontsize=8)
    fig.suptitle(f"{model}: per-call latency (CDF)", fontsize=10)
    fig.tight_layout(rect=(0, 0.06, 1, 0.96))
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def medians(plt, res, model, names, path):
    cells = cells_of(res, model)
    runners = [r for r in COLORS if any(c["median_ms"].get(r) for c in cells)]
    fig, axes = plt.subplots(1, len(cells), squeeze=False, figsize=(2.3 * len(cells), 3.2))
    for ax, c in zip(axes[0], cells):
        vals = [c["median_ms"].get(r) or 0 for r in runners]
        ax.bar(range(len(runners)), vals, color=[COLORS[r] for r in runners])
        for i, v in enumerate(vals):
            ax.text(i, v, "n/a" if not v else f"{v:.0f}" if v >= 100 else f"{v:.3g}", ha="center", va="bottom", fontsize=6)
        ax.set_xticks(range(len(runners)))
        ax.set_xticklabels([r for r in runners], rotation=45, fontsize=7)
        ax.set_title(f"b{c['batch']}, {c['threads']}t", fontsize=9)
        ax.tick_params(axis="y", labelsize=7)
    axes[0][0].set_ylabel("median ms per call", fontsize=8)
    fig.suptitle(f"{model}: median per-call latency "
                 f"({', '.join(f'{r}: {names.get(r, r)}' for r in runners)})", fontsize=7)
    fig.tight_layout(rect=(0, 0, 1, 0.92))
    fig.savefig(path, dpi=DPI)
    plt.close(fig)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("results")
    p.add_argument("img_dir")
    p.add_argument("--deps", action="append", default=[])
    a = p.parse_args()
    sys.path.extend(x for x in a.deps if x)
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sys.path.insert(0, HERE)
    from real_bench import RUNNER_NAMES

    with open(a.results) as f:
        res = json.load(f)
    os.makedirs(a.img_dir, exist_ok=True)
    out = {}
    for m in res["models"]:
        if not any(c["model"] == m for c in res["cells"].values()):
            continue
        files = {"distribution": os.path.join(a.img_dir, f"real-{m}-cdf.png"),
                 "medians": os.path.join(a.img_dir, f"real-{m}-medians.png")}
        distribution(plt, res, m, RUNNER_NAMES, files["distribution"])
        medians(plt, res, m, RUNNER_NAMES, files["medians"])
        out[m] = files
    print(json.dumps(out))


if __name__ == "__main__":
    main()

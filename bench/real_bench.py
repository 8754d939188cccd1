#!/usr/bin/env python3
"""`make bench` on real architectures (bench/real_models.py): inductor, the
C++ floor, Python's AOTInductor runner, eager PyTorch and ONNX Runtime side
by side, per model at batch 1 and 8 with 1 and 2 threads; ResNet-50's cold
start; and 2 runners on 2 cores against 1.  bench/run_bench.py calls run()
and puts markdown() and target_rows() into docs/benchmarks.md; alone it
writes its results as JSON:

  real_bench.py --inductor ./inductor --floor bench/bench-floor --srcdir SRC
                --workdir DIR --deps-path DIR [--models resnet50,bert] ...
"""
import argparse
import json
import os
import select
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import real_models  # noqa: E402 - no torch at import: only its constants

RUNNERS = ("inductor", "floor", "python", "eager", "ort")
RUNNER_NAMES = {"inductor": "inductor", "floor": "C++ floor",
                "python": "Python aoti_load_package", "eager": "eager PyTorch",
                "ort": "ONNX Runtime (Python)"}
THREADS = (1, 2)
DEPS = ("transformers", "matplotlib")
ORT_DEPS = ("onnxruntime", "onnx", "onnxscript")
MIN_CALLS = 3


def log(msg):
    print(f"bench: real: {msg}", file=sys.stderr, flush=True)


def last_line(text):
    lines = [ln for ln in (text or "").strip().splitlines() if ln.strip()]
    return lines[-1][:300] if lines else "no message"


def median(xs):
    return statistics.median(xs) if xs else None


def read_times(path):
    with open(path) as f:
        return [float(x) for x in f if x.strip()]


class Server:
    """A bench/real_runner.py --serve process: JSON lines in and out."""

    def __init__(self, cmd, env, log_path, timeout):
        self.log_path = log_path
        self.err = open(log_path, "w")
        self.p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                  stderr=self.err, text=True, env=env)
        try:
            self.read(timeout)
        except Exception:
            self.close()
            raise

    def alive(self):
        return self.p.poll() is None

    def why(self):
        with open(self.log_path) as f:
            return last_line(f.read())

    def read(self, timeout):
        ready, _, _ = select.select([self.p.stdout], [], [], timeout)
        if not ready:
            self.close()
            raise RuntimeError(f"no answer in {timeout:.0f} s")
        line = self.p.stdout.readline()
        if not line:
            self.p.wait()
            raise RuntimeError(f"exit {self.p.returncode}: {self.why()}")
        r = json.loads(line)
        if "error" in r:
            raise RuntimeError(r["error"])
        return r

    def ask(self, request, timeout):
        self.p.stdin.write(json.dumps(request) + "\n")
        self.p.stdin.flush()
        return self.read(timeout)

    def close(self):
        if self.p.poll() is None:
            try:
                self.p.stdin.close()
                self.p.wait(timeout=30)
            except (OSError, subprocess.TimeoutExpired):
                self.p.kill()
                self.p.wait()
        self.err.close()


class RealBench:
    def __init__(self, a, env):
        self.a = a
        self.env = dict(env)
        self.work = os.path.join(a.workdir, "real")
        self.times_dir = os.path.join(self.work, "times")
        os.makedirs(self.times_dir, exist_ok=True)
        self.deps = [p for p in (a.deps_path, a.onnx_path) if p]
        self.notes = []
        self.res = {"models": {}, "cells": {}, "settings": {
            "seconds": a.seconds, "rounds": a.rounds, "seq": real_models.SEQ,
            "batches": list(real_models.BATCHES), "threads": list(THREADS)}}

    def py(self, *args):
        return [self.a.python, *args]

    def deps_args(self):
        return [x for p in self.deps for x in ("--deps", p)]

    # ---- dependencies: pip --target into the build tree ---------------
    def probe(self, mods):
        code = ("import sys; sys.path.extend(sys.argv[1:]); "
                + "; ".join(f"import {m}" for m in mods))
        r = subprocess.run(self.py("-c", code, *self.deps), capture_output=True, text=True)
        return r.returncode == 0, last_line(r.stderr)

    def install(self):
        """transformers and matplotlib (and ONNX Runtime, onnx, onnxscript
        unless --onnx-path has them) into --deps-path, pinned to the
        versions $(PYTHON) already has of anything they share, and put
        after $(PYTHON)'s own site-packages: they never shadow its torch or
        numpy."""
        want = [m for m in DEPS if not self.probe([m])[0]]
        if not self.probe(["onnxruntime", "onnx", "onnxscript"])[0]:
            want += ORT_DEPS
        if want:
            os.makedirs(self.a.deps_path, exist_ok=True)
            cons = os.path.join(self.work, "constraints.txt")
            r = subprocess.run(self.py("-c", CONSTRAINTS), capture_output=True, text=True)
            with open(cons, "w") as f:
                f.write(r.stdout)
            log(f"installing {' '.join(want)} into {self.a.deps_path}")
            r = subprocess.run(self.py("-m", "pip", "install", "--quiet", "--target",
                                       self.a.deps_path, "-c", cons, *want),
                               capture_output=True, text=True)
            if r.returncode != 0:
                self.notes.append(f"pip install --target {self.a.deps_path} {' '.join(want)} "
                                  f"failed: {last_line(r.stderr)}")
        r = subprocess.run(self.py("-c", SHADOW, *self.deps), capture_output=True, text=True)
        if r.returncode == 0 and r.stdout.strip():
            self.notes.append(f"{' and '.join(self.deps)} hold other versions of packages "
                              "$(PYTHON) has (the real models' runners import $(PYTHON)'s "
                              f"first): {r.stdout.strip()}")
        ok, why = self.probe(["transformers"])
        if not ok:
            raise RuntimeError(f"transformers does not import: {why}")
        self.res["ort_ok"], why = self.probe(["onnxruntime"])
        if not self.res["ort_ok"]:
            self.notes.append(f"ONNX Runtime does not import: {why}")
        self.res["mpl_ok"], why = self.probe(["matplotlib"])
        if not self.res["mpl_ok"]:
            self.notes.append(f"no pictures: matplotlib does not import: {why}")

    # ---- exports (cached under the build tree) ------------------------
    def export(self):
        outdir = os.path.join(self.work, "exports")
        for m in self.a.models:
            t0 = time.perf_counter()
            r = subprocess.run(self.py(os.path.join(HERE, "real_models.py"), "export",
                                       "--model", m, "--outdir", outdir,
                                       "--srcdir", self.a.srcdir, *self.deps_args()),
                               capture_output=True, text=True, env=self.env,
                               timeout=self.a.export_timeout)
            if r.returncode != 0:
                self.notes.append(f"{m}: export failed: {last_line(r.stderr)}")
                log(f"{m}: export failed: {last_line(r.stderr)}")
                continue
            info = json.loads(r.stdout.strip().splitlines()[-1])
            info["wall_s"] = round(time.perf_counter() - t0, 1)
            self.res["models"][m] = info
            self.notes += [f"{m}: {n}" for n in info.get("notes", [])]
            log(f"{m}: {'cached' if info['cached'] else 'exported'} in {info['dir']} "
                f"({info['wall_s']} s)")

    # ---- one runner, one cell -----------------------------------------
    def inputs(self, m, b):
        info = self.res["models"][m]
        return [(n, os.path.join(info["dir"], f"in-b{b}-{n}.npy")) for n, _ in info["inputs"]]

    def estimate(self, m, b, t):
        """Seconds per call of (m, b, t), from the fastest runner measured
        there so far, else scaled from a neighbouring cell; None if none."""
        def best(key):
            c = self.res["cells"].get(key)
            return min((median(v) for v in c["times"].values() if v), default=None) if c else None
        v = best(f"{m}/b{b}/t{t}")
        if v is None:
            v = next((x * o / t for o in THREADS if (x := best(f"{m}/b{b}/t{o}"))), None)
        if v is None:
            v = next((x * b / o for o in real_models.BATCHES if o < b
                      and (x := best(f"{m}/b{o}/t{t}"))), None)
        return None if v is None else v / 1e3

    def command(self, runner, m, b, t, dur, times):
        """A one-shot process of the runners that are programs."""
        d = self.res["models"][m]["dir"]
        ins = self.inputs(m, b)
        warm = 2 if b == 1 else 1
        if runner == "inductor":  # its first run is untimed too
            # --duration may stop after one call of a slow cell: where the
            # fastest runner so far needs more than the budget for
            # MIN_CALLS calls, ask for MIN_CALLS calls instead (run_one
            # asks again if --duration still gave fewer).
            est = self.estimate(m, b, t)
            stop = (["--iterations", str(MIN_CALLS)] if dur < 0 or (est and MIN_CALLS * est > dur)
                    else ["--duration", f"{dur:.2f}"])
            cmd = [self.a.inductor, "bench", "--model", os.path.join(d, "model.pt2"),
                   "--warmup", str(warm - 1), *stop, "--json", "--export-times", times]
            for n, p in ins:
                cmd += ["--input", f"{n}={p}"]
            return cmd
        return [self.a.floor, "--times", times, "--duration", f"{dur:.2f}",
                os.path.join(d, "model.pt2"), str(warm), "1000000"] + [p for _, p in ins]

    def server(self, runner, m):
        """The Python runners load their model once per model (an import of
        torch, a package extraction or a transformers build costs seconds
        on this machine) and time the cells asked of them."""
        d = self.res["models"][m]["dir"]
        args = {"python": ["aoti", "--pkg", os.path.join(d, "model.pt2")],
                "eager": ["eager", "--model", m]}.get(runner)
        if runner == "ort":
            onnx = os.path.join(d, "model.onnx")
            if not os.path.exists(onnx):
                raise RuntimeError("no ONNX export (see the notes)")
            if not self.res.get("ort_ok"):
                raise RuntimeError("ONNX Runtime does not import")
            args = ["ort", "--onnx", onnx]
        cmd = self.py(os.path.join(HERE, "real_runner.py"), *args, "--serve",
                      *self.deps_args())
        env = dict(self.env, OMP_NUM_THREADS=str(max(THREADS)),
                   MKL_NUM_THREADS=str(max(THREADS)))
        return Server(cmd, env, os.path.join(self.work, f"{m}-{runner}.log"),
                      self.a.load_timeout)

    def run_one(self, runner, m, b, t, rnd, dur, servers):
        """Per-call ms of one runner on one cell, or raises with the reason."""
        times = os.path.join(self.times_dir, f"{m}-b{b}-t{t}-{runner}-r{rnd}.txt")
        if os.path.exists(times):
            os.remove(times)
        limit = max(180, 30 * abs(dur))
        if runner in ("python", "eager", "ort"):
            if isinstance(servers.get(runner), Exception):  # failed to start
                raise servers[runner]
            if runner not in servers:
                try:
                    servers[runner] = self.server(runner, m)
                except Exception as e:
                    servers[runner] = RuntimeError(f"did not start: {e}")
                    raise servers[runner] from None
            servers[runner].ask({"inputs": [p for _, p in self.inputs(m, b)], "threads": t,
                                 "warmup": 2 if b == 1 else 1, "duration": dur,
                                 "times": times}, limit)
            return read_times(times)
        cmd = self.command(runner, m, b, t, dur, times)
        env = dict(self.env, OMP_NUM_THREADS=str(t), MKL_NUM_THREADS=str(t))
        try:
            r = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=limit)
        except subprocess.TimeoutExpired:
            raise RuntimeError(f"timed out after {limit:.0f} s") from None
        if r.returncode != 0:
            raise RuntimeError(f"exit {r.returncode}: {last_line(r.stderr)}")
        ms = read_times(times)
        if len(ms) < MIN_CALLS and runner == "inductor" and dur >= 0:
            return self.run_one(runner, m, b, t, rnd, -1, servers)  # -1: MIN_CALLS calls
        return ms

    def cells(self):
        """Every (model, batch, threads) cell runs every runner once per
        round, one after another in an order that rotates from cell to
        cell, so that a noisy minute on this shared machine hits all the
        runners of a cell alike."""
        dur = self.a.seconds / self.a.rounds
        k = 0
        for m in self.res["models"]:
            servers = {}
            try:
                for rnd in range(self.a.rounds):
                    for b in real_models.BATCHES:
                        for t in THREADS:
                            self.cell(m, b, t, rnd, dur, k, servers)
                            k += 1
            finally:
                for s in servers.values():
                    if isinstance(s, Server):
                        s.close()
        for cell in self.res["cells"].values():
            cell["median_ms"] = {r: median(v) for r, v in cell["times"].items()}

    def cell(self, m, b, t, rnd, dur, k, servers):
        key = f"{m}/b{b}/t{t}"
        cell = self.res["cells"].setdefault(key, {
            "model": m, "batch": b, "threads": t,
            "times": {r: [] for r in self.a.runners}, "errors": {}})
        n = len(self.a.runners)
        for runner in self.a.runners[k % n:] + self.a.runners[:k % n]:
            if runner in cell["errors"]:
                continue
            t0 = time.perf_counter()
            try:  # every runner makes at least MIN_CALLS calls, however long
                cell["times"][runner] += self.run_one(runner, m, b, t, rnd, dur, servers)
            except Exception as e:  # noqa: BLE001 - n/a, with the reason
                cell["errors"][runner] = str(e)
                self.notes.append(f"{RUNNER_NAMES[runner]} on {key}: n/a: {e}")
                if isinstance(servers.get(runner), Server) and not servers[runner].alive():
                    servers.pop(runner).close()
            log(f"{key} {runner}: {fmt(median(cell['times'][runner]))} ms "
                f"({len(cell['times'][runner])} calls, {time.perf_counter() - t0:.1f} s)")

    def ort_overhead(self):
        """What a sess.run costs from Python (an Identity on one float):
        ONNX Runtime's column carries it, a C++ caller would not."""
        if not self.res.get("ort_ok"):
            return
        times = os.path.join(self.times_dir, "ort-overhead.txt")
        r = subprocess.run(self.py(os.path.join(HERE, "real_runner.py"), "ort-overhead",
                                   "--workdir", self.work, "--times", times,
                                   "--duration", "1", "--warmup", "100", *self.deps_args()),
                           capture_output=True, text=True, env=self.env)
        if r.returncode == 0:
            self.res["ort_overhead_ms"] = json.loads(r.stdout)["p50_ms"]
        else:
            self.notes.append(f"ONNX Runtime's Python overhead not measured: {last_line(r.stderr)}")

    # ---- ResNet-50 cold start -----------------------------------------
    def cold(self):
        m = "resnet50"
        if m not in self.res["models"]:
            return
        d = self.res["models"][m]["dir"]
        pkg, inp = os.path.join(d, "model.pt2"), os.path.join(d, "in-b1.json")
        out = os.path.join(self.work, "cold-out.json")
        ind = [self.a.inductor, "infer", "--model", pkg, "--input", inp, "--output", out]
        pyc = self.py(os.path.join(HERE, "py_runner.py"), "cold", pkg, inp, out)

        def wall(cmd):
            t0 = time.perf_counter()
            r = subprocess.run(cmd, capture_output=True, text=True, env=self.env)
            if r.returncode != 0:
                raise RuntimeError(f"{cmd[0]} failed: {last_line(r.stderr)}")
            return time.perf_counter() - t0
        wall(ind)  # the extraction cache is warm from here on, as in every later run
        ti, tp = [], []
        for _ in range(self.a.cold_repeats):  # interleaved
            ti.append(wall(ind))
            tp.append(wall(pyc))
        self.res["cold"] = {"inductor_s": median(ti), "python_s": median(tp),
                            "runs": self.a.cold_repeats}
        log(f"cold {m}: {self.res['cold']}")

    # ---- 2 runners on 2 cores against 1 --------------------------------
    def scaling(self):
        out = {}
        for m in ("resnet50", "bert"):
            if m not in self.res["models"]:
                continue
            pkg = os.path.join(self.res["models"][m]["dir"], "model.pt2")
            base = [self.a.inductor, "bench", "--model", pkg, "--warmup", "2",
                    "--duration", f"{self.a.scaling_seconds:.1f}", "--json"]
            for n, p in self.inputs(m, 1):
                base += ["--input", f"{n}={p}"]
            env = dict(self.env, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
            tp = {1: [], 2: []}
            for _ in range(self.a.rounds):  # interleaved
                for n in (1, 2):
                    r = subprocess.run(base + ["--threads", str(n), "--runners", str(n)],
                                       capture_output=True, text=True, env=env)
                    if r.returncode != 0:
                        raise RuntimeError(f"inductor bench --runners {n} on {m}: "
                                           f"{last_line(r.stderr)}")
                    tp[n].append(json.loads(r.stdout)["throughput_per_s"])
            out[m] = {"one": median(tp[1]), "two": median(tp[2])}
            out[m]["ratio"] = out[m]["two"] / out[m]["one"]
            log(f"scaling {m}: {out[m]}")
        self.res["scaling"] = out

    # ---- pictures -------------------------------------------------------
    def plots(self):
        if not self.res.get("mpl_ok") or not self.a.img_dir:
            return
        path = os.path.join(self.work, "real.json")
        with open(path, "w") as f:
            json.dump(self.res, f)
        r = subprocess.run(self.py(os.path.join(HERE, "plots.py"), path, self.a.img_dir,
                                   *self.deps_args()), capture_output=True, text=True)
        if r.returncode != 0:
            self.notes.append(f"pictures not drawn: {last_line(r.stderr)}")
            return
        self.res["images"] = json.loads(r.stdout)

    def run(self):
        t0 = time.perf_counter()
        steps = (self.install, self.export, self.ort_overhead, self.cells, self.cold,
                 self.scaling, self.plots)
        for step in steps:
            try:
                step()
            except Exception as e:  # noqa: BLE001 - the report says what failed
                self.notes.append(f"real models: {step.__name__} not done: {e}")
                log(f"{step.__name__} failed: {e}")
                if step == self.install:
                    break
        self.res["wall_s"] = time.perf_counter() - t0
        self.res["notes"] = self.notes
        return self.res


CONSTRAINTS = r"""
from importlib.metadata import distributions
for d in distributions():
    n = d.metadata["Name"]
    if n:
        print(f"{n}=={d.version}")
"""

# Prints "name A (bench dir) vs B" for each package that a dependency
# directory holds in another version than $(PYTHON)'s environment.
SHADOW = r"""
import sys
from importlib.metadata import distributions
own = {d.metadata["Name"].lower(): d.version for d in distributions() if d.metadata["Name"]}
diff = set()
for p in sys.argv[1:]:
    for d in distributions(path=[p]):
        n = (d.metadata["Name"] or "").lower()
        if n in own and own[n] != d.version:
            diff.add(f"{n} {d.version} vs {own[n]}")
print(", ".join(sorted(diff)))
"""


def fmt(v):
    return "n/a" if v is None else (f"{v:.3f}" if v < 1 else f"{v:.1f}" if v >= 100 else f"{v:.2f}")


def ratio(v, base):
    return "" if v is None or not base else f" ({v / base:.2f}x)"


def markdown(res, img_rel="img"):
    """The real models' section of docs/benchmarks.md."""
    s = res.get("settings", {})
    L = ["", "## (i) Real models: inductor against the C++ floor, Python, eager "
         "PyTorch and ONNX Runtime", "",
         "Architectures from `transformers` built from their configs with random weights "
         "(bench/real_models.py): ResNet-50 (1000 classes, 3x224x224), a BERT-base encoder "
         f"(int64 input_ids and attention_mask, {s.get('seq')} tokens), GPT-2 small "
         f"(input_ids -> logits, {s.get('seq')} tokens) and ViT-Base/16 (224). "
         "One export each, with a dynamic batch (and sequence) dim: torch.export + "
         "AOTInductor with `freezing=True` through inductor_tools, and "
         "`torch.onnx.export(..., dynamo=True)`; batch 1 and 8 run from the same files.",
         "",
         f"Median per-call ms over all timed calls of {s.get('rounds')} round(s) of about "
         f"{s.get('seconds', 0) / max(1, s.get('rounds', 1)):.1f} s per runner per cell "
         f"(at least {MIN_CALLS} calls, after 1-2 untimed ones); within a cell the runners "
         "run one after another, in an order that rotates from cell to cell. "
         "Threads: OMP_NUM_THREADS (and torch.set_num_threads, ONNX Runtime's "
         "intra-op threads) set to 1 or 2. Ratios are against inductor (below 1.00x the "
         "other is faster)."]
    ov = res.get("ort_overhead_ms")
    L += ["", "ONNX Runtime is timed from Python (the wheel ships no `onnxruntime_perf_test`): "
          + (f"one `InferenceSession.run` of an Identity on one float costs {fmt(ov)} ms, "
             "which its column carries and a C++ caller would not." if ov is not None
             else "its Python per-call overhead was not measured.")]
    cols = [r for r in RUNNERS if any(r in c["times"] for c in res.get("cells", {}).values())]
    L += ["", "| model | batch | threads | " + " | ".join(RUNNER_NAMES[r] for r in cols) + " |",
          "| --- | --- | --- |" + " --- |" * len(cols)]
    for c in res.get("cells", {}).values():
        med = c.get("median_ms", {})
        base = med.get("inductor")
        cells = []
        for r in cols:
            v = med.get(r)
            cells.append(fmt(v) if r == "inductor" else f"{fmt(v)}{ratio(v, base)}")
        L.append(f"| {c['model']} | {c['batch']} | {c['threads']} | " + " | ".join(cells) + " |")
    models = res.get("models", {})
    if models:
        L += ["", "Exports (cached in the build tree by torch and transformers version and "
              "model config; max abs difference from eager at batch 1 / 8):", "",
              "| model | parameters | .pt2 export (s) | ONNX export (s) | .pt2 vs eager | "
              "ONNX vs eager | this run |", "| --- | --- | --- | --- | --- | --- | --- |"]
        for m, i in models.items():
            ck = i.get("check", {})
            diff = lambda k: " / ".join(f"{ck[f'{k}_b{b}']:.1e}" if f"{k}_b{b}" in ck else "n/a"
                                        for b in s.get("batches", (1, 8)))
            L.append(f"| {m} | {i.get('params', 0) / 1e6:.1f} M | {i.get('export_pt2_s', 'n/a')} "
                     f"| {i.get('export_onnx_s', 'n/a')} | {diff('pt2')} | {diff('onnx')} "
                     f"| {'cached' if i.get('cached') else 'exported'} |")
    cold = res.get("cold")
    if cold:
        L += ["", f"ResNet-50 cold start (process start to outputs written, warm cache, median "
              f"of {cold['runs']}): `inductor infer --input in.json --output out.json` "
              f"{cold['inductor_s']:.2f} s, the Python script (bench/py_runner.py `cold`) "
              f"{cold['python_s']:.2f} s ({cold['inductor_s'] / cold['python_s']:.2f}x)."]
    sc = res.get("scaling")
    if sc:
        L += ["", "Throughput at batch 1 with OMP_NUM_THREADS=1: `inductor bench --threads 2 "
              "--runners 2` against `--threads 1 --runners 1`: " + "; ".join(
                  f"{m} {v['two']:.1f}/s vs {v['one']:.1f}/s ({v['ratio']:.2f}x)"
                  for m, v in sc.items()) + "."]
    L += ["", "Where inductor is slower than ONNX Runtime, the profile is in "
          "docs/bench.md (\"Where inductor misses ONNX Runtime: profiles\")."]
    imgs = res.get("images", {})
    if imgs:
        L += ["", "Latency distribution per runner (`inductor bench --export-times` and the "
              "other runners' per-call times) and the medians side by side:", ""]
        for m, files in imgs.items():
            L += [f"![{m}: {k}]({img_rel}/{os.path.basename(f)})" for k, f in files.items()]
    return L


def target_rows(res):
    """(target, measured, ok) rows for the Targets table."""
    rows, by = [], {}
    for c in res.get("cells", {}).values():
        by.setdefault((c["model"], c["batch"]), []).append(c)
    for (m, b), cs in by.items():
        ratios = []
        for c in sorted(cs, key=lambda c: c["threads"]):
            i, o = (c.get("median_ms", {}).get(k) for k in ("inductor", "ort"))
            ratios.append((c["threads"], i / o if i and o else None))
        shown = ", ".join(f"{t} thread{'s' if t > 1 else ''}: "
                          + ("n/a" if v is None else f"{v:.2f}x") for t, v in ratios)
        rows.append((f"{m}, batch {b}: inductor at or below ONNX Runtime", shown,
                     all(v is not None and v <= 1.0 for _, v in ratios)))
    cold = res.get("cold")
    if cold:
        v = cold["inductor_s"] / cold["python_s"]
        rows.append(("ResNet-50 cold start <= 0.15x the Python script's", f"{v:.2f}x", v <= 0.15))
    else:
        rows.append(("ResNet-50 cold start <= 0.15x the Python script's", "n/a", False))
    sc = res.get("scaling")
    if sc:
        best = max(sc, key=lambda m: sc[m]["ratio"])
        rows.append(("2 runners on 2 cores >= 1.6x the throughput of 1 (ResNet-50 or BERT)",
                     ", ".join(f"{m} {v['ratio']:.2f}x" for m, v in sc.items()),
                     sc[best]["ratio"] >= 1.6))
    else:
        rows.append(("2 runners on 2 cores >= 1.6x the throughput of 1 (ResNet-50 or BERT)",
                     "n/a", False))
    return rows


def add_args(p):
    """The options run_bench.py shares with this script."""
    p.add_argument("--real-models", default=",".join(real_models.MODELS),
                   help="comma-separated real models ('' for none)")
    p.add_argument("--real-seconds", type=float, default=3.0,
                   help="timed seconds per runner per cell, over all rounds")
    p.add_argument("--real-rounds", type=int, default=1)
    p.add_argument("--real-runners", default=",".join(RUNNERS))
    p.add_argument("--deps-path", default="",
                   help="pip --target directory for transformers, matplotlib (and ONNX Runtime)")
    p.add_argument("--img-dir", default="", help="where the PNGs go ('' for none)")


def options(a):
    """run_bench.py's parsed arguments -> this module's."""
    return argparse.Namespace(
        inductor=a.inductor, floor=a.floor, python=a.python, srcdir=a.srcdir,
        workdir=a.workdir, onnx_path=a.onnx_path,
        deps_path=os.path.abspath(a.deps_path or os.path.join(a.workdir, "deps")),
        models=[m for m in a.real_models.split(",") if m],
        runners=[r for r in a.real_runners.split(",") if r],
        seconds=a.real_seconds, rounds=max(1, a.real_rounds), img_dir=a.img_dir,
        cold_repeats=3, scaling_seconds=4.0, export_timeout=1800, load_timeout=300)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inductor", required=True)
    p.add_argument("--floor", required=True)
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--srcdir", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--onnx-path", default="")
    p.add_argument("--output", required=True, help="results JSON")
    add_args(p)
    a = p.parse_args()
    o = options(a)
    bad = [r for r in o.runners if r not in RUNNERS] + \
        [m for m in o.models if m not in real_models.MODELS]
    if bad:
        p.error(f"unknown runner or model: {', '.join(bad)}")
    env = dict(os.environ, INDUCTOR_CACHE_DIR=os.path.join(a.workdir, "cache"))
    res = RealBench(o, env).run()
    with open(a.output, "w") as f:
        json.dump(res, f, indent=1)
    print("\n".join(markdown(res)))
    for t, m, ok in target_rows(res):
        print(f"| {t} | {m} | {'met' if ok else '**missed**'} |")


if __name__ == "__main__":
    main()

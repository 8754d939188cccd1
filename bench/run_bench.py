#!/usr/bin/env python3
"""`make bench`: measure inductor against Python's AOTInductor runner, a
C++ floor and ONNX Runtime on this machine, side by side in one run, and
write docs/benchmarks.md.  Every number is the median of --repeats runs;
ratios are against the first column of their table.
"""
import argparse
import datetime
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import real_bench  # noqa: E402 - the real models' part of the report
MODELS = {  # name: input dims (batch 1), as export_aot.py's example input
    "demo_cnn": "1,3,32,32",
    "mlp": "1,64",
    "transformer": "1,16,32",
}


def log(msg):
    print(f"bench: {msg}", file=sys.stderr, flush=True)


def run(cmd, env=None, check=True):
    """Runs cmd; returns (stdout, wall seconds); raises if it fails."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                         env=env, text=True)
    out, err = p.communicate()
    wall = time.perf_counter() - t0
    if check and p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode}): {err.strip()[-500:]}")
    return out, wall


def rss_of(cmd, env=None):
    """Wall seconds and peak RSS bytes of one child, from wait4()."""
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.DEVNULL, env=env)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.perf_counter() - t0
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed ({p.returncode})")
    return wall, ru.ru_maxrss * 1024


def median_of(fn, repeats):
    return statistics.median(fn() for _ in range(repeats))


def fmt_ms(v):
    return "n/a" if v is None else (f"{v:.4f}" if v < 1 else f"{v:.1f}" if v >= 100 else f"{v:.2f}")


def ratio(v, base):
    return "" if v is None or not base else f" ({v / base:.2f}x)"


class Bench:
    def __init__(self, a):
        self.a = a
        self.work = a.workdir
        self.env = dict(os.environ)
        self.env["INDUCTOR_CACHE_DIR"] = os.path.join(self.work, "cache")
        self.ort_env = dict(self.env)
        if a.onnx_path:
            self.ort_env["PYTHONPATH"] = a.onnx_path + os.pathsep + self.env.get("PYTHONPATH", "")
        self.res = {}
        self.notes = []

    def py(self, *args):
        return [self.a.python, *args]

    # ---- exports -----------------------------------------------------
    def export(self):
        for m in MODELS:
            pkg = os.path.join(self.work, f"{m}.pt2")
            if not os.path.exists(pkg):
                log(f"exporting {m}")
                run(self.py(os.path.join(self.a.srcdir, "python/scripts/export_aot.py"),
                            "--model", m, "--output", pkg, "--example-input",
                            os.path.join(self.work, f"{m}.json")))
            onnx = os.path.join(self.work, f"{m}.onnx")
            if not os.path.exists(onnx):
                try:
                    run(self.py(os.path.join(self.a.srcdir, "python/scripts/export_onnx.py"),
                                "--model", m, "--output", onnx), env=self.ort_env)
                except RuntimeError as e:
                    self.notes.append(f"ONNX export of {m} failed: {e}")

    # ---- (a) cold start and (e) peak RSS ------------------------------
    def cold(self):
        out = {}
        for m in MODELS:
            pkg, inp = (os.path.join(self.work, f"{m}.{x}") for x in ("pt2", "json"))
            o = os.path.join(self.work, "out.json")
            ind = [self.a.inductor, "infer", "--model", pkg, "--input", inp, "--output", o]
            pyc = self.py(os.path.join(HERE, "py_runner.py"), "cold", pkg, inp, o)
            rss_of(ind, self.env)  # the cache entry exists from here on
            ti = [rss_of(ind, self.env) for _ in range(self.a.repeats)]
            tp = [rss_of(pyc, self.env) for _ in range(self.a.repeats)]
            out[m] = {k: statistics.median(x[i] for x in v) for k, v, i in (
                ("inductor_s", ti, 0), ("python_s", tp, 0),
                ("inductor_rss", ti, 1), ("python_rss", tp, 1))}
            log(f"cold {m}: {out[m]}")
        self.res["cold"] = out

    # ---- (g) start-up of what runs no model, and infer's cold start -----
    def startup(self):
        """Wall time of commands that run no model (libtorch is not loaded
        any more), and of a whole `infer`, for this build and, with
        --baseline, the build it is compared with, interleaved run by run."""
        pkg, inp = (os.path.join(self.work, f"mlp.{x}") for x in ("pt2", "json"))
        o = os.path.join(self.work, "out.json")
        env = dict(self.env, MODELS_DIR=self.work)
        cmds = {"--help": ["--help"], "usage error": ["infer", "--no-such-option"],
                "info": ["info", "--model", pkg], "models": ["models"],
                "infer (cold start)": ["infer", "--model", pkg, "--input", inp, "--output", o]}
        builds = {"this build": self.a.installed or self.a.inductor}
        if self.a.baseline:
            builds["baseline"] = self.a.baseline
        for exe in builds.values():  # fills the cache, warms the page cache
            run([exe] + cmds["infer (cold start)"], env)
        times = {b: {c: [] for c in cmds} for b in builds}
        for _ in range(self.a.startup_repeats):
            for c, args in cmds.items():
                for b, exe in builds.items():
                    t0 = time.perf_counter()
                    subprocess.run([exe] + args, env=env, stdout=subprocess.DEVNULL,
                                   stderr=subprocess.DEVNULL, check=False)
                    times[b][c].append((time.perf_counter() - t0) * 1e3)
        self.res["startup"] = {b: {c: statistics.median(v) for c, v in t.items()}
                               for b, t in times.items()}
        log(f"startup: {self.res['startup']}")

    # ---- (b) steady state and (c) ONNX Runtime ------------------------
    def steady(self):
        out, it, wu = {}, str(self.a.iterations), "100"
        for m, dims in MODELS.items():
            pkg = os.path.join(self.work, f"{m}.pt2")
            onnx = os.path.join(self.work, f"{m}.onnx")
            r = {}
            def ind():
                o, _ = run([self.a.inductor, "bench", "--model", pkg, "--random",
                            "--warmup", wu, "--iterations", it, "--json"], self.env)
                return json.loads(o)["latency_ms"]["p50"]
            r["inductor"] = median_of(ind, self.a.repeats)
            r["floor"] = median_of(lambda: json.loads(run(
                [self.a.floor, pkg, wu, it, dims], self.env)[0])["p50_ms"], self.a.repeats)
            r["python"] = median_of(lambda: json.loads(run(self.py(
                os.path.join(HERE, "py_runner.py"), "loop", pkg, wu, it, dims),
                self.env)[0])["p50_ms"], self.a.repeats)
            r["ort"] = None
            if os.path.exists(onnx):
                try:
                    r["ort"] = median_of(lambda: json.loads(run(self.py(
                        os.path.join(HERE, "ort_runner.py"), onnx, wu, it, dims),
                        self.ort_env)[0])["p50_ms"], self.a.repeats)
                except RuntimeError as e:
                    self.notes.append(f"ONNX Runtime on {m}: {e}")
            out[m] = r
            log(f"steady {m}: {r}")
        self.res["steady"] = out

    # ---- (d) input decoding -------------------------------------------
    def decode(self):
        j = os.path.join(self.work, "img.json")
        n = os.path.join(self.work, "img.npy")
        run(self.py("-c", "import json, numpy as np, sys\n"
                    "x = np.random.default_rng(0).standard_normal((1, 3, 224, 224), dtype=np.float32)\n"
                    "np.save(sys.argv[2], x)\n"
                    "json.dump({'data': x.ravel().tolist(), 'shape': list(x.shape)}, open(sys.argv[1], 'w'))",
                    j, n))
        reps = str(max(5, self.a.repeats * 4))
        c = json.loads(run([self.a.decode, j, n, reps])[0])
        p = json.loads(run(self.py(os.path.join(HERE, "py_runner.py"), "decode", j, n, reps),
                           self.env)[0])
        self.res["decode"] = {"c": c, "py": p, "json_bytes": os.path.getsize(j)}
        log(f"decode: {self.res['decode']}")

    # ---- (f) a package with ~200 MB of weights ------------------------
    def big(self):
        pkg = os.path.join(self.work, "big.pt2")
        if not os.path.exists(pkg):
            log("exporting the ~200 MB package (this takes a while)")
            run(self.py("-c", BIG_EXPORT, pkg))
        cache = os.path.join(self.work, "bigcache")
        env = dict(self.env, INDUCTOR_CACHE_DIR=cache)
        # Exported without inductor's metadata: --random needs dtype and shape.
        cmd = [self.a.inductor, "bench", "--model", pkg, "--random", "--dtype",
               "float32", "--shape", "1,7168", "--warmup", "0", "--iterations", "1",
               "--json"]
        first, again, nocache = [], [], []
        for _ in range(self.a.repeats):
            subprocess.run(["rm", "-rf", cache], check=True)
            first.append(json.loads(run(cmd, env)[0])["load"])
            again.append(json.loads(run(cmd, env)[0])["load"])
            nocache.append(json.loads(run(cmd, dict(env, INDUCTOR_NO_CACHE="1"))[0])["load"])
        med = lambda L, k: statistics.median(x[k] for x in L)
        keys = ("read_ms", "extract_ms", "load_ms", "first_run_ms", "total_ms")
        pyload = median_of(lambda: float(run(self.py("-c", PY_LOAD, pkg), self.env)[0]),
                           self.a.repeats)
        self.res["big"] = {"size": os.path.getsize(pkg),
                           "first": {k: med(first, k) for k in keys},
                           "again": {k: med(again, k) for k in keys},
                           "nocache": {k: med(nocache, k) for k in keys},
                           "hit": all(x["cache_hit"] for x in again),
                           "python_ms": pyload}
        log(f"big: {self.res['big']}")

    # ---- which libgomp ------------------------------------------------
    def gomp(self):
        pkg = os.path.join(self.work, "mlp.pt2")
        env = dict(self.env, LD_DEBUG="libs")
        p = subprocess.run([self.a.inductor, "bench", "--model", pkg, "--random",
                            "--iterations", "1"], env=env, capture_output=True, text=True)
        libs = sorted(set(re.findall(r"calling init: (\S*gomp\S*)", p.stderr)))
        self.res["gomp"] = libs


BIG_EXPORT = r"""
import sys, torch
class Big(torch.nn.Module):
    # 7168 x 7168 float32 = 196 MiB of weights, one matmul.
    def __init__(self):
        super().__init__()
        self.fc = torch.nn.Linear(7168, 7168, bias=False)
    def forward(self, x):
        return (self.fc(x),)
torch.manual_seed(0)
m = Big().eval()
x = torch.randn(1, 7168)
with torch.no_grad():
    ep = torch.export.export(m, (x,))
torch._inductor.aoti_compile_and_package(ep, package_path=sys.argv[1])
"""

PY_LOAD = r"""
import sys, time
t0 = time.perf_counter()
import torch
t1 = time.perf_counter()
m = torch._inductor.aoti_load_package(sys.argv[1])
print((time.perf_counter() - t1) * 1e3)
"""


def machine():
    cpu = "unknown"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return cpu, os.cpu_count()


def verdict(ok):
    return "met" if ok else "**missed**"


def report(b, a, versions):
    r, L = b.res, []
    cpu, cores = machine()
    L += ["# inductor benchmarks", "",
          "Generated by `make bench` (bench/run_bench.py); do not edit by hand.", "",
          f"- Machine: {cpu}, {cores} cores ({platform.machine()}, {platform.system()} {platform.release()})",
          f"- torch {versions['torch']}, ONNX Runtime {versions['ort']}, {versions['inductor']}",
          f"- Date: {datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC')}; "
          f"`make bench` took {(time.time() - a.started_at) / 60:.1f} min up to this report.",
          f"- Each number is the median of {a.repeats} runs (steady state: the median of "
          f"{a.repeats} runs' p50 over {a.iterations} calls after 100 warm-up calls); "
          "ratios are against the first column (other / first: below 1.00x the other is faster).",
          f"- Threads: defaults everywhere (OpenMP and ONNX Runtime use one thread per core). "
          f"libgomp loaded by `inductor`: {', '.join(r.get('gomp') or ['none'])}.", ""]
    c = r.get("cold", {})
    L += ["## (a) Cold start and (e) peak RSS", "",
          "Process start to outputs written: `inductor infer --input in.json --output out.json` "
          "vs a Python script doing the same with `torch._inductor.aoti_load_package` "
          "(bench/py_runner.py `cold`). inductor's extraction cache is warm (a previous run "
          "filled it), as for every run after the first.", "",
          "| model | inductor (s) | Python (s) | inductor RSS (MiB) | Python RSS (MiB) |",
          "| --- | --- | --- | --- | --- |"]
    for m, v in c.items():
        L.append(f"| {m} | {v['inductor_s']:.3f} | {v['python_s']:.3f}{ratio(v['python_s'], v['inductor_s'])} "
                 f"| {v['inductor_rss'] / 2**20:.0f} | {v['python_rss'] / 2**20:.0f}{ratio(v['python_rss'], v['inductor_rss'])} |")
    s = r.get("steady", {})
    L += ["", "## (b) Steady-state per-call latency and (c) ONNX Runtime", "",
          "Median per-call latency in ms, batch 1: `inductor bench` (input checks, output "
          "copies into inductor tensors included) vs the C++ floor (bench/floor.cpp: "
          "`AOTIModelPackageLoader::run` in a loop) vs Python's runner in a loop vs the "
          "same model exported to ONNX (python/scripts/export_onnx.py) on ONNX Runtime.", "",
          "| model | inductor | C++ floor | Python runner | ONNX Runtime |",
          "| --- | --- | --- | --- | --- |"]
    for m, v in s.items():
        base = v["inductor"]
        L.append(f"| {m} | {fmt_ms(base)} | {fmt_ms(v['floor'])}{ratio(v['floor'], base)} "
                 f"| {fmt_ms(v['python'])}{ratio(v['python'], base)} | {fmt_ms(v['ort'])}{ratio(v['ort'], base)} |")
    d = r.get("decode")
    if d is None:
        d = {"c": {"json_ms": None, "npy_ms": None, "memcpy_ms": None},
             "py": {"json_ms": None, "npy_ms": None}, "json_bytes": 0}
    L += ["", "## (d) Input decoding, 1x3x224x224 float32", "",
          f"From bytes in memory to a tensor, median ms (JSON file: {d['json_bytes'] / 2**20:.1f} MiB). "
          "inductor: bench/decode.c over src/cli/tensor_json.c and npy.c; Python: "
          "`json.loads` + `torch.tensor`, and `numpy.load` + `torch.from_numpy`.", "",
          "| format | inductor | Python | memcpy of the data |", "| --- | --- | --- | --- |",
          f"| JSON | {fmt_ms(d['c']['json_ms'])} | {fmt_ms(d['py']['json_ms'])}{ratio(d['py']['json_ms'], d['c']['json_ms'])} | |",
          f"| .npy | {fmt_ms(d['c']['npy_ms'])} | {fmt_ms(d['py']['npy_ms'])}{ratio(d['py']['npy_ms'], d['c']['npy_ms'])} "
          f"| {fmt_ms(d['c']['memcpy_ms'])}{ratio(d['c']['memcpy_ms'], d['c']['npy_ms'])} |"]
    L += startup_report(r.get("startup"), a)
    g = r.get("big")
    if g is None:
        L += serve_section(r)
        L += real_bench.markdown(r["real"]) if r.get("real") else []
        L += targets(r)
        L += ["", "## Notes", ""] + [f"- {n}" for n in b.notes]
        return "\n".join(L) + "\n"
    L += ["", f"## (f) Loading a package with {g['size'] / 2**20:.0f} MiB of weights", "",
          "Load stages in ms from `inductor bench --json` (`load`): first load into an empty "
          "extraction cache, the repeated load (a cache hit), and with `INDUCTOR_NO_CACHE=1` "
          "(the package is extracted into a private temporary directory on every load, as "
          "Python's loader does into /tmp).", "",
          "| load | archive read | extraction | library load | first run | total |",
          "| --- | --- | --- | --- | --- | --- |"]
    for k, name in (("first", "first (cache miss)"), ("again", "repeated (cache hit)"),
                    ("nocache", "no cache")):
        v = g[k]
        L.append(f"| {name} | {fmt_ms(v['read_ms'])} | {fmt_ms(v['extract_ms'])} | "
                 f"{fmt_ms(v['load_ms'])} | {fmt_ms(v['first_run_ms'])} | {fmt_ms(v['total_ms'])}"
                 f"{ratio(v['total_ms'], g['first']['total_ms'])} |")
    L.append(f"| Python `aoti_load_package` (load only) | | | | | {fmt_ms(g['python_ms'])}"
             f"{ratio(g['python_ms'], g['first']['total_ms'])} |")
    L += ["", "Why a cache hit is not much faster (perf record of the repeated load, torch "
          "2.13): \"library load\" is libtorch's start-up (the backend module, as for every "
          "first model of a process) plus AOTInductor's CPU runtime copying every constant "
          "out of the model library into a buffer of its own (`load_constants()` -> "
          "`constant_ptr(skip_copy=false)` in aoti_runtime/model_base.h: `memcpy` and its "
          "page faults under `AOTInductorModelContainer`'s constructor). It copies for "
          "weights in the .so, for `aot_inductor.force_mmap_weights` (measured: the same "
          "load time; strace shows the mmapped weights copied into a 196 MiB anonymous "
          "buffer) and for `package_constants_on_disk_format=\"binary_blob\"` alike; "
          "`package_constants_in_so=False` alone leaves the weights out of the package. "
          "Only handing AOTInductor user-managed constants "
          "(`update_constant_buffer(..., user_managed=true)`) over an mmap of the weights "
          "would avoid the copy, and frozen CPU packages hold oneDNN-layout constants that "
          "a plain tensor over the mapping cannot describe."]
    L += serve_section(r)
    L += real_bench.markdown(r["real"]) if r.get("real") else []
    L += targets(r)
    if b.notes:
        L += ["", "## Notes", ""] + [f"- {n}" for n in b.notes]
    return "\n".join(L) + "\n"


def startup_report(st, a):
    if not st:
        return []
    L = ["", "## (g) Start-up: commands that run no model, and infer's cold start", "",
         f"Wall time in ms, median of {a.startup_repeats} runs, of the relocatable bundle's "
         "program (`make bundle`, no libtool wrapper script). libinductor loads "
         "no libtorch: only `infer` loads the backend module, and libtorch with it."]
    if "baseline" in st:
        L += [f"The baseline is `{a.baseline}`, run interleaved with this build, command by command."]
    cols = list(st)
    L += ["", "| command | " + " | ".join(cols) + " |", "| --- |" + " --- |" * len(cols)]
    for c in st[cols[0]]:
        base = st[cols[0]][c]
        cells = [fmt_ms(base)] + [f"{fmt_ms(st[b][c])}{ratio(st[b][c], base)}" for b in cols[1:]]
        L.append(f"| {c} | " + " | ".join(cells) + " |")
    return L


def serve_section(r):
    """The serving comparison written by bench/serve_bench.py, if it ran."""
    sv = r.get("serve")
    return ["", *sv["markdown"]] if sv and sv.get("markdown") else []


def serve_rows(r):
    sv = r.get("serve") or {}
    return [f"| {t} | {m} | {verdict(ok)} |" for t, m, ok in sv.get("targets", [])]


def real_rows(r):
    real = r.get("real")
    return [f"| {t} | {m} | {verdict(ok)} |" for t, m, ok in
            (real_bench.target_rows(real) if real else [])]


def targets(r):
    try:
        return _targets(r) + serve_rows(r) + real_rows(r)
    except (KeyError, TypeError, ZeroDivisionError) as e:
        L = ["", "## Targets", "", f"Not all measured ({e!r}): see the notes."]
        rows = serve_rows(r) + real_rows(r)
        return L + (["", "| target | measured | verdict |", "| --- | --- | --- |"] + rows
                    if rows else [])


def _targets(r):
    s, c, d, g = r["steady"], r["cold"], r["decode"], r["big"]
    mlp = s["mlp"]
    over = mlp["inductor"] / mlp["floor"]
    cold = max(v["inductor_s"] / v["python_s"] for v in c.values())
    jr = d["c"]["json_ms"] / d["py"]["json_ms"]
    nr = d["c"]["npy_ms"] / d["c"]["memcpy_ms"] if d["c"]["memcpy_ms"] else float("inf")
    rep = g["again"]["total_ms"] / g["first"]["total_ms"]
    ort = {m: (v["inductor"] / v["ort"] if v["ort"] else None) for m, v in s.items()}
    rows = [
        ("per-call overhead on the MLP <= 1.05x the C++ floor", f"{over:.2f}x", over <= 1.05),
        ("cold start <= 0.25x the Python script (worst model)", f"{cold:.2f}x", cold <= 0.25),
        ("repeated load of the big package <= 0.25x the first (see (f))", f"{rep:.2f}x", rep <= 0.25),
        ("JSON decoding <= 0.5x Python's", f"{jr:.2f}x", jr <= 0.5),
        (".npy decoding close to a memory copy (<= 2x)", f"{nr:.2f}x", nr <= 2.0),
    ]
    st = r.get("startup", {}).get("this build")
    if st:
        worst = max(st[c] for c in ("--help", "usage error", "info", "models"))
        rows.append(("--help, a usage error, info and models under 20 ms (slowest)",
                     f"{worst:.1f} ms", worst < 20))
        old = r["startup"].get("baseline")
        if old:
            cs = st["infer (cold start)"] / old["infer (cold start)"]
            rows.append(("infer cold start no slower than the baseline build (5% noise allowed)",
                         f"{cs:.2f}x", cs <= 1.05))
    for m, v in ort.items():
        if v is not None:
            rows.append((f"{m}: inductor at least as fast as ONNX Runtime", f"{v:.2f}x", v <= 1.0))
    L = ["", "## Targets", "", "| target | measured | verdict |", "| --- | --- | --- |"]
    L += [f"| {t} | {m} | {verdict(ok)} |" for t, m, ok in rows]
    return L


def versions(a, b):
    torch_v = run([a.python, "-c", "import torch; print(torch.__version__)"])[0].strip()
    try:
        ort_v = run([a.python, "-c", "import onnxruntime; print(onnxruntime.__version__)"],
                    env=b.ort_env)[0].strip()
    except RuntimeError:
        ort_v = "not installed"
    ind = run([a.inductor, "--version"])[0].split("\n")[0]
    return {"torch": torch_v, "ort": ort_v, "inductor": ind}


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inductor", required=True)
    p.add_argument("--floor", required=True)
    p.add_argument("--decode", required=True)
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--srcdir", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--onnx-path", default="", help="PYTHONPATH entry holding onnx and onnxruntime")
    p.add_argument("--output", required=True)
    p.add_argument("--repeats", type=int, default=5)
    p.add_argument("--iterations", type=int, default=2000)
    p.add_argument("--installed", default="", help="this build's program outside the build tree, for start-up")
    p.add_argument("--baseline", default="", help="another inductor program to time start-up against")
    p.add_argument("--startup-repeats", type=int, default=21)
    p.add_argument("--serve-results", default="",
                   help="bench/serve_bench.py's JSON result, put into the report when present")
    p.add_argument("--started", type=float, default=None,
                   help="when `make bench` started (seconds since the epoch), for the total time")
    real_bench.add_args(p)
    a = p.parse_args()
    started = a.started_at = a.started or time.time()
    os.makedirs(a.workdir, exist_ok=True)
    b = Bench(a)
    b.export()
    for step in (b.gomp, b.startup, b.steady, b.cold, b.decode, b.big):
        try:
            step()
        except Exception as e:  # noqa: BLE001 - the report says what failed
            b.notes.append(f"{step.__name__} not measured: {e}")
            log(f"{step.__name__} failed: {e}")
    if a.real_models:
        b.res["real"] = real_bench.RealBench(real_bench.options(a), b.env).run()
        b.notes += b.res["real"]["notes"]
    if a.serve_results and os.path.exists(a.serve_results):
        with open(a.serve_results) as f:
            b.res["serve"] = json.load(f)
        b.notes += b.res["serve"].get("notes", [])
    elif a.serve_results:
        b.notes.append(f"serving not measured: {a.serve_results} was not written")
    text = report(b, a, versions(a, b))
    tmp = a.output + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, a.output)
    with open(os.path.join(a.workdir, "results.json"), "w") as f:
        json.dump(b.res, f, indent=1)
    log(f"wrote {a.output}")
    log(f"total time: {time.time() - started:.0f} s "
        f"(real models: {b.res.get('real', {}).get('wall_s', 0):.0f} s)")


if __name__ == "__main__":
    main()

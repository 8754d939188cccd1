#!/usr/bin/env python3
"""`make bench`'s serving step (issue 12): `inductor serve` side by side
with KServe's own Python model server (bench/kserve_model.py: a
kserve.Model over torch._inductor.aoti_load_package) and with `inductor
bench` in-process, on the same models, with the same client
(bench/http_load.py), in one run.  Measures start to ready, latency p50/p99
and throughput at concurrency 1 and 4 with JSON and binary tensors, and RSS
at idle with one model loaded.  Writes a JSON result (with a markdown
section and the target rows) that bench/run_bench.py puts into
docs/benchmarks.md.

KServe is installed, if its directory does not import it yet, with
`PYTHON -m pip install --target KSERVE_PATH kserve==0.21.*`: never into
the environment itself.  Without it (no network, ...) the inductor columns
are still measured and the notes say why KServe's are not.
"""
import argparse
import json
import os
import signal
import socket
import statistics
import struct
import subprocess
import sys
import time
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import http_load  # noqa: E402

KSERVE_SPEC = "kserve==0.21.*"
MODELS = {"mlp": "1,64", "demo_cnn": "1,3,32,32", "transformer": "1,16,32"}
V2 = {"float32": ("FP32", "f"), "float64": ("FP64", "d"), "int64": ("INT64", "q"),
      "int32": ("INT32", "i")}


def log(msg):
    print(f"bench: serve: {msg}", file=sys.stderr, flush=True)


def last_line(text):
    """The last line of an error output: one line in the report."""
    lines = text.strip().splitlines()
    return lines[-1][-300:] if lines else "(no message)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def tree_rss(pid):
    """VmRSS in bytes of pid and every process below it."""
    kids = {}
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                kids.setdefault(ppid, []).append(int(d))
            except (OSError, ValueError, IndexError):
                pass
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        todo += kids.get(p, [])
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
        except OSError:
            pass
    return total


class Server:
    """One server process: spawned, timed to its first 200 on
    /v2/health/ready, stopped with SIGTERM (then SIGKILL)."""

    def __init__(self, cmd, port, env, logpath):
        self.port = port
        self.logf = open(logpath, "wb")
        self.t0 = time.perf_counter()
        self.p = subprocess.Popen(cmd, env=env, stdout=self.logf,
                                  stderr=subprocess.STDOUT, start_new_session=True)

    def wait_ready(self, timeout=180):
        url = f"http://127.0.0.1:{self.port}/v2/health/ready"
        while time.perf_counter() - self.t0 < timeout:
            if self.p.poll() is not None:
                raise RuntimeError(f"server exited ({self.p.returncode}) before ready; "
                                   f"see {self.logf.name}")
            try:
                with urllib.request.urlopen(url, timeout=1) as r:
                    if r.status == 200:
                        return time.perf_counter() - self.t0
            except OSError:
                pass
            time.sleep(0.005)
        raise RuntimeError(f"server not ready after {timeout} s; see {self.logf.name}")

    def stop(self):
        if self.p.poll() is None:
            os.killpg(self.p.pid, signal.SIGTERM)
            try:
                self.p.wait(30)
            except subprocess.TimeoutExpired:
                os.killpg(self.p.pid, signal.SIGKILL)
                self.p.wait()
        self.logf.close()


def records(path):
    """The example input written by export_aot.py: [(dtype, shape, data)]."""
    with open(path) as f:
        doc = json.load(f)
    items = doc["inputs"] if "inputs" in doc else doc if isinstance(doc, list) else [doc]
    return [(r.get("dtype", "float32"), r["shape"], r["data"]) for r in items]


def request(model, names, recs, binary):
    """The whole HTTP request, prepared once: v2 JSON, or the binary tensor
    extension (JSON header, then the raw tensors; outputs binary too)."""
    if not binary:
        body = json.dumps({"inputs": [
            {"name": n, "datatype": V2[dt][0], "shape": sh, "data": d}
            for n, (dt, sh, d) in zip(names, recs)]}).encode()
        extra = b"Content-Type: application/json\r\n"
    else:
        raws = [struct.pack(f"<{len(d)}{V2[dt][1]}", *d) for dt, sh, d in recs]
        head = json.dumps({"inputs": [
            {"name": n, "datatype": V2[dt][0], "shape": sh,
             "parameters": {"binary_data_size": len(raw)}}
            for n, (dt, sh, d), raw in zip(names, recs, raws)],
            "parameters": {"binary_data_output": True}}).encode()
        body = head + b"".join(raws)
        extra = (b"Content-Type: application/octet-stream\r\n"
                 b"Inference-Header-Content-Length: %d\r\n" % len(head))
    return (b"POST /v2/models/%s/infer HTTP/1.1\r\nHost: 127.0.0.1\r\n" % model.encode()
            + extra + b"Content-Length: %d\r\n\r\n" % len(body) + body)


def first_output(body, binary):
    """The first output's values, from a JSON or binary answer."""
    if not binary:
        return json.loads(body)["outputs"][0]["data"]
    # latin-1 maps byte to character one to one: the end of the JSON header
    # is the offset of the binary data.
    head, end = json.JSONDecoder().raw_decode(body.decode("latin-1"))
    n = head["outputs"][0]["parameters"]["binary_data_size"]
    return list(struct.unpack(f"<{n // 4}f", body[end:end + n]))


class ServeBench:
    def __init__(self, a):
        self.a = a
        self.work = a.workdir
        self.env = dict(os.environ, INDUCTOR_CACHE_DIR=os.path.join(self.work, "cache"),
                        OMP_NUM_THREADS=str(a.omp_threads))
        self.models = [m for m in a.models.split(",") if m]
        self.res = {"models": self.models, "seconds": a.seconds,
                    "omp_threads": a.omp_threads, "runners": a.runners}
        self.notes = []
        self.kserve_ok = False

    def py(self, *args):
        return [self.a.python, *args]

    def export(self):
        # The same files as run_bench.py's exports: made once, shared.
        for m in self.models:
            pkg = os.path.join(self.work, f"{m}.pt2")
            if not os.path.exists(pkg):
                log(f"exporting {m}")
                subprocess.run(self.py(os.path.join(self.a.srcdir, "python/scripts/export_aot.py"),
                                       "--model", m, "--output", pkg, "--example-input",
                                       os.path.join(self.work, f"{m}.json")),
                               check=True, stdout=subprocess.DEVNULL)

    def install_kserve(self):
        path = self.a.kserve_path
        probe = self.py("-c", f"import sys; sys.path.append({path!r}); import kserve, torch; "
                        "from importlib.metadata import version; print(version('kserve'))")
        r = subprocess.run(probe, capture_output=True, text=True)
        if r.returncode != 0:
            log(f"installing {KSERVE_SPEC} into {path}")
            inst = subprocess.run(self.py("-m", "pip", "install", "--quiet", "--target", path,
                                          KSERVE_SPEC), capture_output=True, text=True)
            if inst.returncode != 0:
                self.notes.append(f"KServe not measured: pip install --target {path} "
                                  f"{KSERVE_SPEC} failed: {last_line(inst.stderr)}")
                return
            r = subprocess.run(probe, capture_output=True, text=True)
        if r.returncode != 0:
            self.notes.append(f"KServe not measured: it does not import: {last_line(r.stderr)}")
            return
        self.res["kserve_version"] = r.stdout.strip()
        self.kserve_ok = True

    def spawn(self, kind, models, tag):
        port = free_port()
        pkgs = [(m, os.path.join(self.work, f"{m}.pt2")) for m in models]
        if kind == "inductor":
            cmd = [self.a.inductor, "serve", "--host", "127.0.0.1", "--port", str(port),
                   "--runners", str(self.a.runners)]
            for m, p in pkgs:
                cmd += ["--model", f"{m}={p}"]
        else:
            cmd = self.py(os.path.join(HERE, "kserve_model.py"), self.a.kserve_path,
                          str(port)) + [f"{m}={p}" for m, p in pkgs]
        return Server(cmd, port, self.env, os.path.join(self.work, f"serve-{kind}-{tag}.log"))

    def kinds(self):
        return ["inductor"] + (["kserve"] if self.kserve_ok else [])

    # ---- start to ready, and RSS at idle, with one model -----------------
    def startup(self):
        m = self.models[0]
        out = {}
        for k in self.kinds():
            ready, rss = [], []
            for i in range(self.a.start_repeats):
                s = self.spawn(k, [m], f"start{i}")
                try:
                    ready.append(s.wait_ready())
                    time.sleep(self.a.idle_seconds)  # idle: nothing asked yet
                    rss.append(tree_rss(s.p.pid))
                finally:
                    s.stop()
            out[k] = {"ready_s": statistics.median(ready), "ready_all_s": ready,
                      "idle_rss": statistics.median(rss)}
            log(f"start {k}: {out[k]}")
        self.res["startup"] = {"model": m, **out}

    # ---- latency and throughput -----------------------------------------
    def load(self):
        servers = {}
        out = {}
        try:
            for k in self.kinds():
                servers[k] = self.spawn(k, self.models, "load")
                servers[k].wait_ready()
            for m in self.models:
                recs = records(os.path.join(self.work, f"{m}.json"))
                meta = json.load(urllib.request.urlopen(
                    f"http://127.0.0.1:{servers['inductor'].port}/v2/models/{m}"))
                names = [i["name"] for i in meta["inputs"]]
                for binary in (False, True):
                    fmt = "binary" if binary else "json"
                    req = request(m, names, recs, binary)
                    path = os.path.join(self.work, f"req-{m}-{fmt}.http")
                    with open(path, "wb") as f:
                        f.write(req)
                    answers = {}
                    for k, s in servers.items():
                        st, body = http_load.one_call(s.port, req)
                        if st != 200:
                            raise RuntimeError(f"{k} answered {st} to {m} {fmt}: {body[:200]!r}")
                        answers[k] = first_output(body, binary)
                    if "kserve" in answers and max(
                            abs(x - y) for x, y in zip(answers["inductor"], answers["kserve"])) > 1e-4:
                        self.notes.append(f"{m} {fmt}: the servers' outputs differ")
                    for conc in (1, 4):
                        for k, s in servers.items():
                            r = subprocess.run(self.py(os.path.join(HERE, "http_load.py"),
                                                       str(s.port), path, str(conc),
                                                       str(self.a.seconds), str(self.a.warmup)),
                                               capture_output=True, text=True, check=True)
                            v = json.loads(r.stdout)
                            out.setdefault(m, {}).setdefault(fmt, {}).setdefault(str(conc), {})[k] = v
                            log(f"{m} {fmt} c={conc} {k}: {v}")
            for k, s in servers.items():
                out.setdefault("_rss_after", {})[k] = tree_rss(s.p.pid)
        finally:
            for s in servers.values():
                s.stop()
        self.res["load"] = out

    # ---- the same model in-process --------------------------------------
    def inprocess(self):
        out = {}
        for m in self.models:
            pkg = os.path.join(self.work, f"{m}.pt2")
            r = subprocess.run([self.a.inductor, "bench", "--model", pkg, "--random",
                                "--warmup", "100", "--iterations", str(self.a.iterations),
                                "--json"], env=self.env, capture_output=True, text=True,
                               check=True)
            v = json.loads(r.stdout)
            out[m] = {"p50_ms": v["latency_ms"]["p50"], "p99_ms": v["latency_ms"]["p99"],
                      "throughput_per_s": v["throughput_per_s"]}
            log(f"in-process {m}: {out[m]}")
        self.res["inprocess"] = out


def fmt(v, unit=""):
    if v is None:
        return "n/a"
    return (f"{v:.3f}" if v < 1 else f"{v:.2f}" if v < 100 else f"{v:.0f}") + unit


def verdict(ok):
    return "met" if ok else "**missed**"


def report(b):
    """Markdown section and target rows, from b.res."""
    r, a = b.res, b.a
    L = ["## (h) Serving: `inductor serve` vs KServe's Python model server", "",
         "Generated by bench/serve_bench.py (`make bench`). Both servers serve the same "
         "packages with the v2 REST protocol on a loopback port of their own: `inductor serve "
         f"--runners {r['runners']}`, and KServe {r.get('kserve_version', '(not installed)')}'s "
         "`ModelServer` (one worker, gRPC off, its default logging) with a `kserve.Model` whose "
         "load() calls `torch._inductor.aoti_load_package` (bench/kserve_model.py). "
         f"OMP_NUM_THREADS={r['omp_threads']} for both and for `inductor bench`. One client for "
         "both (bench/http_load.py): one process per concurrent client, each with one persistent HTTP/1.1 connection "
         "sending a prepared request back to back; binary is Triton's binary tensor extension "
         "(`Inference-Header-Content-Length`, binary inputs and outputs), which KServe supports "
         f"too. Each cell: {a.warmup} s warm-up, then {a.seconds} s timed; ratios are KServe / "
         "inductor.", ""]
    st = r.get("startup")
    if st:
        i, k = st.get("inductor"), st.get("kserve")
        L += [f"Start to ready (spawn to the first 200 on `/v2/health/ready`, median of "
              f"{a.start_repeats} starts) and RSS at idle ({a.idle_seconds} s after ready, "
              f"VmRSS of the process and its children), one model ({st['model']}):", "",
              "| | inductor serve | KServe |", "| --- | --- | --- |",
              f"| start to ready (s) | {fmt(i['ready_s'])} | "
              f"{fmt(k['ready_s']) if k else 'n/a'}{ratio(k and k['ready_s'], i['ready_s'])} |",
              f"| RSS at idle (MiB) | {fmt(i['idle_rss'] / 2**20)} | "
              f"{fmt(k['idle_rss'] / 2**20) if k else 'n/a'}"
              f"{ratio(k and k['idle_rss'], i['idle_rss'])} |", ""]
    ld, ip = r.get("load", {}), r.get("inprocess", {})
    if ld:
        L += ["Latency (ms) and throughput (requests/s), batch 1; in-process is "
              f"`inductor bench --iterations {a.iterations}` (p50 at one caller):", "",
              "| model | format | clients | inductor p50 / p99 | KServe p50 / p99 | "
              "inductor req/s | KServe req/s | in-process p50 |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
        for m in b.models:
            for f in ("json", "binary"):
                for c in ("1", "4"):
                    cell = ld.get(m, {}).get(f, {}).get(c, {})
                    i, k = cell.get("inductor", {}), cell.get("kserve")
                    ks = f"{fmt(k['p50_ms'])} / {fmt(k['p99_ms'])}" if k else "n/a"
                    kt = (f"{fmt(k['throughput_per_s'])}"
                          f"{ratio(i.get('throughput_per_s'), k['throughput_per_s'])}"
                          if k else "n/a")
                    L.append(f"| {m} | {f} | {c} | {fmt(i.get('p50_ms'))} / {fmt(i.get('p99_ms'))} "
                             f"| {ks} | {fmt(i.get('throughput_per_s'))} | {kt} | "
                             f"{fmt(ip.get(m, {}).get('p50_ms')) if c == '1' else ''} |")
        L += ["", "(req/s ratios here are inductor / KServe: the throughput goal's direction.)"]
    return L, targets(b)


def ratio(v, base):
    return f" ({v / base:.2f}x)" if v and base else ""


def targets(b):
    r, rows = b.res, []
    st = r.get("startup", {})
    if st.get("kserve"):
        x = st["inductor"]["ready_s"] / st["kserve"]["ready_s"]
        rows.append(("serve: start to ready <= 0.1x KServe's", f"{x:.3f}x", x <= 0.1))
        x = st["inductor"]["idle_rss"] / st["kserve"]["idle_rss"]
        rows.append(("serve: RSS at idle, one model, <= 0.5x KServe's", f"{x:.2f}x", x <= 0.5))
    ld, ip = r.get("load", {}), r.get("inprocess", {})
    small = [m for m in b.models if m in ("mlp", "demo_cnn")]
    worst = None
    for m in small:
        for f in ("json", "binary"):
            for c in ("1", "4"):
                cell = ld.get(m, {}).get(f, {}).get(c, {})
                if "kserve" in cell and cell["kserve"].get("throughput_per_s"):
                    x = cell["inductor"]["throughput_per_s"] / cell["kserve"]["throughput_per_s"]
                    if worst is None or x < worst[0]:
                        worst = (x, f"{m} {f} c={c}")
    if worst:
        rows.append(("serve: throughput >= 3x KServe's on the small models (worst cell)",
                     f"{worst[0]:.1f}x ({worst[1]})", worst[0] >= 3))
    for m in small:
        cell = ld.get(m, {}).get("binary", {}).get("1", {}).get("inductor")
        if cell and m in ip:
            d = cell["p50_ms"] - ip[m]["p50_ms"]
            rows.append((f"serve: {m} binary p50 within 0.3 ms of in-process",
                         f"+{d:.3f} ms", d <= 0.3))
    return [[t, m, ok] for t, m, ok in rows]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--inductor", required=True)
    p.add_argument("--python", default=sys.executable)
    p.add_argument("--srcdir", required=True)
    p.add_argument("--workdir", required=True)
    p.add_argument("--kserve-path", required=True,
                   help="pip --target directory for kserve (installed there if missing)")
    p.add_argument("--output", required=True, help="the JSON result")
    p.add_argument("--models", default=",".join(MODELS))
    p.add_argument("--seconds", type=float, default=3.0, help="timed seconds per cell")
    p.add_argument("--warmup", type=float, default=0.5, help="warm-up seconds per cell")
    p.add_argument("--start-repeats", type=int, default=3)
    p.add_argument("--idle-seconds", type=float, default=2.0)
    p.add_argument("--iterations", type=int, default=2000)
    p.add_argument("--omp-threads", type=int, default=1)
    p.add_argument("--runners", type=int, default=min(4, os.cpu_count() or 1))
    a = p.parse_args()
    os.makedirs(a.workdir, exist_ok=True)
    b = ServeBench(a)
    for step in (b.export, b.install_kserve, b.startup, b.load, b.inprocess):
        try:
            step()
        except Exception as e:  # noqa: BLE001 - the report says what failed
            b.notes.append(f"serve bench {step.__name__} not measured: {e}")
            log(f"{step.__name__} failed: {e}")
    md, rows = report(b)
    b.res.update(markdown=md, targets=rows, notes=b.notes)
    tmp = a.output + ".tmp"
    with open(tmp, "w") as f:
        json.dump(b.res, f, indent=1)
    os.replace(tmp, a.output)
    print("\n".join(md + ["", "| target | measured | verdict |", "| --- | --- | --- |"]
                    + [f"| {t} | {m} | {verdict(ok)} |" for t, m, ok in rows]
                    + [f"- {n}" for n in b.notes]))
    log(f"wrote {a.output}")


if __name__ == "__main__":
    main()

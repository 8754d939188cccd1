#!/usr/bin/env python3
"""The Python runners of `make bench`'s real models, timed as bench-floor
and `inductor bench` are: a few untimed calls, then calls until --duration
seconds have passed (at least 3, at most --iterations).

  real_runner.py aoti  --pkg M.pt2   --input IN.npy...  torch._inductor.aoti_load_package
  real_runner.py eager --model NAME  --input IN.npy...  the transformers module itself
  real_runner.py ort   --onnx M.onnx --input IN.npy...  ONNX Runtime's InferenceSession
  real_runner.py ort-overhead                   ORT's per-call cost from Python
                                                (an Identity on one float)

Threads: --threads N (torch.set_num_threads / ORT's intra-op threads; the
caller also sets OMP_NUM_THREADS).  Writes every call's ms to --times and
prints one JSON line {"iterations", "p50_ms", "mean_ms", "min_ms"}.  With
--serve it loads the model once and then times one cell per request read
from stdin (see serve()), so that a run pays each load once per model.
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))


def input_name(path):
    """in-b8-input_ids.npy -> input_ids (real_models.py's naming)."""
    base = os.path.basename(path)[:-len(".npy")]
    return base.split("-", 2)[2] if base.startswith("in-b") else base


def timed(call, warmup, iterations, duration, times):
    for _ in range(warmup):
        call()
    ms, start = [], time.perf_counter()
    while len(ms) < iterations:
        t0 = time.perf_counter()
        call()
        t1 = time.perf_counter()
        ms.append((t1 - t0) * 1e3)
        if len(ms) >= 3 and t1 - start >= duration:
            break
    if times:
        with open(times, "w") as f:
            f.writelines(f"{v:.6f}\n" for v in ms)
    s = sorted(ms)
    return {"iterations": len(ms), "p50_ms": s[len(s) // 2],
            "mean_ms": sum(ms) / len(ms), "min_ms": s[0]}


class TorchRunner:
    """A loaded package or eager module; any batch, any thread count."""

    def __init__(self, fn):
        self.fn = fn

    def prepare(self, arrays, threads):
        import numpy as np
        import torch

        torch.set_num_threads(threads)  # omp_set_num_threads: the kernels' too
        xs = [torch.from_numpy(np.load(p)) for p in arrays]
        fn = self.fn

        def call():
            with torch.inference_mode():
                fn(*xs)
        return call


class OrtRunner:
    """One InferenceSession per thread count (intra-op threads are a
    session option), made on first use."""

    def __init__(self, path):
        self.path = path
        self.sessions = {}

    def prepare(self, arrays, threads):
        import numpy as np

        if threads not in self.sessions:
            self.sessions[threads] = ort_session(self.path, threads)
        sess = self.sessions[threads]
        feed = {input_name(p): np.load(p) for p in arrays}
        names = {i.name for i in sess.get_inputs()}
        if set(feed) != names:
            raise SystemExit(f"real_runner: inputs {sorted(feed)} but the model takes "
                             f"{sorted(names)}")
        return lambda: sess.run(None, feed)


def ort_session(path, threads):
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    return ort.InferenceSession(path, so, providers=["CPUExecutionProvider"])


def ort_overhead(threads, workdir):
    """The cost of one sess.run from Python on a model that does nothing:
    what the ORT column carries that a C++ caller would not."""
    import numpy as np
    import onnx
    from onnx import TensorProto, helper

    g = helper.make_graph([helper.make_node("Identity", ["x"], ["y"])], "id",
                          [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1])],
                          [helper.make_tensor_value_info("y", TensorProto.FLOAT, [1])])
    m = helper.make_model(g, opset_imports=[helper.make_opsetid("", 17)])
    m.ir_version = 8
    path = os.path.join(workdir, "identity.onnx")
    onnx.save(m, path)
    sess = ort_session(path, threads)
    feed = {"x": np.zeros(1, np.float32)}
    return lambda: sess.run(None, feed)


def serve(runner):
    """One JSON request a line on stdin ({"inputs", "threads", "warmup",
    "duration", "iterations", "times"}), one JSON answer a line on stdout:
    the model is loaded once for all the cells of a run."""
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        q = json.loads(line)
        try:
            call = runner.prepare(q["inputs"], q["threads"])
            r = timed(call, q["warmup"], q.get("iterations", 1 << 30), q["duration"],
                      q["times"])
        except (Exception, SystemExit) as e:  # noqa: BLE001 - answered, not fatal
            r = {"error": str(e).strip().splitlines()[-1][:300] if str(e).strip()
                 else type(e).__name__}
        print(json.dumps(r), flush=True)


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("mode", choices=["aoti", "eager", "ort", "ort-overhead"])
    p.add_argument("--input", dest="inputs", action="append", default=[],
                   help="an input .npy file, in the model's input order; repeatable")
    p.add_argument("--pkg")
    p.add_argument("--onnx")
    p.add_argument("--model")
    p.add_argument("--workdir", default=".")
    p.add_argument("--threads", type=int, default=1)
    p.add_argument("--warmup", type=int, default=2)
    p.add_argument("--iterations", type=int, default=100000)
    p.add_argument("--duration", type=float, default=3.0)
    p.add_argument("--times")
    p.add_argument("--serve", action="store_true",
                   help="load once, then time the requests read from stdin")
    p.add_argument("--deps", action="append", default=[])
    a = p.parse_args()
    sys.path.insert(0, HERE)
    import real_models
    real_models.add_paths(a.deps)
    if a.mode == "aoti":
        import torch
        runner = TorchRunner(torch._inductor.aoti_load_package(a.pkg))
    elif a.mode == "eager":
        runner = TorchRunner(real_models.build(a.model)[0])
    elif a.mode == "ort":
        runner = OrtRunner(a.onnx)
    else:
        call = ort_overhead(a.threads, a.workdir)
        print(json.dumps(timed(call, a.warmup, a.iterations, a.duration, a.times)))
        return
    if a.serve:
        serve(runner)
    else:
        print(json.dumps(timed(runner.prepare(a.inputs, a.threads), a.warmup,
                               a.iterations, a.duration, a.times)))


if __name__ == "__main__":
    main()

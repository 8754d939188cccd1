#!/usr/bin/env python3
"""The Python side of `make bench`: what a user would write instead of
calling inductor.

  py_runner.py cold PKG IN.json OUT.json   load, run once, write outputs
                                           (as `inductor infer --output`)
  py_runner.py loop PKG WARMUP ITERS DIMS...   steady-state per-call latency
  py_runner.py decode IN.json IN.npy REPEATS   json+torch.tensor, numpy.load

`loop` and `decode` print one JSON line of medians in ms.
"""
import io
import json
import sys
import time


def cold(pkg, in_path, out_path):
    import torch
    model = torch._inductor.aoti_load_package(pkg)
    with open(in_path) as f:
        doc = json.load(f)
    x = torch.tensor(doc["data"], dtype=torch.float32).reshape(doc["shape"])
    with torch.no_grad():
        outs = model(x)
    if isinstance(outs, torch.Tensor):
        outs = (outs,)
    result = {"num_outputs": len(outs), "outputs": [
        {"index": i, "dtype": str(o.dtype).replace("torch.", ""),
         "shape": list(o.shape), "data": o.flatten().tolist()}
        for i, o in enumerate(outs)]}
    with open(out_path, "w") as f:
        json.dump(result, f)


def loop(pkg, warmup, iters, dims):
    import torch
    model = torch._inductor.aoti_load_package(pkg)
    xs = [torch.randn([int(d) for d in s.split(",")]) for s in dims]
    times = []
    with torch.no_grad():
        for _ in range(int(warmup)):
            model(*xs)
        for _ in range(int(iters)):
            t0 = time.perf_counter()
            model(*xs)
            times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(json.dumps({"iterations": len(times), "p50_ms": times[len(times) // 2],
                      "mean_ms": sum(times) / len(times), "min_ms": times[0]}))


def decode(json_path, npy_path, repeats):
    import numpy as np
    import torch
    jtext = open(json_path, "rb").read()
    nbytes = open(npy_path, "rb").read()
    tj, tn = [], []
    for _ in range(int(repeats)):
        t0 = time.perf_counter()
        doc = json.loads(jtext)
        inp = doc["inputs"][0] if "inputs" in doc else doc
        torch.tensor(inp["data"], dtype=torch.float32).reshape(inp["shape"])
        tj.append((time.perf_counter() - t0) * 1e3)
        t0 = time.perf_counter()
        torch.from_numpy(np.load(io.BytesIO(nbytes)))
        tn.append((time.perf_counter() - t0) * 1e3)
    tj.sort()
    tn.sort()
    print(json.dumps({"json_ms": tj[len(tj) // 2], "npy_ms": tn[len(tn) // 2]}))


def main(argv):
    mode, args = argv[1], argv[2:]
    if mode == "cold":
        cold(*args)
    elif mode == "loop":
        loop(args[0], args[1], args[2], args[3:])
    elif mode == "decode":
        decode(*args)
    else:
        sys.exit(f"py_runner: unknown mode {mode}")


if __name__ == "__main__":
    main(sys.argv)

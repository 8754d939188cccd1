#!/usr/bin/env python3
"""ONNX Runtime's steady-state per-call latency, for `make bench`.

  ort_runner.py MODEL.onnx WARMUP ITERS DIMS...
Prints one JSON line of medians in ms.  Default session options, as a
user would start (ORT's own thread pool: one intra-op thread per core).
"""
import json
import sys
import time

import numpy as np
import onnxruntime as ort


def main(argv):
    path, warmup, iters, dims = argv[1], int(argv[2]), int(argv[3]), argv[4:]
    sess = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
    names = [i.name for i in sess.get_inputs()]
    rng = np.random.default_rng(0)
    feed = {n: rng.standard_normal([int(d) for d in s.split(",")],
                                   dtype=np.float32)
            for n, s in zip(names, dims)}
    for _ in range(warmup):
        sess.run(None, feed)
    times = []
    for _ in range(iters):
        t0 = time.perf_counter()
        sess.run(None, feed)
        times.append((time.perf_counter() - t0) * 1e3)
    times.sort()
    print(json.dumps({"iterations": iters, "p50_ms": times[len(times) // 2],
                      "mean_ms": sum(times) / len(times), "min_ms": times[0],
                      "version": ort.__version__}))


if __name__ == "__main__":
    main(sys.argv)

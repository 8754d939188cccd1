#!/usr/bin/env python3
"""Run a .pt2 package with PyTorch's own AOTInductor loader on an inductor
input JSON and write an inductor output JSON: the reference the C runtime's
outputs are compared against."""

import argparse
import os
import sys
import time

# Runnable as `python python/scripts/aoti_reference.py`, uninstalled.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from inductor_tools import cli  # noqa: E402

PROG = "aoti_reference"
torch = cli.import_torch(PROG)

from inductor_tools import signature, tensor_json  # noqa: E402
from inductor_tools.export import load_package, run_package  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.split(".")[0])
    p.add_argument("--model", required=True, metavar="PATH.pt2")
    p.add_argument("--input", required=True, metavar="IN.json")
    p.add_argument("--output", required=True, metavar="OUT.json")
    p.add_argument("--model-name", default="model",
                   help="model inside the package (default: model)")
    return p.parse_args(argv)


def reference(args):
    records = tensor_json.load_inputs(args.input)
    compiled = load_package(args.model, args.model_name)
    metadata = compiled.loader.get_metadata()
    # AOTI casts nothing and checks little: catch wrong inputs here with a
    # message that names the operand, as the C runtime does.
    sig = signature.from_metadata(metadata)
    problem = sig and signature.check_inputs(sig[0], records)
    if problem:
        raise ValueError(problem)
    device = metadata.get("AOTI_DEVICE_KEY", "cpu")
    inputs = [_to_tensor(i, r).to(device) for i, r in enumerate(records)]
    start = time.perf_counter()
    outputs = run_package(compiled, inputs)
    if device == "cuda":
        torch.cuda.synchronize()  # kernels are async; time their completion
    latency_ms = (time.perf_counter() - start) * 1e3
    tensor_json.write_outputs(
        args.output, [tensor_json.tensor_to_record(t) for t in outputs],
        latency_ms)


def _to_tensor(index, record):
    try:
        return tensor_json.record_to_tensor(record)
    except (RuntimeError, ValueError) as e:  # e.g. 300 as a uint8
        raise ValueError(f"input {index}: {e}") from e


def main(argv=None):
    args = parse_args(argv)
    cli.quiet_torch()
    try:
        reference(args)
    except Exception as e:  # noqa: BLE001 - any failure is one line + exit 1
        cli.fail(PROG, e)
    return 0


if __name__ == "__main__":
    sys.exit(main())

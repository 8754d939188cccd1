#!/usr/bin/env python3
"""Export the small fixture models the C tests run, with their inputs and
expected outputs.

  deterministic  static x float32 [1,4] -> relu(Linear(4,3)(x)) with weights
                 known in closed form; --expected-json is computed by plain
                 arithmetic, never by running a model.
  two_input      x float32 [B,4], idx int64 [B,3] (dynamic B) -> float32
                 [B,3], int64 [B,3]; --expected-json is the eager output.
"""

import argparse
import os
import sys

# Runnable as `python python/scripts/generate_test_model.py`, uninstalled.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from inductor_tools import cli  # noqa: E402

PROG = "generate_test_model"
torch = cli.import_torch(PROG)

from inductor_tools import models  # noqa: E402
from inductor_tools.export import export_model  # noqa: E402
from inductor_tools.tensor_json import (  # noqa: E402
    TensorRecord, tensor_to_record, write_inputs, write_outputs)


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog=PROG, description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]))
    p.add_argument("--model", choices=("deterministic", "two_input"),
                   required=True)
    p.add_argument("--output", required=True, metavar="PATH.pt2")
    p.add_argument("--input-json", metavar="PATH",
                   help="write the test input (inductor input JSON)")
    p.add_argument("--expected-json", metavar="PATH",
                   help="write the expected output (inductor output JSON)")
    args = p.parse_args(argv)
    if not args.output.endswith(".pt2"):
        p.error("--output must end in .pt2")
    return args


def deterministic(args):
    spec = models.MODELS["deterministic"]
    result = export_model(spec.model(), spec.example_inputs(1), args.output,
                          dynamic=False, output_names=spec.output_names)
    x = list(models.DETERMINISTIC_INPUT)
    if args.input_json:
        write_inputs(args.input_json, [TensorRecord("float32", [1, 4], x)])
    if args.expected_json:
        expected = TensorRecord("float32", [1, 3], models.deterministic_expected(x))
        write_outputs(args.expected_json, [expected], latency_ms=0.0)
    return result.path


def two_input(args):
    spec = models.MODELS["two_input"]
    model = spec.model()
    result = export_model(model, spec.example_inputs(2), args.output,
                          dynamic=True, output_names=spec.output_names)
    if result.fallback_reason:  # the C tests rely on a dynamic batch here
        raise RuntimeError(f"dynamic export failed: {result.fallback_reason}")
    x, idx = models.two_input_json_inputs()
    inputs = (torch.tensor(x, dtype=torch.float32),
              torch.tensor(idx, dtype=torch.int64))
    if args.input_json:
        write_inputs(args.input_json, [tensor_to_record(t) for t in inputs])
    if args.expected_json:
        with torch.no_grad():
            outputs = model(*inputs)
        write_outputs(args.expected_json,
                      [tensor_to_record(t) for t in outputs], latency_ms=0.0)
    return result.path


def main(argv=None):
    args = parse_args(argv)
    cli.quiet_torch()
    build = deterministic if args.model == "deterministic" else two_input
    try:
        path = build(args)
    except Exception as e:  # noqa: BLE001 - any failure is one line + exit 1
        cli.fail(PROG, e)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

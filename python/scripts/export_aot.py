#!/usr/bin/env python3
"""Export one of the built-in models to an AOTInductor .pt2 package.

Prints the package path on stdout; diagnostics go to stderr as
`export_aot: error: ...` (exit 1); usage errors exit 2.
"""

import argparse
import os
import sys

# Runnable as `python python/scripts/export_aot.py` from any cwd, uninstalled.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from inductor_tools import cli  # noqa: E402

PROG = "export_aot"
torch = cli.import_torch(PROG)

from inductor_tools import tensor_json  # noqa: E402
from inductor_tools.export import export_model, verify  # noqa: E402
from inductor_tools.models import EXPORTABLE, MODELS  # noqa: E402

VERIFY_ATOL = 1e-4


def parse_args(argv):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=EXPORTABLE, default="demo_cnn")
    p.add_argument("--output", required=True, metavar="PATH",
                   help="package to write (must end in .pt2)")
    p.add_argument("--device", choices=("cpu", "cuda"), default="cpu")
    p.add_argument("--batch-size", type=_positive_int, default=1,
                   metavar="N", help="batch of the example input (default 1)")
    p.add_argument("--static", action="store_true",
                   help="export static shapes (default: dynamic batch dim)")
    p.add_argument("--verify", action="store_true",
                   help=f"check the package against eager (atol {VERIFY_ATOL:g})")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for weights and example input (default 0)")
    p.add_argument("--example-input", metavar="PATH",
                   help="also write the example input as inductor input JSON")
    args = p.parse_args(argv)
    # aoti_compile_and_package insists on the suffix; say so before exporting.
    if not args.output.endswith(".pt2"):
        p.error("--output must end in .pt2")
    return args


def _positive_int(text):
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {text}")
    return value


def export(args):
    if args.device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda but CUDA is not available")
    spec = MODELS[args.model]
    model = spec.model(args.seed).to(args.device)
    inputs = tuple(x.to(args.device)
                   for x in spec.example_inputs(args.batch_size, args.seed))
    result = export_model(model, inputs, args.output, dynamic=not args.static,
                          output_names=spec.output_names)
    if result.fallback_reason:
        cli.warn(PROG, "dynamic batch export failed, exported static shapes "
                 f"instead: {result.fallback_reason}")
    if args.verify:
        verify(result.path, model, inputs, VERIFY_ATOL)
    if args.example_input:
        records = [tensor_json.tensor_to_record(x) for x in inputs]
        tensor_json.write_inputs(args.example_input, records)
    return result.path


def main(argv=None):
    args = parse_args(argv)
    cli.quiet_torch()
    try:
        path = export(args)
    except Exception as e:  # noqa: BLE001 - any failure is one line + exit 1
        cli.fail(PROG, e)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

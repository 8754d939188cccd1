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

from inductor_tools import golden, tensor_json  # noqa: E402
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
    p.add_argument("--no-freeze", dest="freeze", action="store_false",
                   help="keep the weights swappable: do not freeze them into "
                   "constants (CPU exports freeze by default: about twice as "
                   "fast on real models)")
    p.add_argument("--verify", action="store_true",
                   help=f"check the package against eager (atol {VERIFY_ATOL:g})")
    p.add_argument("--seed", type=int, default=0,
                   help="seed for weights and example input (default 0)")
    p.add_argument("--example-input", metavar="PATH",
                   help="also write the example input as inductor input JSON")
    p.add_argument("--golden", action="store_true",
                   help="record the example input and the eager outputs in "
                   "the package, for `inductor verify`")
    p.add_argument("--golden-out", metavar="FILE.npz",
                   help="also write that golden data to FILE.npz")
    p.add_argument("--golden-rtol", type=float, metavar="R",
                   help="relative tolerance of every output (default: by dtype)")
    p.add_argument("--golden-atol", type=float, metavar="A",
                   help="absolute tolerance of every output (default: by dtype)")
    p.add_argument("--golden-tolerance", action="append", default=[],
                   type=_tolerance, metavar="OUTPUT=RTOL,ATOL",
                   help="tolerances of one output, by name, key or index; "
                   "repeatable")
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


def _tolerance(text):
    name, sep, values = text.partition("=")
    parts = values.split(",")
    try:
        if not sep or not name or len(parts) != 2:
            raise ValueError
        rtol, atol = (float(v) for v in parts)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"expected OUTPUT=RTOL,ATOL: {text}") from None
    if not (rtol >= 0 and atol >= 0):
        raise argparse.ArgumentTypeError(f"tolerances must be >= 0: {text}")
    return name, (rtol, atol)


def _golden(args, model, inputs, spec, path):
    """Records the golden data, checks that the package reproduces it
    here with PyTorch's loader, then stores it in and/or beside it."""
    data = golden.record(model, inputs, output_names=spec.output_names,
                         tolerances=dict(args.golden_tolerance),
                         rtol=args.golden_rtol, atol=args.golden_atol)
    golden.check_package(path, data)
    if args.golden:
        golden.embed(path, data)
        # Again from the package as shipped: PyTorch's own loader must still
        # load it with the golden entry inside.
        golden.check_package(path, golden.from_package(path))
    if args.golden_out:
        golden.save(args.golden_out, data)


def export(args):
    if args.device == "cuda" and not torch.cuda.is_available():
        raise RuntimeError("--device cuda but CUDA is not available")
    spec = MODELS[args.model]
    model = spec.model(args.seed).to(args.device)
    inputs = tuple(x.to(args.device)
                   for x in spec.example_inputs(args.batch_size, args.seed))
    result = export_model(model, inputs, args.output, dynamic=not args.static,
                          output_names=spec.output_names,
                          freeze=None if args.freeze else False)
    if result.fallback_reason:
        cli.warn(PROG, "dynamic batch export failed, exported static shapes "
                 f"instead: {result.fallback_reason}")
    if args.verify:
        verify(result.path, model, inputs, VERIFY_ATOL)
    if args.golden or args.golden_out:
        _golden(args, model, inputs, spec, result.path)
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

#!/usr/bin/env python3
"""Export one of the built-in models to ONNX, with the same weights (seed)
and example input as export_aot.py, for comparing with ONNX Runtime.

Prints the .onnx path on stdout; errors are `export_onnx: error: ...`
(exit 1).  Needs the `onnx` package (not needed anywhere else).
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from inductor_tools import cli  # noqa: E402

PROG = "export_onnx"
torch = cli.import_torch(PROG)

from inductor_tools.models import EXPORTABLE, MODELS  # noqa: E402


def parse_args(argv):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=EXPORTABLE, default="demo_cnn")
    p.add_argument("--output", required=True, metavar="PATH")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--opset", type=int, default=17)
    return p.parse_args(argv)


def export(args):
    spec = MODELS[args.model]
    model = spec.model(args.seed).eval()
    inputs = tuple(spec.example_inputs(1, args.seed))
    # The TorchScript-based exporter: it needs only `onnx`, and gives the
    # static graph ONNX Runtime optimises best for a fixed batch of 1.
    # In eval mode nn.TransformerEncoderLayer takes a fused "fast path"
    # (aten::_transformer_encoder_layer_fwd) that ONNX has no operator for;
    # the plain path computes the same function in ONNX's operators.
    fastpath = torch.backends.mha.get_fastpath_enabled()
    torch.backends.mha.set_fastpath_enabled(False)
    try:
        with torch.no_grad():
            torch.onnx.export(model, inputs, args.output,
                              opset_version=args.opset,
                              input_names=[f"input{i}"
                                           for i in range(len(inputs))],
                              dynamo=False)
    finally:
        torch.backends.mha.set_fastpath_enabled(fastpath)
    return args.output


def main(argv=None):
    args = parse_args(argv)
    cli.quiet_torch()
    try:
        path = export(args)
    except Exception as e:  # noqa: BLE001 - one line + exit 1
        cli.fail(PROG, e)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

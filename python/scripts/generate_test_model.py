#!/usr/bin/env python3
"""Export the small fixture models the C tests run, with their inputs and
expected outputs.

  deterministic  static x float32 [1,4] -> relu(Linear(4,3)(x)) with weights
                 known in closed form; --expected-json is computed by plain
                 arithmetic, never by running a model.
  two_input      x float32 [B,4], idx int64 [B,3] (dynamic B) -> float32
                 [B,3], int64 [B,3]; --expected-json is the eager output.
  kwargs_dict    x float32 [B,4] and keyword-only scale [B,1], offset [B,3]
                 (dynamic B) -> {"logits", "probs"}; the input JSON is the
                 named form.
  half_io        a float16 [B,4], b bfloat16 [B,4] (dynamic B) -> float16,
                 bfloat16.
  token_encoder  input_ids int64 [B,8], attention_mask bool [B,8] (True =
                 padding; dynamic B) through nn.TransformerEncoder -> float32
                 [B,4]; the input JSON is the named form.
For these three --expected-json is the eager output, with "key" on dict
outputs.
"""

import argparse
import json
import os
import sys

# Runnable as `python python/scripts/generate_test_model.py`, uninstalled.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from inductor_tools import cli  # noqa: E402

PROG = "generate_test_model"
torch = cli.import_torch(PROG)

from inductor_tools import models  # noqa: E402
from inductor_tools.export import (  # noqa: E402
    BATCH_MAX, BATCH_MIN, compile_package, export_model)
from inductor_tools.tensor_json import (  # noqa: E402
    TensorRecord, tensor_to_record, write_inputs, write_outputs)


def parse_args(argv):
    p = argparse.ArgumentParser(
        prog=PROG, description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[2:]))
    p.add_argument("--model", choices=tuple(BUILDERS), required=True)
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


def _named_json(path, names, tensors):
    """Inputs in the named form {"inputs": {name: record}}."""
    doc = {"inputs": {n: vars(tensor_to_record(t)) for n, t in zip(names, tensors)}}
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
        f.write("\n")


def _expected(path, outputs):
    """Eager outputs as inductor output JSON, keyed like the C side: the
    dict key path of each leaf, when a dict lies on its path."""
    leaves, _ = torch.utils._pytree.tree_flatten_with_path(outputs)
    docs = []
    for i, (kp, t) in enumerate(leaves):
        parts = [str(getattr(k, "key", getattr(k, "idx", k))) for k in kp]
        has_dict = any(hasattr(k, "key") for k in kp)
        rec = dict(index=i, **vars(tensor_to_record(t)))
        if has_dict:
            rec = {"index": i, "key": ".".join(parts),
                   **{k: v for k, v in rec.items() if k != "index"}}
        docs.append(rec)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"latency_ms": 0.0, "num_outputs": len(docs),
                   "outputs": docs}, f)
        f.write("\n")


def _check_dynamic(result):
    if result.fallback_reason:  # the C tests rely on a dynamic batch here
        raise RuntimeError(f"dynamic export failed: {result.fallback_reason}")


def kwargs_dict(args):
    spec = models.MODELS["kwargs_dict"]
    model = spec.model()
    ex_args, ex_kwargs = spec.example_inputs(2)
    batch = torch.export.Dim("batch", min=BATCH_MIN, max=BATCH_MAX)
    dyn = {"x": {0: batch}, "scale": {0: batch}, "offset": {0: batch}}
    with torch.no_grad():
        ep = torch.export.export(model, ex_args, ex_kwargs, dynamic_shapes=dyn)
    path, _, _ = compile_package(ep, args.output, spec.output_names)
    x_args, x_kwargs = spec.example_inputs(2, seed=1)
    # Document order differs from the call order: names must be matched.
    names = ["offset", "x", "scale"]
    values = [x_kwargs["offset"], x_args[0], x_kwargs["scale"]]
    if args.input_json:
        _named_json(args.input_json, names, values)
    if args.expected_json:
        with torch.no_grad():
            _expected(args.expected_json, model(*x_args, **x_kwargs))
    return path


def _positional(name, named_inputs):
    def build(args):
        spec = models.MODELS[name]
        model = spec.model()
        result = export_model(model, spec.example_inputs(2), args.output,
                              dynamic=True, output_names=spec.output_names)
        _check_dynamic(result)
        inputs = spec.example_inputs(2, seed=1)
        if args.input_json and named_inputs:
            _named_json(args.input_json, [i["name"] for i in result.inputs],
                        inputs)
        elif args.input_json:
            write_inputs(args.input_json, [tensor_to_record(t) for t in inputs])
        if args.expected_json:
            with torch.no_grad():
                _expected(args.expected_json, model(*inputs))
        return result.path
    return build


BUILDERS = {
    "deterministic": deterministic,
    "two_input": two_input,
    "kwargs_dict": kwargs_dict,
    "half_io": _positional("half_io", named_inputs=False),
    "token_encoder": _positional("token_encoder", named_inputs=True),
    "aliasing": _positional("aliasing", named_inputs=False),
}


def main(argv=None):
    args = parse_args(argv)
    cli.quiet_torch()
    build = BUILDERS[args.model]
    try:
        path = build(args)
    except Exception as e:  # noqa: BLE001 - any failure is one line + exit 1
        cli.fail(PROG, e)
    print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Run a .pt2 package with PyTorch's own AOTInductor loader on an inductor
input JSON and write an inductor output JSON: the reference the C runtime's
outputs are compared against.

Inputs may be given by position (classic or list JSON) or by name (named
JSON {"inputs": {name: tensor}} or a .npz): keyword arguments of the model
(from its input call spec) are passed as keywords, other names by the
position inductor's export tool recorded.  Outputs inside a dict get a
"key", the '.'-joined path of dict keys and sequence indices, as the C
runtime writes it."""

import argparse
import json
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
    p.add_argument("--input", required=True, metavar="IN.json|IN.npz")
    p.add_argument("--output", required=True, metavar="OUT.json")
    p.add_argument("--model-name", default="model",
                   help="model inside the package (default: model)")
    return p.parse_args(argv)


def reference(args):
    compiled = load_package(args.model, args.model_name)
    metadata = compiled.loader.get_metadata()
    sig = signature.from_metadata(metadata)
    positional, named = _load(args.input)
    ordered = _in_call_order(positional, named, sig)
    # AOTI casts nothing and checks little: catch wrong inputs here with a
    # message that names the operand, as the C runtime does.
    problem = sig and all(isinstance(r, tensor_json.TensorRecord) for r in ordered) \
        and signature.check_inputs(sig[0], ordered)
    if problem:
        raise ValueError(problem)
    device = metadata.get("AOTI_DEVICE_KEY", "cpu")
    tensors = [_to_tensor(i, r).to(device) for i, r in enumerate(ordered)]
    kw_names = _kwarg_names(compiled)
    n_pos = len(tensors) - len(kw_names)
    kwargs = dict(zip(kw_names, tensors[n_pos:]))
    start = time.perf_counter()
    with torch.no_grad():
        outputs = compiled(*tensors[:n_pos], **kwargs)
    if device == "cuda":
        torch.cuda.synchronize()  # kernels are async; time their completion
    latency_ms = (time.perf_counter() - start) * 1e3
    _write_outputs(args.output, outputs, latency_ms)


def _kwarg_names(compiled):
    """Keyword argument names, in flattening order, from the in spec."""
    from torch.utils import _pytree

    spec = _pytree.treespec_loads(compiled.loader.get_call_spec()[0])
    if spec.num_children != 2:
        return []
    # torch 2.13 deprecates children_specs for child(); older torch lacks it.
    kwargs = spec.child(1) if hasattr(spec, "child") else spec.children_specs[1]
    return list(kwargs.context) if kwargs.context else []


def _load(path):
    """(positional records or tensors, {name: record or tensor})."""
    if path.endswith(".npz"):
        import numpy as np

        with np.load(path) as z:
            arrays = {k: _from_numpy(z[k]) for k in z.files}
        pos = [arrays.pop(f"arr_{i}") for i in range(len(arrays))
               if f"arr_{i}" in arrays]
        return pos, arrays
    with open(path, encoding="utf-8") as f:
        doc = json.load(f)
    if isinstance(doc, dict) and isinstance(doc.get("inputs"), dict):
        return [], {k: tensor_json.parse_record(v, f"input '{k}'")
                    for k, v in doc["inputs"].items()}
    return tensor_json.load_inputs(path), {}


def _from_numpy(a):
    if a.dtype.kind == "V" and a.dtype.itemsize == 2:  # ml_dtypes bfloat16
        return torch.from_numpy(a.view("<i2").copy()).view(torch.bfloat16)
    return torch.from_numpy(a.copy())


def _in_call_order(positional, named, sig):
    """All inputs in the flattened order the package's signature gives."""
    if not named:
        return list(positional)
    if not sig:
        raise ValueError("inputs given by name, but the package records no "
                         "input names")
    names = [i["name"] for i in sig[0]]
    unknown = sorted(set(named) - set(names))
    if unknown:
        raise ValueError(f"unknown input '{unknown[0]}' (inputs: {names})")
    ordered = list(positional)
    for name in names[len(positional):]:
        if name not in named:
            raise ValueError(f"missing input '{name}'")
        ordered.append(named[name])
    return ordered


def _write_outputs(path, outputs, latency_ms):
    """Output JSON with "key" on leaves under a dict (the C convention)."""
    from torch.utils import _pytree

    leaves, _ = _pytree.tree_flatten_with_path(outputs)
    docs = []
    for i, (kp, t) in enumerate(leaves):
        rec = tensor_json.tensor_to_record(t)
        doc = {"index": i}
        if any(hasattr(k, "key") for k in kp):
            doc["key"] = ".".join(
                str(getattr(k, "key", getattr(k, "idx", k))) for k in kp)
        doc.update(dtype=rec.dtype, shape=rec.shape, data=rec.data)
        docs.append(doc)
    with open(path, "w", encoding="utf-8") as f:
        json.dump({"latency_ms": latency_ms, "num_outputs": len(docs),
                   "outputs": docs}, f)
        f.write("\n")


def _to_tensor(index, record):
    if isinstance(record, torch.Tensor):
        return record
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

#!/usr/bin/env python3
"""Test helper for the golden-data tests (issue #16), through the
inductor_tools API as a user of it would:

  export NAME OUT.pt2 [--golden] [--golden-out F.npz] [--no-export]
      exports a model (kwargs_dict: keyword inputs and a dict output,
      all_dtypes: every dtype in and out, any other built-in model), with a
      dynamic batch of 2, and records its golden data in and/or beside the
      package; --no-export writes only --golden-out, as for a package
      someone else exported from the same model.
  alter-weights NAME IN.pt2 OUT.pt2
      finds the model's first weight tensor in the package's shared
      library (export it with --no-freeze: freezing prepacks the weights
      into another layout) and scales its bytes, rewriting that zip entry with zipfile
      (the CRC is then right: only the numbers are wrong).
  perturb IN.npz OUT.npz INDEX REL
      golden data with output INDEX's first element scaled by (1 + REL).
  differing PKG.pt2 GOLDEN.npz RTOL ATOL
      prints the indices of the outputs that PyTorch's own loader, run on
      the golden inputs, gives outside (rtol, atol) of the golden outputs:
      the truth `inductor verify` is checked against.
"""

import inspect
import os
import sys
import zipfile

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(SRC, "python"))
sys.path.insert(0, os.path.join(SRC, "tests", "serve"))

import numpy as np  # noqa: E402
import torch  # noqa: E402

from inductor_tools import golden, models  # noqa: E402
from inductor_tools.export import (BATCH_MAX, BATCH_MIN,  # noqa: E402
                                   compile_package, export_model,
                                   load_package)


def _model(name):
    """(module, args, kwargs, output names)."""
    if name == "all_dtypes":
        import make_fixtures as mf

        names = tuple("out_" + n for n, _ in mf.DTYPES)
        return mf.AllDtypes().eval(), mf.example(2), {}, names
    spec = models.MODELS[name]
    ex = spec.example_inputs(2)
    if name == "kwargs_dict":
        return spec.model(), ex[0], ex[1], spec.output_names
    return spec.model(), ex, {}, spec.output_names


def export(argv):
    name, out = argv[0], argv[1]
    opts = argv[2:]
    model, args, kwargs, names = _model(name)
    if "--no-export" not in opts:
        if kwargs:
            batch = torch.export.Dim("batch", min=BATCH_MIN, max=BATCH_MAX)
            params = list(inspect.signature(model.forward).parameters)
            dyn = {n: {0: batch} for n in params[:len(args)] + list(kwargs)}
            with torch.no_grad():
                ep = torch.export.export(model, tuple(args), kwargs,
                                         dynamic_shapes=dyn)
            compile_package(ep, out, names)
        else:
            r = export_model(model, args, out, dynamic=True, output_names=names)
            if r.fallback_reason:
                sys.exit(f"dynamic export failed: {r.fallback_reason}")
    data = golden.record(model, args, kwargs, output_names=names)
    if "--no-export" not in opts:
        golden.check_package(out, data)
    if "--golden" in opts:
        golden.embed(out, data)
        # PyTorch's own loader still loads the package with the data inside
        # and reproduces it (its extra files must not disturb the loader).
        golden.check_package(out, golden.from_package(out))
    if "--golden-out" in opts:
        golden.save(opts[opts.index("--golden-out") + 1], data)


def _rewrite_entry(src, dst, name, data):
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for info in zin.infolist():
            body = data if info.filename == name else zin.read(info)
            zout.writestr(info, body)


def alter_weights(argv):
    name, src, dst = argv
    model = _model(name)[0]
    weight = next(p for p in model.parameters() if p.dim() >= 2)
    raw = weight.detach().contiguous().numpy().tobytes()
    with zipfile.ZipFile(src) as z:
        so = next(n for n in z.namelist() if n.endswith(".so"))
        lib = z.read(so)
    at = lib.find(raw)
    if at < 0:
        sys.exit("the weights are not in the package's library")
    scaled = (weight.detach().numpy() * 1.5).astype(np.float32).tobytes()
    _rewrite_entry(src, dst, so, lib[:at] + scaled + lib[at + len(raw):])


def perturb(argv):
    src, dst, index, rel = argv
    with np.load(src) as z:
        data = {k: z[k] for k in z.files}
    key = f"output_{index}"
    arr = data[key].copy()
    arr.flat[0] = arr.flat[0] * (1 + float(rel)) + float(rel)
    data[key] = arr
    np.savez(dst, **data)


def differing(argv):
    pkg, npz, rtol, atol = argv
    spec, ins, outs = golden.load(open(npz, "rb").read())
    args = [t for t, e in zip(ins, spec["inputs"]) if not e["keyword"]]
    kwargs = {e["name"]: t for t, e in zip(ins, spec["inputs"]) if e["keyword"]}
    with torch.no_grad():
        got, _ = torch.utils._pytree.tree_flatten(
            load_package(pkg)(*args, **kwargs))
    for i, (g, w) in enumerate(zip(got, outs)):
        if not golden.compare(g, w, float(rtol), float(atol))[0]:
            print(i)


if __name__ == "__main__":
    cmd = {"export": export, "alter-weights": alter_weights,
           "perturb": perturb, "differing": differing}[sys.argv[1]]
    cmd(sys.argv[2:])

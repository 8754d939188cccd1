"""Golden data: example inputs and the eager model's outputs, recorded at
export, so that `inductor verify` can prove on another machine that the
package still computes what the model computed (issue #16).

The format is one NumPy .npz (np.savez), the same file inside the package
and beside it (--golden-out):

  input_<i>        flattened input i, in the order the package takes them
                   (positional arguments, then keyword arguments)
  output_<i>       the eager model's flattened output i
  golden_spec      uint8: UTF-8 JSON {"format": "inductor-golden",
                   "version": 1, "exporter", "torch", "device",
                   "inputs": [{"name", "keyword", "dtype", "shape"}],
                   "outputs": [{"name", "key", "dtype", "shape", "rtol",
                   "atol"}]}

Members are numbered, not named, because the package runs flattened inputs
by position: numbers need no matching, and names (which may hold dots, as
"opts.scale") stay in golden_spec for messages.  bfloat16, which NumPy
lacks, is stored as 2-byte voids ('|V2'), as ml_dtypes and inductor's .npy
writer store it; golden_spec says which dtype they are.

Inside the package the file is <root>/inductor/golden/<model>.npz.  Not
under extra/, PyTorch's directory for extra files: torch 2.13's load_pt2
(and so aoti_load_package) decodes every extra/ file as UTF-8 text and fails
on binary data there.  A directory of its own is ignored by load_pt2 (it
reads models/, extra/ and data/...) and by libtorch's
AOTIModelPackageLoader (it extracts only data/aotinductor/<model>/ and
data/constants/); inductor's archive reader accepts any canonical name
that does not start with ".inductor".  tests/cli/verify.sh checks that
aoti_load_package loads such packages.
"""

import io
import json
import os

from . import EXPORTER
from .dtypes import from_torch

GOLDEN_DIR = "inductor/golden/"
SPEC_MEMBER = "golden_spec"
FORMAT, VERSION = "inductor-golden", 1

# (rtol, atol) by dtype; a value passes when |got - golden| <= atol + rtol *
# |golden| (torch.allclose).  Looser than torch.testing's defaults for
# float32/16: the compiled kernels fuse and reorder what eager rounds step
# by step (float16 eager rounds after each op, a fused kernel once), and the
# package may run on another CPU ISA.  Integers and bool are exact.  Keep in
# step with golden_tolerance.c.
DEFAULT_TOLERANCES = {
    "float64": (1e-7, 1e-7),
    "float32": (1e-4, 1e-5),
    "float16": (2e-3, 1e-3),
    "bfloat16": (1.6e-2, 1e-2),
}


class GoldenError(RuntimeError):
    pass


def default_tolerance(dtype_name):
    return DEFAULT_TOLERANCES.get(dtype_name, (0.0, 0.0))


def _ordered_kwargs(model, kwargs):
    """kwargs in forward()'s parameter order, as torch.export flattens
    them (then any others, in the given order)."""
    import inspect

    params = list(inspect.signature(model.forward).parameters)
    keys = [k for k in params if k in kwargs]
    keys += [k for k in kwargs if k not in keys]
    return {k: kwargs[k] for k in keys}


def _path_name(kp):
    return ".".join(str(getattr(k, "key", getattr(k, "idx", k))) for k in kp)


def _tolerance(i, name, key, dtype, tolerances, rtol, atol):
    """An output's (rtol, atol): per-output override (by name, key or
    index), else the global override, else the dtype's default."""
    for k in (name, key, str(i), i):
        if k is not None and tolerances and k in tolerances:
            return tuple(float(v) for v in tolerances[k])
    d_rtol, d_atol = default_tolerance(dtype)
    return (d_rtol if rtol is None else float(rtol),
            d_atol if atol is None else float(atol))


def record(model, args, kwargs=None, *, output_names=(), tolerances=None,
           rtol=None, atol=None):
    """Runs `model` eagerly on (args, kwargs) and returns the golden data
    as {member name: numpy array} (see the module docstring).

    tolerances: {output name, key or index: (rtol, atol)}; rtol/atol:
    overrides for every other output; otherwise DEFAULT_TOLERANCES."""
    import inspect

    import torch
    from torch.utils._pytree import tree_flatten_with_path

    kwargs = _ordered_kwargs(model, dict(kwargs or {}))
    with torch.no_grad():
        out = model(*args, **kwargs)
    params = [p for p in inspect.signature(model.forward).parameters]
    data, ins, outs = {}, [], []
    in_leaves, _ = tree_flatten_with_path((tuple(args), kwargs))
    for i, (kp, t) in enumerate(in_leaves):
        keyword = getattr(kp[0], "idx", None) == 1
        if keyword:
            name = _path_name(kp[1:])
        else:
            pos = kp[1].idx
            rest = _path_name(kp[2:])
            base = params[pos] if pos < len(params) else f"input{i}"
            name = f"{base}.{rest}" if rest else base
        data[f"input_{i}"] = to_numpy(t)
        ins.append({"name": name, "keyword": keyword,
                    "dtype": from_torch(t.dtype), "shape": list(t.shape)})
    out_leaves, _ = tree_flatten_with_path(out)
    for i, (kp, t) in enumerate(out_leaves):
        key = _path_name(kp) if any(hasattr(k, "key") for k in kp) else None
        name = (output_names[i] if i < len(output_names)
                else key or f"output{i}")
        dt = from_torch(t.dtype)
        r, a = _tolerance(i, name, key, dt, tolerances, rtol, atol)
        data[f"output_{i}"] = to_numpy(t)
        outs.append({"name": name, "key": key, "dtype": dt,
                     "shape": list(t.shape), "rtol": r, "atol": a})
    if tolerances:
        known = {o["name"] for o in outs} | {o["key"] for o in outs}
        known |= {str(i) for i in range(len(outs))} | set(range(len(outs)))
        unknown = [k for k in tolerances if k not in known]
        if unknown:
            raise GoldenError(f"tolerance for unknown output {unknown[0]!r}")
    spec = {"format": FORMAT, "version": VERSION, "exporter": EXPORTER,
            "torch": torch.__version__, "device": _device(in_leaves),
            "inputs": ins, "outputs": outs}
    data[SPEC_MEMBER] = _spec_array(spec)
    return data


def _device(leaves):
    return leaves[0][1].device.type if leaves else "cpu"


def _spec_array(spec):
    import numpy as np

    return np.frombuffer(json.dumps(spec).encode(), dtype=np.uint8).copy()


def to_numpy(t):
    """A tensor as NumPy; bfloat16 as 2-byte voids (its raw bits)."""
    import torch

    t = t.detach().cpu().contiguous()
    if t.dtype == torch.bfloat16:
        return t.view(torch.int16).numpy().view("V2")
    return t.numpy()


def to_torch(array, dtype_name):
    import numpy as np
    import torch

    if dtype_name == "bfloat16":
        return torch.from_numpy(np.ascontiguousarray(array).view(np.int16)
                                .copy()).view(torch.bfloat16)
    return torch.from_numpy(np.ascontiguousarray(array).copy())


def to_bytes(data):
    """The golden data as .npz bytes (uncompressed: the package stores its
    entries uncompressed anyway)."""
    import numpy as np

    buf = io.BytesIO()
    np.savez(buf, **data)
    return buf.getvalue()


def save(path, data):
    """Writes the golden data beside a package (--golden-out), atomically."""
    path = os.fspath(path)
    tmp = path + ".tmp"
    with open(tmp, "wb") as f:
        f.write(to_bytes(data))
    os.replace(tmp, path)
    return path


def load(source):
    """(spec, inputs, outputs) from an .npz path or bytes; tensors."""
    import numpy as np

    f = io.BytesIO(source) if isinstance(source, bytes) else source
    with np.load(f, allow_pickle=False) as z:
        spec = json.loads(bytes(z[SPEC_MEMBER]).decode())
        ins = [to_torch(z[f"input_{i}"], e["dtype"])
               for i, e in enumerate(spec["inputs"])]
        outs = [to_torch(z[f"output_{i}"], e["dtype"])
                for i, e in enumerate(spec["outputs"])]
    return spec, ins, outs


def entry_name(model_name="model"):
    """The golden file's name in the archive, below its root directory."""
    return f"{GOLDEN_DIR}{model_name}.npz"


def embed(path, data, model_name="model"):
    """Adds (or replaces) the golden data in the package at `path`,
    rewritten through PyTorch's own archive writer (export.rewrite_package)."""
    from .export import rewrite_package

    target = entry_name(model_name)
    rewrite_package(path, lambda name, body: None if name == target else body,
                    add=[(target, to_bytes(data))])


def from_package(path, model_name="model"):
    """The golden .npz bytes inside a package, or None."""
    import zipfile

    suffix = "/" + entry_name(model_name)
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.endswith(suffix) and name.count("/") == suffix.count("/"):
                return z.read(name)
    return None


def compare(got, want, rtol, atol):
    """(passed, max abs diff, max rel diff) with torch.allclose semantics,
    NaN equal to NaN in the same place."""
    import torch

    if got.dtype != want.dtype or got.shape != want.shape:
        return False, float("inf"), float("inf")
    if got.numel() == 0:
        return True, 0.0, 0.0
    g, w = got.double(), want.double()
    same = (g == w) | (torch.isnan(g) & torch.isnan(w))
    # Infinities are close only to themselves (torch.isclose).
    apart = ~torch.isfinite(g) | ~torch.isfinite(w)
    diff = torch.where(same, torch.zeros_like(g),
                       torch.where(apart, torch.full_like(g, float("inf")),
                                   (g - w).abs()))
    rel = torch.where(diff == 0, torch.zeros_like(g), diff / w.abs())
    bound = atol + rtol * w.abs()
    ok = bool(((diff == 0) | (torch.isfinite(diff) & (diff <= bound))).all())
    return ok, diff.max().item(), rel.max().item()


def check_package(path, data, model_name="model"):
    """`data`: what record() gives, or the .npz bytes (from_package()).
    Runs the package with PyTorch's own loader on the golden inputs and
    raises GoldenError unless every output is within its tolerance: a
    package that does not reproduce its golden data here would fail
    `inductor verify` everywhere."""
    from .export import load_package

    raw = data if isinstance(data, (bytes, bytearray)) else to_bytes(data)
    spec, ins, outs = load(raw)
    args = [t for t, e in zip(ins, spec["inputs"]) if not e["keyword"]]
    kwargs = {e["name"]: t for t, e in zip(ins, spec["inputs"]) if e["keyword"]}
    compiled = load_package(path, model_name)
    import torch
    from torch.utils._pytree import tree_flatten

    with torch.no_grad():
        got, _ = tree_flatten(compiled(*args, **kwargs))
    if len(got) != len(outs):
        raise GoldenError(f"the package gives {len(got)} outputs, eager "
                          f"{len(outs)}")
    for i, (g, w, e) in enumerate(zip(got, outs, spec["outputs"])):
        ok, d_abs, d_rel = compare(g.cpu(), w, e["rtol"], e["atol"])
        if not ok:
            raise GoldenError(
                f"output {i} '{e['name']}': the package differs from eager "
                f"(max abs diff {d_abs:.3g}, max rel diff {d_rel:.3g}; rtol "
                f"{e['rtol']:g}, atol {e['atol']:g})")

"""Export an nn.Module to an AOTInductor .pt2 package with signature metadata,
and check a package against eager execution."""

import os
import zipfile
from dataclasses import dataclass

import torch

from . import signature

BATCH_MIN, BATCH_MAX = 1, 1024


@dataclass
class ExportResult:
    path: str
    dynamic: bool          # whether dim 0 really is dynamic in the package
    inputs: list           # signature entries, see signature.py
    outputs: list
    fallback_reason: str | None = None  # why a dynamic export became static


class VerificationError(RuntimeError):
    pass


def export_model(model, example_inputs, path, *, dynamic=True, output_names=(),
                 freeze=None):
    """Export `model` (already in eval mode and on its device) to `path`.

    With dynamic=True dim 0 of every input is a shared batch dim; if
    torch.export rejects that, the model is exported static and the reason
    is returned rather than printed (the library never prints).  `freeze`
    as for compile_package().
    """
    ep, reason = export_program(model, example_inputs, dynamic)
    path, inputs, outputs = compile_package(ep, path, output_names,
                                            freeze=freeze)
    return ExportResult(path, dynamic and reason is None, inputs, outputs, reason)


def export_program(model, example_inputs, dynamic):
    """(ExportedProgram, reason the dynamic export failed or None)."""
    reason = None
    if dynamic:
        try:
            return _export_dynamic(model, example_inputs), None
        # torch.export fails with many unrelated exception types
        # (UserError, GuardOnDataDependentSymNode, Unsupported, ...).
        except Exception as e:  # noqa: BLE001
            reason = (str(e).strip().splitlines() or [type(e).__name__])[0]
    with torch.no_grad():
        return torch.export.export(model, tuple(example_inputs)), reason


def _export_dynamic(model, example_inputs):
    batch = torch.export.Dim("batch", min=BATCH_MIN, max=BATCH_MAX)
    # torch.export specializes every size-1 dim to the constant 1 ("0/1
    # specialization"), so a batch-1 example is traced as a batch of 2.
    trace = tuple(torch.cat([x, x]) if x.shape[0] == 1 else x
                  for x in example_inputs)
    dynamic_shapes = tuple({0: batch} for _ in trace)
    with torch.no_grad():
        return torch.export.export(model, trace, dynamic_shapes=dynamic_shapes)


def program_device(ep):
    """The device type ("cpu", "cuda") of the program's first tensor input."""
    for node in ep.graph.nodes:
        val = node.meta.get("val") if node.op == "placeholder" else None
        if isinstance(val, torch.Tensor):
            return val.device.type
    return "cpu"


def compile_configs(ep, freeze=None):
    """The Inductor settings a package is compiled with.

    freeze=None (the default) freezes CPU programs and leaves others as they
    are; True or False forces it.  Freezing makes the weights compile-time
    constants: Inductor folds them into the graph and, on the CPU, prepacks
    them for oneDNN/MKL (cpp.weight_prepack), which halves ResNet-50's and
    BERT's latency here (docs/benchmarks.md).  The price: the package's
    weights can no longer be swapped at run time (AOTInductor's
    update_constant_buffer), only re-exported."""
    if freeze is None:
        freeze = program_device(ep) == "cpu"
    return {"freezing": bool(freeze)}


def compile_package(ep, path, output_names=(), *, freeze=None):
    """AOT-compile `ep` into `path`; returns (path, inputs, outputs).
    `freeze`: see compile_configs() (default: on for CPU programs).

    The recorded input ranges are those of the compiled package: compiling
    can narrow a dynamic dim (torch 2.13 adds a guard "batch < 16" while
    lowering demo_cnn's convolutions, so its package is only valid for
    batches up to 15 although export allowed 1024).  The ranges are read
    back from the package's compiled input checks and, where narrower, the
    metadata in the package is rewritten."""
    inputs, outputs = signature.from_exported_program(ep, output_names)
    configs = compile_configs(ep, freeze)
    configs["aot_inductor.metadata"] = signature.to_metadata(inputs, outputs)
    # Inductor freezes only with autograd off (compile_fx checks
    # torch.is_grad_enabled()); a package never computes gradients anyway.
    with torch.no_grad():
        path = torch._inductor.aoti_compile_and_package(
            ep, package_path=os.fspath(path), inductor_configs=configs)
    narrowed = signature.narrow_ranges(
        inputs, signature.compiled_input_bounds(_wrapper_source(path)))
    if narrowed != inputs:
        _rewrite_metadata(path, signature.to_metadata(narrowed, outputs))
    return path, narrowed, outputs


def _model_files(names, suffix):
    return [n for n in names
            if n.startswith("data/aotinductor/") and n.endswith(suffix)]


def _wrapper_source(path):
    """The generated wrapper C++ of the package's (single) model."""
    from torch.export.pt2_archive._package import PT2ArchiveReader

    with PT2ArchiveReader(os.fspath(path)) as r:
        cpp = _model_files(r.get_file_names(), ".wrapper.cpp")
        if len(cpp) != 1:
            raise RuntimeError(f"{os.fspath(path)}: expected one wrapper "
                               f"source, found {len(cpp)}")
        return r.read_string(cpp[0])


def _rewrite_metadata(path, metadata):
    """Rewrites the package with `metadata` merged into every model
    metadata file."""
    import json

    from torch.export.pt2_archive._package import PT2ArchiveReader

    with PT2ArchiveReader(os.fspath(path)) as r:
        meta = set(_model_files(r.get_file_names(), "_metadata.json"))

    def merge(name, data):
        if name not in meta:
            return data
        doc = json.loads(data)
        doc.update(metadata)
        return json.dumps(doc).encode()

    rewrite_package(path, merge)


def rewrite_package(path, edit, add=()):
    """Rewrites the package at `path` through PyTorch's own archive writer,
    so the layout (root directory, 64-byte alignment, records) stays what
    torch writes.  `edit(name, data)` gives each entry's new bytes, or None
    to drop it; `add` is (name, bytes) pairs written after them.  The new
    archive replaces the old one atomically."""
    import tempfile

    from torch.export.pt2_archive._package import (PT2ArchiveReader,
                                                   PT2ArchiveWriter)

    path = os.fspath(path)
    # The archive's root directory is the file's base name: keep it.
    tmpdir = tempfile.mkdtemp(dir=os.path.dirname(os.path.abspath(path)))
    tmp = os.path.join(tmpdir, os.path.basename(path))
    try:
        with PT2ArchiveReader(path) as r, PT2ArchiveWriter(tmp) as w:
            for name in r.get_file_names():
                if name.startswith(".data/"):
                    continue  # written by the writer itself
                data = edit(name, r.read_bytes(name))
                if data is not None:
                    w.write_bytes(name, data)
            for name, data in add:
                w.write_bytes(name, data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
        os.rmdir(tmpdir)


def load_package(path, model_name="model"):
    """Load one model of a package with PyTorch's own AOTI loader."""
    from torch._inductor.package import load_package as _load

    # torch retries a missing name as an "outdated pt2 file", logging a
    # misleading warning and then a very long error; check names first.
    names = model_names(path)
    if model_name not in names:
        raise ValueError(f"no model '{model_name}' in {os.fspath(path)} "
                         f"(has: {', '.join(names) or 'none'})")
    return _load(os.fspath(path), model_name)


def model_names(path):
    """Model names in a .pt2 zip: <root>/data/aotinductor/<name>/..."""
    try:
        with zipfile.ZipFile(path) as z:
            entries = z.namelist()
    except zipfile.BadZipFile as e:
        raise ValueError(f"{os.fspath(path)}: not a .pt2 package: {e}") from e
    parts = (name.split("/") for name in entries)
    return sorted({p[3] for p in parts
                   if len(p) > 4 and p[1:3] == ["data", "aotinductor"]})


def run_package(compiled, inputs):
    """Outputs of a loaded package as a list of tensors."""
    with torch.no_grad():
        out = compiled(*inputs)
    return list(out) if isinstance(out, (list, tuple)) else [out]


def verify(path, model, inputs, atol=1e-4):
    """Max abs diff between package and eager outputs; raises
    VerificationError if shapes or dtypes differ or the diff exceeds atol."""
    got = run_package(load_package(path), inputs)
    with torch.no_grad():
        want = model(*inputs)
    if len(got) != len(want):
        raise VerificationError(f"{len(got)} outputs, eager has {len(want)}")
    worst = 0.0
    for i, (g, w) in enumerate(zip(got, want)):
        if g.dtype != w.dtype or g.shape != w.shape:
            raise VerificationError(
                f"output {i}: {g.dtype} {list(g.shape)}, eager has "
                f"{w.dtype} {list(w.shape)}")
        diff = (g.double() - w.double()).abs().max().item() if g.numel() else 0.0
        if not diff <= atol:  # written so that NaN fails too
            raise VerificationError(
                f"output {i}: max abs diff {diff:.3g} exceeds {atol:g}")
        worst = max(worst, diff)
    return worst

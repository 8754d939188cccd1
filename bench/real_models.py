#!/usr/bin/env python3
"""Real architectures for `make bench`: built from PyPI `transformers`
configs with random weights (no hub, no torchvision), exported once into
the build tree with torch.export + AOTInductor (frozen, through
inductor_tools) and to ONNX (torch.onnx.export(..., dynamo=True)).

  real_models.py export --model NAME --outdir DIR --srcdir SRC [--deps D]...
      makes DIR/NAME-KEY/ (model.pt2, model.onnx, inputs, key.json) unless
      it is there already; prints key.json's content as one JSON line.

KEY hashes what decides the export: torch and transformers versions, the
model's config, the example shapes and EXPORT_VERSION (bump it when the
export code changes).  A second `make bench` finds the directory and skips
the export.
"""
import argparse
import hashlib
import json
import os
import shutil
import sys
import time

EXPORT_VERSION = 4
BATCHES = (1, 8)
SEQ = 64          # tokens per sequence for BERT and GPT-2 (both dynamic)
BATCH_MAX = 64
MODELS = ("resnet50", "bert", "gpt2", "vit")


def add_paths(paths):
    """Appended, never prepended: the venv's torch and numpy stay first."""
    for p in paths:
        if p and p not in sys.path:
            sys.path.append(p)


def spec(name):
    """(config, build(config) -> nn.Module, inputs) of model NAME.  inputs:
    [(input name, dtype, shape for batch B as a function, sampler)]."""
    import transformers as T

    if name == "resnet50":  # ResNetConfig's defaults are ResNet-50
        cfg = T.ResNetConfig(num_labels=1000)
        return cfg, T.ResNetForImageClassification, [
            ("pixel_values", "float32", lambda b: (b, 3, 224, 224), "normal")]
    if name == "vit":       # ViTConfig's defaults are ViT-Base/16, 224
        cfg = T.ViTConfig(num_labels=1000)
        return cfg, T.ViTForImageClassification, [
            ("pixel_values", "float32", lambda b: (b, 3, 224, 224), "normal")]
    if name == "bert":      # BertConfig's defaults are BERT-base
        cfg = T.BertConfig()
        return cfg, lambda c: T.BertModel(c, add_pooling_layer=False), [
            ("input_ids", "int64", lambda b: (b, SEQ), ("ids", cfg.vocab_size)),
            ("attention_mask", "int64", lambda b: (b, SEQ), "ones")]
    if name == "gpt2":      # GPT2Config's defaults are GPT-2 small (124M)
        cfg = T.GPT2Config(use_cache=False)
        return cfg, T.GPT2LMHeadModel, [
            ("input_ids", "int64", lambda b: (b, SEQ), ("ids", cfg.vocab_size))]
    raise SystemExit(f"real_models: unknown model {name!r} (known: {', '.join(MODELS)})")


def wrap(model, names):
    """The model with its inputs as named positional parameters (the
    package's signature metadata, and so `inductor bench --input NAME=`,
    take their names from forward()'s) and its first output (logits or
    hidden states) as the one output."""
    import torch

    params = ", ".join(names)
    src = (f"def forward(self, {params}):\n"
           f"    return self.model({', '.join(f'{n}={n}' for n in names)}, "
           "return_dict=False)[0]\n")
    ns = {}
    exec(src, ns)  # noqa: S102 - names come from spec(), not from input

    class Wrapped(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.model = model
    Wrapped.forward = ns["forward"]
    return Wrapped()


def build(name):
    """(eval-mode wrapped module, inputs spec, config), seeded."""
    import torch

    cfg, ctor, inputs = spec(name)
    torch.manual_seed(0)
    model = ctor(cfg).eval()
    return wrap(model, [i[0] for i in inputs]).eval(), inputs, cfg


def make_inputs(inputs, batch, seed=0):
    """numpy arrays for batch `batch`, the same in every runner."""
    import numpy as np

    rng = np.random.default_rng(seed)
    out = {}
    for name, dtype, shape, kind in inputs:
        s = shape(batch)
        if kind == "normal":
            out[name] = rng.standard_normal(s, dtype=np.float32)
        elif kind == "ones":
            out[name] = np.ones(s, dtype=dtype)
        else:
            out[name] = rng.integers(0, kind[1], size=s, dtype=dtype)
    return out


def cache_key(name, torch_version, transformers_version, config_dict, threads=None):
    """threads: the OpenMP threads the kernels are generated for (torch
    2.13 sizes per-thread buffers by the exporting machine's count)."""
    doc = {"model": name, "torch": torch_version, "transformers": transformers_version,
           "config": config_dict, "seq": SEQ, "batch_max": BATCH_MAX, "threads": threads,
           "export_version": EXPORT_VERSION}
    text = json.dumps(doc, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def dynamic_shapes(inputs):
    from torch.export import Dim

    batch = Dim("batch", min=1, max=BATCH_MAX)
    seq = Dim("seq", min=2, max=SEQ * 8)
    return tuple({0: batch, 1: seq} if len(shape(1)) == 2 else {0: batch}
                 for _, _, shape, _ in inputs)


def compile_frozen(ep, path, srcdir):
    """inductor_tools' compile_package with freezing (weights become
    constants: the CPU export that wins; it compiles under no_grad, without
    which Inductor does not freeze)."""
    sys.path.insert(0, os.path.join(srcdir, "python"))
    from inductor_tools import export as ex

    return ex.compile_package(ep, path, freeze=True)


def export(name, outdir, srcdir):
    import numpy as np
    import torch
    import transformers

    model, inputs, cfg = build(name)
    key = cache_key(name, torch.__version__, transformers.__version__, cfg.to_dict(),
                    torch.get_num_threads())
    d = os.path.join(outdir, f"{name}-{key}")
    done = os.path.join(d, "key.json")
    if os.path.exists(done):
        with open(done) as f:
            info = json.load(f)
        info["cached"] = True
        return info
    tmp = d + ".tmp"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    info = {"model": name, "key": key, "dir": d, "torch": torch.__version__,
            "transformers": transformers.__version__, "seq": SEQ,
            "params": sum(p.numel() for p in model.parameters()),
            "inputs": [[n, t] for n, t, _, _ in inputs], "notes": []}
    for b in BATCHES:
        arrs = make_inputs(inputs, b)
        for n, a in arrs.items():
            np.save(os.path.join(tmp, f"in-b{b}-{n}.npy"), a)
        if len(arrs) == 1:  # the classic JSON form, for infer's cold start
            (a,) = arrs.values()
            with open(os.path.join(tmp, f"in-b{b}.json"), "w") as f:
                json.dump({"data": a.ravel().tolist(), "shape": list(a.shape)}, f)
    # torch.export specializes size-1 dims: trace with batch 2.
    trace = tuple(torch.from_numpy(a) for a in make_inputs(inputs, 2).values())
    dyn = dynamic_shapes(inputs)
    t0 = time.perf_counter()
    with torch.no_grad():
        ep = torch.export.export(model, trace, dynamic_shapes=dyn)
    compile_frozen(ep, os.path.join(tmp, "model.pt2"), srcdir)
    info["export_pt2_s"] = round(time.perf_counter() - t0, 1)
    t0 = time.perf_counter()
    try:
        torch.onnx.export(model, trace, os.path.join(tmp, "model.onnx"), dynamo=True,
                          dynamic_shapes=dyn, input_names=[i[0] for i in inputs],
                          output_names=["output"], external_data=False)
        info["export_onnx_s"] = round(time.perf_counter() - t0, 1)
    except Exception as e:  # noqa: BLE001 - ORT is then n/a, with the reason
        info["notes"].append(f"ONNX export failed: {first_line(e)}")
    info["check"] = check(model, inputs, tmp)
    with open(os.path.join(tmp, "key.json"), "w") as f:
        json.dump(info, f, indent=1)
    shutil.rmtree(d, ignore_errors=True)
    os.replace(tmp, d)
    info["cached"] = False
    return info


def first_line(e):
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:300]


def check(model, inputs, d):
    """Max abs difference of the package's and ONNX Runtime's outputs from
    eager at batch 1 and 8: a broken export shows here, not as a fast time."""
    import numpy as np
    import torch

    out = {}
    pkg = torch._inductor.aoti_load_package(os.path.join(d, "model.pt2"))
    sess = None
    if os.path.exists(os.path.join(d, "model.onnx")):
        try:
            import onnxruntime as ort
            sess = ort.InferenceSession(os.path.join(d, "model.onnx"),
                                        providers=["CPUExecutionProvider"])
        except Exception as e:  # noqa: BLE001
            out["ort_error"] = first_line(e)
    for b in BATCHES:
        arrs = {n: np.load(os.path.join(d, f"in-b{b}-{n}.npy")) for n, *_ in inputs}
        xs = [torch.from_numpy(a) for a in arrs.values()]
        with torch.no_grad():
            ref = model(*xs)
            got = pkg(*xs)
        got = got[0] if isinstance(got, (list, tuple)) else got
        out[f"pt2_b{b}"] = float((got - ref).abs().max())
        if sess is not None:
            o = sess.run(None, arrs)[0]
            out[f"onnx_b{b}"] = float(np.abs(o - ref.numpy()).max())
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("cmd", choices=["export"])
    p.add_argument("--model", required=True, choices=MODELS)
    p.add_argument("--outdir", required=True)
    p.add_argument("--srcdir", required=True)
    p.add_argument("--deps", action="append", default=[],
                   help="a pip --target directory to import from (after the venv's own)")
    a = p.parse_args()
    add_paths(a.deps)
    os.makedirs(a.outdir, exist_ok=True)
    print(json.dumps(export(a.model, os.path.abspath(a.outdir), a.srcdir)))


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Export fixture packages the way a new user would: plain torch.export and
torch._inductor.aoti_compile_and_package, no inductor tooling, so the
packages carry none of inductor's metadata ("inductor.inputs", ...).  The C
side must read their signature from the generated wrapper source alone.

  plain_dict     x float32 [B,4] (B dynamic, 3..32), keyword scale float32
                 [B,1] -> {"logits": float32 [B,3], "ids": int64 [B,3]}
  plain_output   input_ids int64 [B,6] (B dynamic, 2..16), keyword
                 attention_mask bool [B,6] -> a dataclass registered as a
                 pytree node with fields last_hidden_state float32 [B,6,4]
                 and pooler_output float32 [B,4] (as transformers'
                 ModelOutput is), without needing transformers
  plain_scalar   x float32 [4,5] and s float32 [] (static), y int32 [N,3]
                 (N dynamic, no bounds given) -> a tuple: float32 [4],
                 float64 [N,3]

Writes --output (a .pt2), --input-json (an example input, by position)
and --expected-json (the eager outputs, flattened in pytree order, with
"key": the dict key or field name).  Exit 1 with
`generate_plain_export: error: ...`.
"""

import argparse
import dataclasses
import json
import sys

PROG = "generate_plain_export"

try:
    import torch
    import torch.utils._pytree as pytree
except ImportError as e:  # pragma: no cover - reported, not raised
    print(f"{PROG}: error: cannot import torch: {e}", file=sys.stderr)
    sys.exit(1)


class DictModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lin = torch.nn.Linear(4, 3)

    def forward(self, x, *, scale):
        logits = self.lin(x) * scale
        return {"logits": logits, "ids": logits.argsort(dim=1)}


@dataclasses.dataclass
class EncoderOutput:
    """Shaped like transformers.modeling_outputs.BaseModelOutputWithPooling."""
    last_hidden_state: torch.Tensor
    pooler_output: torch.Tensor


# As transformers registers ModelOutput subclasses: the context is the list
# of field names, which torch serializes as a JSON string.
pytree.register_pytree_node(
    EncoderOutput,
    lambda o: ([o.last_hidden_state, o.pooler_output],
               ["last_hidden_state", "pooler_output"]),
    lambda values, ctx: EncoderOutput(*values),
    serialized_type_name=f"{__name__}.EncoderOutput",
    flatten_with_keys_fn=lambda o: (
        [(pytree.GetAttrKey("last_hidden_state"), o.last_hidden_state),
         (pytree.GetAttrKey("pooler_output"), o.pooler_output)],
        ["last_hidden_state", "pooler_output"]),
    to_dumpable_context=json.dumps,
    from_dumpable_context=json.loads,
)


class TinyEncoder(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.emb = torch.nn.Embedding(10, 4)

    def forward(self, input_ids, *, attention_mask):
        h = self.emb(input_ids) * (~attention_mask).unsqueeze(-1).float()
        return EncoderOutput(last_hidden_state=h, pooler_output=h.mean(dim=1))


def _dict_case():
    torch.manual_seed(0)
    batch = torch.export.Dim("batch", min=3, max=32)
    x = torch.randn(3, 4)
    scale = torch.rand(3, 1)
    return (DictModel(), (x,), {"scale": scale},
            {"x": {0: batch}, "scale": {0: batch}},
            [("x", x), ("scale", scale)])


def _output_case():
    torch.manual_seed(0)
    batch = torch.export.Dim("batch", min=2, max=16)
    ids = torch.randint(0, 10, (2, 6))
    mask = torch.zeros(2, 6, dtype=torch.bool)
    mask[1, 4:] = True
    return (TinyEncoder(), (ids,), {"attention_mask": mask},
            {"input_ids": {0: batch}, "attention_mask": {0: batch}},
            [("input_ids", ids), ("attention_mask", mask)])


class ScalarModel(torch.nn.Module):
    def forward(self, x, s, y):
        return (x * s).sum(dim=1), y.to(torch.float64) + 1


def _scalar_case():
    torch.manual_seed(0)
    x = torch.randn(4, 5)
    s = torch.tensor(2.0)
    y = torch.arange(21, dtype=torch.int32).reshape(7, 3)
    return (ScalarModel(), (x, s, y), {},
            ({}, {}, {0: torch.export.Dim("n")}),
            [("x", x), ("s", s), ("y", y)])


CASES = {"plain_dict": _dict_case, "plain_output": _output_case,
         "plain_scalar": _scalar_case}


def _record(_name, t):
    data = t.flatten().tolist()
    if t.dtype == torch.bool:
        data = [bool(v) for v in data]
    # torch's names are inductor's for these dtypes ("float32", "int32").
    return {"dtype": str(t.dtype).replace("torch.", ""),
            "shape": list(t.shape), "data": data}


def _key(path):
    """"logits", "last_hidden_state": the path of dict keys / field names
    (and indices below them); None for a plain tuple's leaf, as inductor
    writes no key for one."""
    parts, named = [], False
    for k in path:
        for attr in ("key", "name", "idx"):
            if hasattr(k, attr):
                parts.append(str(getattr(k, attr)))
                named |= attr != "idx"
                break
    return ".".join(parts) if named else None


def main(argv=None):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=sorted(CASES), required=True)
    p.add_argument("--output", required=True, metavar="PATH")
    p.add_argument("--input-json", required=True, metavar="PATH")
    p.add_argument("--expected-json", required=True, metavar="PATH")
    args = p.parse_args(argv)
    model, a, kw, shapes, named = CASES[args.model]()
    try:
        ep = torch.export.export(model.eval(), a, kw, dynamic_shapes=shapes)
        torch._inductor.aoti_compile_and_package(ep, package_path=args.output)
    except Exception as e:  # noqa: BLE001 - one line, exit 1
        msg = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"{PROG}: error: export failed: {msg}", file=sys.stderr)
        return 1
    with open(args.input_json, "w") as f:
        json.dump({"inputs": [_record(n, t) for n, t in named]}, f)
    with torch.no_grad():
        leaves, _ = pytree.tree_flatten_with_path(model(*a, **kw))
    outputs = [dict(index=i, **({"key": _key(path)} if _key(path) else {}),
                    **_record("", t)) for i, (path, t) in enumerate(leaves)]
    with open(args.expected_json, "w") as f:
        json.dump({"num_outputs": len(outputs), "outputs": outputs}, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())

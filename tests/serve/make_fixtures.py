#!/usr/bin/env python3
"""Export the packages only the server's tests use.

  serve_dtypes  one input of every datatype the server takes (b BOOL,
                u8 UINT8, i8 INT8, i16 INT16, i32 INT32, i64 INT64, h FP16,
                f FP32, d FP64, bf BF16), each [B,3] with a dynamic batch B,
                and one output of the same datatype per input
                (out_b ... out_bf), so every datatype goes in and comes out.
"""

import argparse
import os
import sys

SRC = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
sys.path.insert(0, os.path.join(SRC, "python"))

from inductor_tools import cli  # noqa: E402

PROG = "make_fixtures"
torch = cli.import_torch(PROG)

from inductor_tools.export import export_model  # noqa: E402

DTYPES = (("b", torch.bool), ("u8", torch.uint8), ("i8", torch.int8),
          ("i16", torch.int16), ("i32", torch.int32), ("i64", torch.int64),
          ("h", torch.float16), ("f", torch.float32), ("d", torch.float64),
          ("bf", torch.bfloat16))


class AllDtypes(torch.nn.Module):
    """Each output keeps its input's dtype: integers x*2+1 (inputs kept
    small so nothing overflows), floats x*1.5-0.25, bool negated."""

    def forward(self, b, u8, i8, i16, i32, i64, h, f, d, bf):
        ints = tuple(x * 2 + 1 for x in (u8, i8, i16, i32, i64))
        floats = tuple(x * 1.5 - 0.25 for x in (h, f, d, bf))
        return (torch.logical_not(b),) + ints + floats


def example(batch):
    g = torch.Generator().manual_seed(7)
    out = []
    for _, dt in DTYPES:
        if dt == torch.bool:
            out.append(torch.rand(batch, 3, generator=g) > 0.5)
        elif dt.is_floating_point:
            out.append(torch.randn(batch, 3, generator=g).to(dt))
        else:
            out.append(torch.randint(0, 50, (batch, 3), generator=g).to(dt))
    return tuple(out)


def main(argv=None):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    p.add_argument("--model", choices=("serve_dtypes",), required=True)
    p.add_argument("--output", required=True, metavar="PATH.pt2")
    args = p.parse_args(argv)
    result = export_model(AllDtypes().eval(), example(2), args.output,
                          dynamic=True,
                          output_names=tuple("out_" + n for n, _ in DTYPES))
    if result.fallback_reason:
        raise SystemExit(f"{PROG}: dynamic export failed: {result.fallback_reason}")


if __name__ == "__main__":
    main()

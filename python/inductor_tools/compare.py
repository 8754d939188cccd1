"""Compare two lists of output TensorRecords the way the C tests need:
dtypes and shapes exactly, integers and bools exactly, floats within an
absolute tolerance with NaN equal to NaN."""

import math
from dataclasses import dataclass

from .dtypes import FLOAT_DTYPES


@dataclass
class Comparison:
    ok: bool
    message: str          # the one line compare_outputs prints
    max_abs_diff: float


def compare_records(a, b, atol):
    if len(a) != len(b):
        return Comparison(False, f"mismatch: {len(a)} outputs vs {len(b)}", 0.0)
    worst = 0.0
    for i, (x, y) in enumerate(zip(a, b)):
        problem, diff = _compare_one(x, y, atol)
        if problem:
            return Comparison(False, f"mismatch: output {i}: {problem}", worst)
        worst = max(worst, diff)
    noun = "output" if len(a) == 1 else "outputs"
    return Comparison(
        True, f"match: {len(a)} {noun}, max abs diff {worst:.2g}", worst)


def _compare_one(x, y, atol):
    """(problem or None, max abs diff) for one pair of records."""
    if x.dtype != y.dtype:
        return f"dtype {x.dtype} vs {y.dtype}", 0.0
    if x.shape != y.shape:
        return f"shape {x.shape} vs {y.shape}", 0.0
    if x.dtype not in FLOAT_DTYPES:
        k = next((k for k, (u, v) in enumerate(zip(x.data, y.data)) if u != v),
                 None)
        return (None if k is None
                else f"element {k}: {x.data[k]} vs {y.data[k]}"), 0.0
    diffs = [_float_diff(u, v) for u, v in zip(x.data, y.data)]
    worst = max(diffs, default=0.0)
    if worst > atol:
        k = diffs.index(worst)
        return (f"max abs diff {worst:.3g} > atol {atol:g} "
                f"(element {k}: {x.data[k]} vs {y.data[k]})"), worst
    return None, worst


def _float_diff(u, v):
    if math.isnan(u) or math.isnan(v):
        return 0.0 if math.isnan(u) and math.isnan(v) else math.inf
    if u == v:  # also equal infinities, whose difference would be NaN
        return 0.0
    return abs(u - v)

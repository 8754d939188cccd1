"""The JSON tensor formats shared with the C CLI.

Inputs come in two shapes:
  classic: {"data": [floats...], "shape": [...]}          (one float32 tensor)
  multi:   {"inputs": [{"dtype", "shape", "data"}, ...]}
Outputs: {"latency_ms", "num_outputs", "outputs": [{"index", "dtype",
"shape", "data"}, ...]}. Data is always flat, row-major.

Parsing and validation are plain Python so that tools such as
compare_outputs need no torch; only the *_tensor helpers import it.
"""

import json
import math
from dataclasses import dataclass

from .dtypes import DTYPE_NAMES, INT_DTYPES


class FormatError(ValueError):
    """A JSON document that is not in one of the formats above."""


@dataclass
class TensorRecord:
    dtype: str
    shape: list
    data: list  # flat, row-major


# --- reading ---------------------------------------------------------------

def load_inputs(path):
    """TensorRecords from an input JSON file in either format."""
    doc = _load(path)
    if isinstance(doc, dict) and "inputs" in doc:
        items = doc["inputs"]
        if not isinstance(items, list):
            raise FormatError("'inputs' must be a list")
        return [parse_record(item, f"input {i}") for i, item in enumerate(items)]
    if isinstance(doc, dict) and "data" in doc:
        return [parse_record(dict(doc, dtype="float32"), "input")]
    raise FormatError("expected an object with 'inputs' or 'data' and 'shape'")


def load_outputs(path):
    """(latency_ms, TensorRecords) from an output JSON file."""
    doc = _load(path)
    if not isinstance(doc, dict) or not isinstance(doc.get("outputs"), list):
        raise FormatError("expected an object with an 'outputs' list")
    outputs = doc["outputs"]
    if doc.get("num_outputs") != len(outputs):
        raise FormatError(f"num_outputs is {doc.get('num_outputs')!r} but "
                          f"there are {len(outputs)} outputs")
    records = []
    for i, item in enumerate(outputs):
        if not isinstance(item, dict) or item.get("index") != i:
            raise FormatError(f"output {i}: missing or wrong 'index'")
        records.append(parse_record(item, f"output {i}"))
    return doc.get("latency_ms"), records


def parse_record(item, where):
    """Validate one {"dtype", "shape", "data"} object into a TensorRecord."""
    if not isinstance(item, dict):
        raise FormatError(f"{where}: expected an object")
    dtype, shape, data = item.get("dtype"), item.get("shape"), item.get("data")
    if dtype not in DTYPE_NAMES:
        raise FormatError(f"{where}: unsupported dtype {dtype!r}")
    if not isinstance(shape, list) or not all(_is_int(d) and d >= 0 for d in shape):
        raise FormatError(f"{where}: 'shape' must be a list of sizes")
    if not isinstance(data, list):
        raise FormatError(f"{where}: 'data' must be a flat list")
    if len(data) != math.prod(shape):
        raise FormatError(f"{where}: shape {shape} needs {math.prod(shape)} "
                          f"values, got {len(data)}")
    for v in data:
        if not _fits(dtype, v):
            raise FormatError(f"{where}: value {v!r} is not a valid {dtype}")
    return TensorRecord(dtype, shape, data)


def _load(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except json.JSONDecodeError as e:
        raise FormatError(f"{path}: invalid JSON: {e}") from e


def _is_int(v):
    # bool is an int subclass in Python but a distinct type on the wire.
    return isinstance(v, int) and not isinstance(v, bool)


def _fits(dtype, value):
    if dtype == "bool":
        return isinstance(value, bool)
    if dtype in INT_DTYPES:
        return _is_int(value)
    return _is_int(value) or isinstance(value, float)


# --- writing ---------------------------------------------------------------

def write_inputs(path, records):
    """Write inputs: classic format for a lone float32 tensor, else multi."""
    if len(records) == 1 and records[0].dtype == "float32":
        doc = {"data": records[0].data, "shape": records[0].shape}
    else:
        doc = {"inputs": [_record_dict(r) for r in records]}
    _dump(path, doc)


def write_outputs(path, records, latency_ms):
    outputs = [dict(index=i, **_record_dict(r)) for i, r in enumerate(records)]
    _dump(path, {"latency_ms": latency_ms, "num_outputs": len(records),
                 "outputs": outputs})


def _record_dict(r):
    return {"dtype": r.dtype, "shape": list(r.shape), "data": r.data}


def _dump(path, doc):
    # NaN/Infinity are written as Python's json does (json-c reads them).
    with open(path, "w", encoding="utf-8") as f:
        json.dump(doc, f)
        f.write("\n")


# --- torch conversion ------------------------------------------------------

def record_to_tensor(record):
    """A CPU tensor of exactly the record's dtype and shape."""
    import torch

    from .dtypes import to_torch

    return torch.tensor(record.data, dtype=to_torch(record.dtype)).reshape(
        record.shape)


def tensor_to_record(tensor):
    """TensorRecord of a tensor on any device (.tolist() turns float16 and
    bfloat16 into Python floats exactly)."""
    from .dtypes import from_torch

    flat = tensor.detach().cpu().reshape(-1).tolist()
    return TensorRecord(from_torch(tensor.dtype), list(tensor.shape), flat)

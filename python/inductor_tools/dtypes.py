"""The dtype names shared with the C runtime and their torch counterparts."""

# Order matches the C enum's documented list; names are the wire format.
DTYPE_NAMES = (
    "float32", "float64", "float16", "bfloat16",
    "int64", "int32", "int16", "int8", "uint8", "bool",
)

FLOAT_DTYPES = frozenset({"float32", "float64", "float16", "bfloat16"})
INT_DTYPES = frozenset({"int64", "int32", "int16", "int8", "uint8"})


def to_torch(name):
    """torch.dtype for a wire name; ValueError for anything unsupported."""
    import torch

    if name not in DTYPE_NAMES:
        raise ValueError(f"unsupported dtype {name!r}")
    return getattr(torch, name)


def from_torch(dtype):
    """Wire name for a torch.dtype; ValueError if the C runtime lacks it."""
    name = str(dtype).removeprefix("torch.")
    if name not in DTYPE_NAMES:
        raise ValueError(f"unsupported dtype {name!r}")
    return name

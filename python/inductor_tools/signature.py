"""The input/output signature every exported package carries as metadata.

AOTInductor only records pytree specs, not names, dtypes or shapes; the C
runtime reads these keys from the package's wrapper metadata instead so it
can name operands in error messages and check inputs before running.
"""

import json

from . import EXPORTER
from .dtypes import from_torch

INPUTS_KEY = "inductor.inputs"
OUTPUTS_KEY = "inductor.outputs"
EXPORTER_KEY = "inductor.exporter"

DYNAMIC = -1  # wire value for a dimension whose size is only known at run time


def tensor_entry(name, value):
    """Signature entry for one (fake) tensor; symbolic dims become -1."""
    # A dynamic dim is a torch.SymInt, which is not an int subclass.
    shape = [d if isinstance(d, int) else DYNAMIC for d in value.shape]
    return {"name": name, "dtype": from_torch(value.dtype), "shape": shape}


def from_exported_program(ep, output_names=()):
    """(inputs, outputs) signature lists of an ExportedProgram."""
    user_inputs = set(ep.graph_signature.user_inputs)
    nodes = list(ep.graph.nodes)
    inputs = [tensor_entry(n.name, n.meta["val"]) for n in nodes
              if n.op == "placeholder" and n.name in user_inputs]
    # Output metadata sits on the output node's arguments, not on the node.
    out_nodes = next(n for n in reversed(nodes) if n.op == "output").args[0]
    names = list(output_names) or [f"output{i}" for i in range(len(out_nodes))]
    if len(names) != len(out_nodes):
        raise ValueError(f"{len(out_nodes)} outputs but {len(names)} names")
    outputs = [tensor_entry(name, n.meta["val"])
               for name, n in zip(names, out_nodes)]
    return inputs, outputs


def to_metadata(inputs, outputs):
    """The aot_inductor.metadata dict (string values only) for a signature."""
    return {
        INPUTS_KEY: json.dumps(inputs),
        OUTPUTS_KEY: json.dumps(outputs),
        EXPORTER_KEY: EXPORTER,
    }


def from_metadata(metadata):
    """(inputs, outputs) from a package's metadata, or None if absent."""
    if INPUTS_KEY not in metadata or OUTPUTS_KEY not in metadata:
        return None
    return json.loads(metadata[INPUTS_KEY]), json.loads(metadata[OUTPUTS_KEY])


def check_inputs(expected, records):
    """First mismatch between signature inputs and TensorRecords, or None."""
    if len(expected) != len(records):
        return f"expected {len(expected)} inputs, got {len(records)}"
    for i, (want, got) in enumerate(zip(expected, records)):
        where = f"input {i} '{want['name']}'"
        if want["dtype"] != got.dtype:
            return f"{where}: expected {want['dtype']}, got {got.dtype}"
        if not _shape_matches(want["shape"], got.shape):
            return f"{where}: expected shape {want['shape']}, got {got.shape}"
    return None


def _shape_matches(pattern, shape):
    return len(pattern) == len(shape) and all(
        p == DYNAMIC or p == s for p, s in zip(pattern, shape))

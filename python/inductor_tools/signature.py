"""The input/output signature every exported package carries as metadata.

AOTInductor only records pytree specs, not names, dtypes or shapes; the C
runtime reads these keys from the package's wrapper metadata instead so it
can name operands in error messages and check inputs before running.

Input entries also carry "device" (the device type the model takes the
input on), "ranges": per dimension, null for a static one and [min, max]
for a dynamic one (max null when unbounded), and "symbols": per dimension,
null for a static one and the dimension's symbolic size ("s77", "2*s77")
for a dynamic one.  Dimensions with the same symbol must have the same size
at run time: the compiled code reads the size from one of them only.  The
ranges are what the *compiled* package accepts, which can be narrower than
what torch.export was told: see compiled_input_bounds() and narrow_ranges().
"""

import json
import math
import re

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


def dim_range(dim, range_constraints):
    """[min, max] of a symbolic dim under the export's range constraints;
    max is None when unbounded.  A dim may be an expression (2*s0)."""
    from torch.utils._sympy.value_ranges import bound_sympy

    vr = bound_sympy(dim.node.expr, range_constraints)
    lower = 0 if math.isinf(vr.lower) else max(0, int(vr.lower))
    upper = None if math.isinf(vr.upper) else int(vr.upper)
    return [lower, upper]


def input_entry(name, value, range_constraints):
    """An input's entry: tensor_entry plus "device", "ranges", "symbols"."""
    entry = tensor_entry(name, value)
    entry["device"] = value.device.type
    entry["ranges"] = [None if isinstance(d, int)
                       else dim_range(d, range_constraints)
                       for d in value.shape]
    entry["symbols"] = [None if isinstance(d, int) else str(d.node.expr)
                        for d in value.shape]
    return entry


def from_exported_program(ep, output_names=()):
    """(inputs, outputs) signature lists of an ExportedProgram.  Input
    ranges are the export's; narrow_ranges() applies the compiled ones."""
    user_inputs = set(ep.graph_signature.user_inputs)
    nodes = list(ep.graph.nodes)
    inputs = [input_entry(n.name, n.meta["val"], ep.range_constraints)
              for n in nodes
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
    seen = {}  # symbol -> (input, dim, size) where it was first seen
    for i, (want, got) in enumerate(zip(expected, records)):
        where = f"input {i} '{want['name']}'"
        if want["dtype"] != got.dtype:
            return f"{where}: expected {want['dtype']}, got {got.dtype}"
        if not _shape_matches(want["shape"], got.shape):
            return f"{where}: expected shape {want['shape']}, got {got.shape}"
        problem = (_range_problem(want.get("ranges"), got.shape) or
                   _symbol_problem(expected, i, want.get("symbols"),
                                   got.shape, seen))
        if problem:
            return f"{where}: {problem}"
    return None


def _symbol_problem(expected, i, symbols, shape, seen):
    for d, (sym, size) in enumerate(zip(symbols or (), shape)):
        if sym is None:
            continue
        j, e, first = seen.setdefault(sym, (i, d, size))
        if size != first:
            return (f"dimension {d} is {size}, expected {first} (the size "
                    f"of input {j} '{expected[j]['name']}' dimension {e}: "
                    f"both are dynamic dimension {sym})")
    return None


def _shape_matches(pattern, shape):
    return len(pattern) == len(shape) and all(
        p == DYNAMIC or p == s for p, s in zip(pattern, shape))


def _range_problem(ranges, shape):
    for d, (r, size) in enumerate(zip(ranges or (), shape)):
        if r is None:
            continue
        lo, hi = r
        if size < lo or (hi is not None and size > hi):
            return (f"dimension {d} is {size}, expected "
                    f"{lo}..{'' if hi is None else hi}")
    return None


# ---- the ranges the compiled package accepts -----------------------------

# AOTInductor (torch 2.13: torch/_inductor/codegen/cpp_wrapper_cpu.py,
# generate_input_output_runtime_checks) compiles one check_input_<i>
# function per input into the wrapper source, with the bounds the compiled
# kernels were generated for.  They run only when AOTI_RUNTIME_CHECK_INPUTS
# is set, but their text says what the package really accepts.
_CHECK_FN = re.compile(r"static void check_input_(\d+)\(")
_LOWER = re.compile(r"if \(\w+_size\[(\d+)\] < (\d+)\)")
_UPPER = re.compile(r"if \(\w+_size\[(\d+)\] > (\d+)\)")
_EXACT = re.compile(r"if \((\d+) != \w+_size\[(\d+)\]\)")


def compiled_input_bounds(wrapper_source):
    """{input index: {dim: [lower or None, upper or None]}} from the
    check_input_<i> functions of an AOTInductor wrapper source."""
    found = {}
    starts = [(m.start(), int(m.group(1)))
              for m in _CHECK_FN.finditer(wrapper_source)]
    for k, (at, idx) in enumerate(starts):
        end = starts[k + 1][0] if k + 1 < len(starts) else len(wrapper_source)
        body = wrapper_source[at:end]
        dims = found.setdefault(idx, {})
        for m in _LOWER.finditer(body):
            dims.setdefault(int(m.group(1)), [None, None])[0] = int(m.group(2))
        for m in _UPPER.finditer(body):
            dims.setdefault(int(m.group(1)), [None, None])[1] = int(m.group(2))
        for m in _EXACT.finditer(body):
            n = int(m.group(1))
            dims[int(m.group(2))] = [n, n]
    return found


def narrow_ranges(inputs, compiled):
    """Input entries with each dynamic dim's range intersected with the
    compiled bounds.  A compiled lower bound of 2 where the export allowed
    0 or 1 is not narrowed to: it is the "0/1 specialization" of backed
    symbols (torch documents aot_inductor.check_lowerbound for running such
    sizes), and the kernels are generated size-obliviously.  Returns new
    entries; raises ValueError when the two cannot both hold."""
    out = []
    for i, entry in enumerate(inputs):
        entry = dict(entry, ranges=list(entry.get("ranges") or []))
        for d, r in enumerate(entry["ranges"]):
            if r is None:
                continue
            lo, hi = r
            clo, chi = compiled.get(i, {}).get(d, [None, None])
            if clo is not None and not (clo == 2 and lo < 2):
                lo = max(lo, clo)
            if chi is not None:
                hi = chi if hi is None else min(hi, chi)
            if hi is not None and lo > hi:
                raise ValueError(f"input {i} '{entry['name']}': dimension {d}"
                                 f" has no valid size (compiled {clo}..{chi},"
                                 f" exported {r[0]}..{r[1]})")
            entry["ranges"][d] = [lo, hi]
        out.append(entry)
    return out

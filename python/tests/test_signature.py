"""The inductor.* metadata every exported package carries."""

import json

import pytest

from inductor_tools import EXPORTER

# fixture name -> (inputs, outputs) as (name, dtype, shape) triples
EXPECTED = {
    "cnn_dynamic": ([("x", "float32", [-1, 3, 32, 32])],
                    [("logits", "float32", [-1, 10])]),
    "cnn_static": ([("x", "float32", [2, 3, 32, 32])],
                   [("logits", "float32", [2, 10])]),
    "mlp": ([("x", "float32", [-1, 64])], [("logits", "float32", [-1, 10])]),
    "deterministic": ([("x", "float32", [1, 4])],
                      [("output0", "float32", [1, 3])]),
    "two_input": ([("x", "float32", [-1, 4]), ("idx", "int64", [-1, 3])],
                  [("output0", "float32", [-1, 3]),
                   ("output1", "int64", [-1, 3])]),
}


def _entries(triples):
    return [{"name": n, "dtype": d, "shape": s} for n, d, s in triples]


def _core(entries):
    """name, dtype and shape of each entry; the ranges, device and symbols
    that the signature also records are checked in test_signature_ranges."""
    return [{k: e[k] for k in ("name", "dtype", "shape")} for e in entries]


@pytest.mark.parametrize("fixture", sorted(EXPECTED))
def test_signature_metadata(aoti, request, fixture):
    pt2 = request.getfixturevalue(fixture).pt2
    meta = aoti._inductor.aoti_load_package(str(pt2)).loader.get_metadata()
    inputs, outputs = EXPECTED[fixture]
    assert _core(json.loads(meta["inductor.inputs"])) == _entries(inputs)
    assert _core(json.loads(meta["inductor.outputs"])) == _entries(outputs)
    assert meta["inductor.exporter"] == EXPORTER

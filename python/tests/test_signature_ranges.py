"""Dynamic dimension ranges in the recorded signature: what the compiled
package accepts, read back from AOTInductor's compiled input checks."""

import json
import os
import subprocess
import sys
import zipfile

import pytest

from inductor_tools import signature

# A check_input_<i> function as AOTInductor 2.13 writes it (trimmed): one
# dynamic dim with both bounds, one static dim.
WRAPPER = """
AOTI_NOINLINE static void check_input_0(
    AtenTensorHandle* input_handles
) {
    auto arg0_1_size = arg0_1.sizes();
    if (arg0_1_size[0] < 2) {
        throw std::runtime_error(std::move(ss).str());
    }
    if (arg0_1_size[0] > 15) {
        throw std::runtime_error(std::move(ss).str());
    }
    if (3 != arg0_1_size[1]) {
        throw std::runtime_error(std::move(ss).str());
    }
}
AOTI_NOINLINE static void check_input_1(
    AtenTensorHandle* input_handles
) {
    auto arg1_1_size = arg1_1.sizes();
    if (arg1_1_size[0] < 16) {
        throw std::runtime_error(std::move(ss).str());
    }
}
"""


def _entry(name, ranges):
    return {"name": name, "dtype": "float32", "shape": [-1, 3],
            "device": "cpu", "ranges": ranges}


def test_compiled_bounds_are_read_per_input_and_dim():
    assert signature.compiled_input_bounds(WRAPPER) == {
        0: {0: [2, 15], 1: [3, 3]},
        1: {0: [16, None]},
    }


def test_compiled_bounds_of_a_source_without_checks_are_empty():
    assert signature.compiled_input_bounds("int main() {}") == {}


def test_narrowing_keeps_the_export_minimum_below_two():
    # 2 is the 0/1 specialization of backed symbols, not a real guard.
    got = signature.narrow_ranges([_entry("x", [[1, 1024], None])],
                                  {0: {0: [2, 15]}})
    assert got[0]["ranges"] == [[1, 15], None]


def test_narrowing_takes_a_compiled_minimum_above_two():
    got = signature.narrow_ranges([_entry("x", [[1, 1024], None])],
                                  {0: {0: [16, None]}})
    assert got[0]["ranges"] == [[16, 1024], None]


def test_narrowing_bounds_an_unbounded_export():
    got = signature.narrow_ranges([_entry("x", [[1, None], None])],
                                  {0: {0: [2, 64]}})
    assert got[0]["ranges"] == [[1, 64], None]


def test_narrowing_refuses_an_empty_range():
    with pytest.raises(ValueError, match="input 0 'x': dimension 0"):
        signature.narrow_ranges([_entry("x", [[1, 8], None])],
                                {0: {0: [16, None]}})


def test_check_inputs_names_a_size_out_of_range():
    rec = type("R", (), {"dtype": "float32", "shape": [16, 3]})
    problem = signature.check_inputs([_entry("x", [[1, 15], None])], [rec])
    assert problem == "input 0 'x': dimension 0 is 16, expected 1..15"


def test_check_inputs_names_two_sizes_of_one_symbol():
    x = dict(_entry("x", [[1, 15], None]), symbols=["s0", None])
    idx = dict(_entry("idx", [[1, 15], None]), symbols=["s0", None])
    rec = [type("R", (), {"dtype": "float32", "shape": s})
           for s in ([3, 3], [2, 3])]
    assert signature.check_inputs([x, idx], rec) == (
        "input 1 'idx': dimension 0 is 2, expected 3 (the size of input 0 "
        "'x' dimension 0: both are dynamic dimension s0)")


def test_two_input_records_one_symbol_for_the_shared_batch(two_input):
    x, idx = _inputs(two_input.pt2)
    assert x["symbols"][0] == idx["symbols"][0] is not None
    assert x["symbols"][1] is None and idx["symbols"][1] is None


def _inputs(pt2):
    with zipfile.ZipFile(pt2) as z:
        name = next(n for n in z.namelist()
                    if n.endswith(".wrapper_metadata.json"))
        return json.loads(json.loads(z.read(name))["inductor.inputs"])


def test_static_package_records_no_ranges(cnn_static):
    (x,) = _inputs(cnn_static.pt2)
    assert x["ranges"] == [None, None, None, None] and x["device"] == "cpu"


def test_two_input_records_the_batch_range_of_both_inputs(two_input):
    x, idx = _inputs(two_input.pt2)
    assert x["ranges"][1] is None and idx["ranges"][1] is None
    assert x["ranges"][0] == idx["ranges"][0]
    assert x["ranges"][0][0] == 1 and x["ranges"][0][1] <= 1024


# Runs the package with AOTInductor's own input checks switched on (the
# .so reads AOTI_RUNTIME_CHECK_INPUTS once, so in a fresh process) at each
# batch size, printing "ok" or the error per size.
PROBE = """
import json, sys, torch
import torch._inductor
m = torch._inductor.aoti_load_package(sys.argv[1])
res = {}
for b in json.loads(sys.argv[2]):
    try:
        m(torch.randn(b, 3, 32, 32))
        res[b] = "ok"
    except Exception as e:
        res[b] = str(e).splitlines()[0]
print(json.dumps(res))
"""


def test_demo_cnn_range_is_what_the_compiled_checks_accept(aoti, cnn_dynamic):
    (x,) = _inputs(cnn_dynamic.pt2)
    lo, hi = x["ranges"][0]
    # torch 2.13 narrows the batch while compiling the convolutions.
    assert lo == 1 and hi is not None and hi < 1024
    env = dict(os.environ, AOTI_RUNTIME_CHECK_INPUTS="1")
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(cnn_dynamic.pt2),
         json.dumps([2, hi, hi + 1])],
        env=env, capture_output=True, text=True, check=True).stdout
    res = {int(k): v for k, v in json.loads(out.splitlines()[-1]).items()}
    assert res[2] == "ok" and res[hi] == "ok"
    assert "too large" in res[hi + 1]


def test_demo_cnn_batch_of_one_matches_eager(aoti, cnn_dynamic):
    # The recorded minimum 1 is below the compiled check's 2: the kernels
    # must really be right for it.
    from inductor_tools import models

    spec = models.MODELS["demo_cnn"]
    (x,) = spec.example_inputs(1, seed=3)
    got = aoti._inductor.aoti_load_package(str(cnn_dynamic.pt2))(x)[0]
    with aoti.no_grad():
        want = spec.model()(x)[0]
    assert (got - want).abs().max().item() < 1e-4

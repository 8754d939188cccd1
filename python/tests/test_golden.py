"""Golden data at export (issue #16 point 1): inductor_tools.golden and
export_aot.py --golden/--golden-out.  Packages with golden data must still
load with PyTorch's own loader and reproduce the golden outputs."""

import zipfile

import numpy as np
import pytest
import torch

from conftest import run_script
from inductor_tools import golden, models
from inductor_tools.export import load_package


@pytest.fixture(scope="module")
def mlp_golden(tmp_path_factory):
    d = tmp_path_factory.mktemp("golden")
    pt2, npz = d / "mlp.pt2", d / "mlp.npz"
    run_script("export_aot", "--model", "mlp", "--batch-size", "3",
               "--output", pt2, "--golden", "--golden-out", npz,
               "--golden-tolerance", "logits=1e-3,1e-6", cwd=d, check=True)
    return pt2, npz


def test_golden_package_loads_with_aoti_load_package(mlp_golden):
    pt2, _ = mlp_golden
    spec, ins, outs = golden.load(golden.from_package(pt2))
    compiled = torch._inductor.aoti_load_package(str(pt2))
    with torch.no_grad():
        got = compiled(*ins)
    got = list(got) if isinstance(got, (list, tuple)) else [got]
    assert len(got) == len(outs) == 1
    assert got[0].shape == outs[0].shape == (3, 10)
    assert torch.allclose(got[0], outs[0], rtol=1e-3, atol=1e-6)


def test_golden_entry_path_and_tolerance_override(mlp_golden):
    pt2, npz = mlp_golden
    with zipfile.ZipFile(pt2) as z:
        names = [n.split("/", 1)[1] for n in z.namelist()]
    assert "inductor/golden/model.npz" in names
    assert not any(n.startswith("extra/") for n in names)
    spec, _, _ = golden.load(npz.read_bytes())
    assert spec["format"] == "inductor-golden"
    assert [(o["name"], o["rtol"], o["atol"]) for o in spec["outputs"]] == \
        [("logits", 1e-3, 1e-6)]
    assert golden.from_package(pt2) == npz.read_bytes()


def test_record_keyword_inputs_dict_outputs_and_bfloat16():
    spec_m = models.MODELS["kwargs_dict"]
    args, kwargs = spec_m.example_inputs(2)
    # Given in another order than forward() takes them.
    kwargs = {"offset": kwargs["offset"], "scale": kwargs["scale"]}
    data = golden.record(spec_m.model(), args, kwargs)
    spec, ins, outs = golden.load(golden.to_bytes(data))
    assert [(e["name"], e["keyword"]) for e in spec["inputs"]] == \
        [("x", False), ("scale", True), ("offset", True)]
    assert torch.equal(ins[1], kwargs["scale"])
    assert [(o["name"], o["key"]) for o in spec["outputs"]] == \
        [("logits", "logits"), ("probs", "probs")]
    assert (spec["outputs"][0]["rtol"], spec["outputs"][0]["atol"]) == \
        golden.DEFAULT_TOLERANCES["float32"]

    half = models.MODELS["half_io"]
    data = golden.record(half.model(), half.example_inputs(2))
    assert data["output_1"].dtype == np.dtype("V2")
    spec, _, outs = golden.load(golden.to_bytes(data))
    assert outs[1].dtype == torch.bfloat16
    with torch.no_grad():
        want = half.model()(*half.example_inputs(2))[1]
    assert torch.equal(outs[1], want)


def test_unknown_output_tolerance_is_refused():
    spec_m = models.MODELS["mlp"]
    with pytest.raises(golden.GoldenError, match="unknown output 'nope'"):
        golden.record(spec_m.model(), spec_m.example_inputs(1),
                      tolerances={"nope": (0, 0)})


def test_bad_golden_tolerance_is_a_usage_error(tmp_path):
    proc = run_script("export_aot", "--output", tmp_path / "x.pt2",
                      "--golden", "--golden-tolerance", "logits=1e-3")
    assert proc.returncode == 2
    assert "expected OUTPUT=RTOL,ATOL" in proc.stderr


def test_compare_semantics():
    inf = float("inf")
    assert golden.compare(torch.tensor([inf, -inf]), torch.tensor([inf, -inf]),
                          0.0, 0.0)[0]
    assert not golden.compare(torch.tensor([1e30]), torch.tensor([inf]),
                              1.0, 1.0)[0]
    w = torch.tensor([1.0, float("nan"), 0.0])
    assert golden.compare(w.clone(), w, 0.0, 0.0)[0]
    ok, d_abs, _ = golden.compare(torch.tensor([1.0, 1.0, 0.0]), w, 0.0, 0.0)
    assert not ok and d_abs == float("inf")
    ok, d_abs, d_rel = golden.compare(torch.tensor([1.1, float("nan"), 0.0]),
                                      w, 0.2, 0.0)
    assert ok and abs(d_abs - 0.1) < 1e-6 and abs(d_rel - 0.1) < 1e-6

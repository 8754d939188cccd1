"""two_input through aoti_reference.py and compare_outputs.py."""

import copy

import pytest

from conftest import read_json, run_script, write_json


@pytest.fixture(scope="module")
def reference(two_input):
    out = two_input.dir / "reference.json"
    run_script("aoti_reference", "--model", two_input.pt2, "--input",
               two_input.input, "--output", out, check=True)
    return out


def test_reference_output_format(reference):
    doc = read_json(reference)
    assert doc["num_outputs"] == 2
    assert isinstance(doc["latency_ms"], float) and doc["latency_ms"] >= 0
    out0, out1 = doc["outputs"]
    assert (out0["index"], out0["dtype"], out0["shape"]) == (0, "float32", [2, 3])
    assert (out1["index"], out1["dtype"], out1["shape"]) == (1, "int64", [2, 3])
    # idx * 3 + 1 for idx = 0..5, as JSON integers
    assert out1["data"] == [1, 4, 7, 10, 13, 16]


def test_reference_matches_eager_expected(reference, two_input):
    proc = run_script("compare_outputs", reference, two_input.expected)
    assert proc.returncode == 0
    assert proc.stdout.startswith("match: 2 outputs, max abs diff ")


def _altered(reference, tmp_path, output, value):
    doc = copy.deepcopy(read_json(reference))
    doc["outputs"][output]["data"][0] = value
    return write_json(tmp_path / "altered.json", doc)


def test_altered_int_output_is_mismatch(reference, tmp_path):
    altered = _altered(reference, tmp_path, 1, 2)
    proc = run_script("compare_outputs", reference, altered)
    assert proc.returncode == 1
    assert proc.stdout.startswith("mismatch: output 1: ")


def test_altered_float_output_is_mismatch(reference, tmp_path):
    doc = read_json(reference)
    altered = _altered(reference, tmp_path, 0,
                       doc["outputs"][0]["data"][0] + 1e-3)
    proc = run_script("compare_outputs", reference, altered)
    assert proc.returncode == 1
    assert proc.stdout.startswith("mismatch: output 0: max abs diff")
    assert run_script("compare_outputs", reference, altered,
                      "--atol", "1e-2").returncode == 0


def test_dynamic_batch_through_reference(two_input, tmp_path):
    inp = write_json(tmp_path / "in.json", {"inputs": [
        {"dtype": "float32", "shape": [3, 4], "data": [0.5] * 12},
        {"dtype": "int64", "shape": [3, 3], "data": list(range(9))},
    ]})
    out = tmp_path / "out.json"
    run_script("aoti_reference", "--model", two_input.pt2, "--input", inp,
               "--output", out, check=True)
    assert [o["shape"] for o in read_json(out)["outputs"]] == [[3, 3], [3, 3]]


def test_wrong_dtype_names_the_input(two_input, tmp_path):
    doc = read_json(two_input.input)
    doc["inputs"][1] = dict(doc["inputs"][1], dtype="int32")
    inp = write_json(tmp_path / "in.json", doc)
    proc = run_script("aoti_reference", "--model", two_input.pt2, "--input",
                      inp, "--output", tmp_path / "out.json")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "aoti_reference: error: input 1 'idx': expected int64, got int32"]


def test_unknown_model_name(two_input, tmp_path):
    proc = run_script("aoti_reference", "--model", two_input.pt2, "--input",
                      two_input.input, "--output", tmp_path / "out.json",
                      "--model-name", "nope")
    assert proc.returncode == 1
    assert "no model 'nope'" in proc.stderr

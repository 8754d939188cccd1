"""generate_test_model.py: the fixtures the C tests consume."""

import pytest

from conftest import read_json, run_script

KNOWN_OUTPUT = [2.5, 5.5, 11.0]


def test_deterministic_package_gives_known_output(aoti, deterministic):
    compiled = aoti._inductor.aoti_load_package(str(deterministic.pt2))
    (out,) = compiled(aoti.tensor([[1.0, 2.0, 3.0, 4.0]]))
    assert out.shape == (1, 3)
    assert out[0].tolist() == pytest.approx(KNOWN_OUTPUT, abs=1e-6)


def test_deterministic_input_json(deterministic):
    assert read_json(deterministic.input) == {"data": [1, 2, 3, 4],
                                              "shape": [1, 4]}


def test_deterministic_expected_json_is_analytic(deterministic):
    doc = read_json(deterministic.expected)
    assert doc["num_outputs"] == 1
    (out,) = doc["outputs"]
    assert (out["index"], out["dtype"], out["shape"]) == (0, "float32", [1, 3])
    assert out["data"] == pytest.approx(KNOWN_OUTPUT, abs=1e-12)


def test_deterministic_reference_matches_expected(deterministic, tmp_path):
    out = tmp_path / "out.json"
    run_script("aoti_reference", "--model", deterministic.pt2, "--input",
               deterministic.input, "--output", out, check=True)
    proc = run_script("compare_outputs", out, deterministic.expected)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_two_input_json_is_multi_format_with_batch_2(two_input):
    x, idx = read_json(two_input.input)["inputs"]
    assert (x["dtype"], x["shape"]) == ("float32", [2, 4])
    assert (idx["dtype"], idx["shape"]) == ("int64", [2, 3])
    assert all(isinstance(v, int) for v in idx["data"])


def test_unknown_fixture_model_is_usage_error(tmp_path):
    proc = run_script("generate_test_model", "--model", "demo_cnn",
                      "--output", tmp_path / "x.pt2")
    assert proc.returncode == 2

"""export_aot.py end to end: each package is exported once (conftest) with
--verify, then loaded with PyTorch's own AOTI loader."""

import pytest

from conftest import read_json, run_script


def _load(aoti, pt2):
    return aoti._inductor.aoti_load_package(str(pt2))


def test_prints_package_path_on_success(cnn_dynamic):
    assert cnn_dynamic.proc.stdout.strip() == str(cnn_dynamic.pt2)
    assert cnn_dynamic.pt2.is_file()


def test_dynamic_export_does_not_fall_back(cnn_dynamic):
    assert "warning" not in cnn_dynamic.proc.stderr


def test_dynamic_cnn_runs_at_other_batch_sizes(aoti, cnn_dynamic):
    compiled = _load(aoti, cnn_dynamic.pt2)
    for batch in (1, 4):
        (out,) = compiled(aoti.randn(batch, 3, 32, 32))
        assert out.shape == (batch, 10) and out.dtype == aoti.float32


def test_example_input_is_classic_json(cnn_dynamic):
    doc = read_json(cnn_dynamic.example)
    assert doc["shape"] == [1, 3, 32, 32]
    assert len(doc["data"]) == 3 * 32 * 32


def test_static_cnn_keeps_example_batch(aoti, cnn_static):
    compiled = _load(aoti, cnn_static.pt2)
    (out,) = compiled(aoti.randn(2, 3, 32, 32))
    assert out.shape == (2, 10)


def _constant_names(pt2):
    import re

    from inductor_tools.export import _wrapper_source

    return re.findall(r'constants_info_\[\d+\]\.name = "([^"]*)"',
                      _wrapper_source(pt2))


def test_cpu_export_freezes_weights_by_default(cnn_dynamic):
    names = _constant_names(cnn_dynamic.pt2)
    # Freezing folds the conv weights into (prepacked) constants of its own.
    assert any(n.startswith("_frozen_param") for n in names), names
    assert "features_0_weight" not in names


def test_no_freeze_keeps_the_parameters(cnn_static):
    names = _constant_names(cnn_static.pt2)
    assert "features_0_weight" in names, names
    assert not any(n.startswith("_frozen_param") for n in names)


def test_freeze_default_follows_the_device():
    import torch

    from inductor_tools.export import compile_configs

    ep = torch.export.export(torch.nn.Linear(2, 2), (torch.ones(1, 2),))
    assert compile_configs(ep)["freezing"] is True
    assert compile_configs(ep, freeze=False)["freezing"] is False
    meta = torch.export.export(torch.nn.Linear(2, 2).to("meta"),
                               (torch.ones(1, 2, device="meta"),))
    assert compile_configs(meta)["freezing"] is False


def test_mlp_example_input_follows_batch_size_and_seed(mlp):
    from inductor_tools.models import MODELS

    doc = read_json(mlp.example)
    assert doc["shape"] == [3, 64]
    x = MODELS["mlp"].example_inputs(3, seed=7)[0]
    assert doc["data"] == x.reshape(-1).tolist()


def test_transformer_exports_and_verifies(aoti, transformer):
    (out,) = _load(aoti, transformer.pt2)(aoti.randn(3, 16, 32))
    assert out.shape == (3, 16, 32)


def test_unknown_model_is_usage_error(tmp_path):
    proc = run_script("export_aot", "--model", "resnet", "--output",
                      tmp_path / "x.pt2")
    assert proc.returncode == 2
    assert "invalid choice" in proc.stderr
    assert not (tmp_path / "x.pt2").exists()


def test_output_must_be_pt2(tmp_path):
    proc = run_script("export_aot", "--output", tmp_path / "x.zip")
    assert proc.returncode == 2


def test_failure_is_one_line_and_exit_1(aoti, tmp_path):
    if aoti.cuda.is_available():
        pytest.skip("needs a machine without CUDA to fail cheaply")
    proc = run_script("export_aot", "--device", "cuda", "--output",
                      tmp_path / "x.pt2")
    assert proc.returncode == 1
    assert proc.stderr.splitlines() == [
        "export_aot: error: --device cuda but CUDA is not available"]

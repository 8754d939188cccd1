"""Shared fixtures. Each package is exported once per session: an AOTI
export costs ~10 s here, so tests share the artefacts read-only."""

import json
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

SCRIPTS = Path(__file__).resolve().parents[1] / "scripts"


def run_script(name, *args, cwd=None, check=False):
    """Run python/scripts/<name>.py with this interpreter, as a user would:
    by path, from a foreign cwd, without the package on PYTHONPATH."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    proc = subprocess.run(
        [sys.executable, str(SCRIPTS / f"{name}.py"), *map(str, args)],
        cwd=cwd or Path("/"), env=env, capture_output=True, text=True)
    if check and proc.returncode != 0:
        pytest.fail(f"{name} exited {proc.returncode}:\n{proc.stderr}")
    return proc


def read_json(path):
    return json.loads(Path(path).read_text())


def write_json(path, doc):
    Path(path).write_text(json.dumps(doc))
    return path


def _export(tmp_path_factory, name, *args):
    d = tmp_path_factory.mktemp(name)
    pt2, example = d / f"{name}.pt2", d / "example.json"
    proc = run_script("export_aot", "--output", pt2,
                      "--example-input", example, "--verify", *args,
                      cwd=d, check=True)
    return SimpleNamespace(dir=d, pt2=pt2, example=example, proc=proc)


@pytest.fixture(scope="session")
def cnn_dynamic(tmp_path_factory):
    return _export(tmp_path_factory, "cnn_dynamic", "--model", "demo_cnn")


@pytest.fixture(scope="session")
def cnn_static(tmp_path_factory):
    return _export(tmp_path_factory, "cnn_static", "--model", "demo_cnn",
                   "--static", "--batch-size", "2", "--no-freeze")


@pytest.fixture(scope="session")
def mlp(tmp_path_factory):
    return _export(tmp_path_factory, "mlp", "--model", "mlp",
                   "--batch-size", "3", "--seed", "7")


@pytest.fixture(scope="session")
def transformer(tmp_path_factory):
    return _export(tmp_path_factory, "transformer", "--model", "transformer")


def _generate(tmp_path_factory, model):
    d = tmp_path_factory.mktemp(model)
    ns = SimpleNamespace(pt2=d / f"{model}.pt2", input=d / "input.json",
                         expected=d / "expected.json", dir=d)
    run_script("generate_test_model", "--model", model, "--output", ns.pt2,
               "--input-json", ns.input, "--expected-json", ns.expected,
               cwd=d, check=True)
    return ns


@pytest.fixture(scope="session")
def deterministic(tmp_path_factory):
    return _generate(tmp_path_factory, "deterministic")


@pytest.fixture(scope="session")
def two_input(tmp_path_factory):
    return _generate(tmp_path_factory, "two_input")


@pytest.fixture(scope="session")
def aoti():
    """torch._inductor, imported only by tests that load packages."""
    torch = pytest.importorskip("torch")
    import torch._inductor  # noqa: F401

    return torch

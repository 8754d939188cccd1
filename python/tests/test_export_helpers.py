"""inductor_tools.export without AOT compilation (torch.export only: fast)."""

import pytest

torch = pytest.importorskip("torch")

from inductor_tools.export import export_program  # noqa: E402
from inductor_tools.signature import from_exported_program  # noqa: E402


class ShapeBranch(torch.nn.Module):
    # Branching on the batch size cannot be exported with a dynamic batch.
    def forward(self, x):
        return (x * 2,) if x.shape[0] > 4 else (x + 1,)


class Double(torch.nn.Module):
    def forward(self, x):
        return (x * 2,)


def test_batch_of_one_still_exports_dynamic():
    ep, reason = export_program(Double(), (torch.ones(1, 3),), dynamic=True)
    assert reason is None
    inputs, outputs = from_exported_program(ep)
    core = [{k: e[k] for k in ("name", "dtype", "shape")} for e in inputs + outputs]
    assert core == [{"name": "x", "dtype": "float32", "shape": [-1, 3]},
                    {"name": "output0", "dtype": "float32", "shape": [-1, 3]}]


def test_unexportable_dynamic_batch_falls_back_to_static():
    ep, reason = export_program(ShapeBranch(), (torch.ones(1, 3),), dynamic=True)
    assert reason
    inputs, _ = from_exported_program(ep)
    assert inputs[0]["shape"] == [1, 3]

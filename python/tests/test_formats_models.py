"""The fixture models for named and structured I/O, checked eagerly (their
exported packages are compared with the C runtime by tests/cli/formats_*)."""

import pytest

torch = pytest.importorskip("torch")

from inductor_tools.models import MODELS, TokenEncoder  # noqa: E402


def test_kwargs_dict_returns_a_dict_keyed_logits_and_probs():
    spec = MODELS["kwargs_dict"]
    args, kwargs = spec.example_inputs(3)
    with torch.no_grad():
        out = spec.model()(*args, **kwargs)
    assert list(out) == ["logits", "probs"]
    assert out["probs"].sum(dim=1).tolist() == pytest.approx([1.0] * 3)


def test_kwargs_dict_needs_its_keywords():
    spec = MODELS["kwargs_dict"]
    args, kwargs = spec.example_inputs(2)
    with pytest.raises(TypeError):
        spec.model()(*args, *kwargs.values())


def test_half_io_keeps_float16_and_bfloat16():
    spec = MODELS["half_io"]
    with torch.no_grad():
        a, b = spec.model()(*spec.example_inputs(2))
    assert (a.dtype, b.dtype) == (torch.float16, torch.bfloat16)


def test_token_encoder_ignores_padded_tokens():
    spec = MODELS["token_encoder"]
    model = spec.model()
    ids, mask = spec.example_inputs(4)
    other = torch.where(mask, (ids + 1) % TokenEncoder.VOCAB, ids)
    with torch.no_grad():
        (a,), (b,) = model(ids, mask), model(other, mask)
    assert mask.any() and not mask.all(dim=1).any()
    assert torch.allclose(a, b, atol=1e-6)
    assert a.shape == (4, 4) and ids.dtype == torch.int64 and mask.dtype == torch.bool

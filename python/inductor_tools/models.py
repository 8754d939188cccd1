"""Built-in models that the exporter and the C tests use.

Every model follows the AOTInductor export rules: eval mode, forward returns
a plain tuple of tensors, explicit dtype casts, no data-dependent control
flow. Each ModelSpec says how to build the module and its example inputs so
that weights and inputs are reproducible from a seed.
"""

from dataclasses import dataclass
from typing import Callable

import torch
from torch import nn

# Inputs are drawn from their own generator so that changing the batch size
# never changes the weights.
_INPUT_SEED_OFFSET = 1_000_003


@dataclass(frozen=True)
class ModelSpec:
    name: str
    build: Callable[[], nn.Module]
    make_inputs: Callable[[int, torch.Generator], tuple]
    # Input names come from forward()'s parameters; outputs need naming.
    output_names: tuple

    def model(self, seed=0):
        torch.manual_seed(seed)
        return self.build().eval()

    def example_inputs(self, batch_size=1, seed=0):
        gen = torch.Generator().manual_seed(seed + _INPUT_SEED_OFFSET)
        return self.make_inputs(batch_size, gen)


class DemoCNN(nn.Module):
    def __init__(self):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 8, 3, padding=1), nn.ReLU(), nn.MaxPool2d(2),
            nn.Conv2d(8, 16, 3, padding=1), nn.ReLU(),
            nn.AdaptiveAvgPool2d(1), nn.Flatten(),
        )
        self.head = nn.Linear(16, 10)

    def forward(self, x):
        return (self.head(self.features(x)),)


class MLP(nn.Module):
    def __init__(self):
        super().__init__()
        self.net = nn.Sequential(
            nn.Linear(64, 128), nn.ReLU(),
            nn.Linear(128, 64), nn.ReLU(),
            nn.Linear(64, 10),
        )

    def forward(self, x):
        return (self.net(x),)


class Transformer(nn.Module):
    def __init__(self):
        super().__init__()
        layer = nn.TransformerEncoderLayer(
            d_model=32, nhead=4, dim_feedforward=64, dropout=0.0,
            batch_first=True,
        )
        # Nested tensors are an eager-only fast path; export wants dense.
        self.encoder = nn.TransformerEncoder(
            layer, num_layers=2, enable_nested_tensor=False)

    def forward(self, x):
        return (self.encoder(x),)


class Deterministic(nn.Module):
    """relu(Linear(4,3)(x)) with weights known in closed form (see below)."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 3)
        with torch.no_grad():
            self.linear.weight.copy_(torch.tensor(deterministic_weight()))
            self.linear.bias.copy_(torch.tensor(DETERMINISTIC_BIAS))

    def forward(self, x):
        return (torch.relu(self.linear(x)),)


DETERMINISTIC_BIAS = (0.5, -0.5, 1.0)
DETERMINISTIC_INPUT = (1.0, 2.0, 3.0, 4.0)


def deterministic_weight():
    return [[(4 * i + j) / 10 for j in range(4)] for i in range(3)]


def deterministic_expected(x=DETERMINISTIC_INPUT):
    """The Deterministic model's output by plain arithmetic, not by torch."""
    rows = zip(deterministic_weight(), DETERMINISTIC_BIAS)
    return [max(0.0, sum(w * v for w, v in zip(ws, x)) + b) for ws, b in rows]


class TwoInput(nn.Module):
    """Mixed dtypes in and out: exercises the multi-input/-output paths."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 3)

    def forward(self, x, idx):
        # Explicit cast: AOTI never casts inputs or outputs for the caller.
        scale = idx.sum(dim=1, keepdim=True).to(torch.float32)
        return self.linear(x) * scale, idx * 3 + 1


def two_input_json_inputs():
    """The fixed B=2 inputs generate_test_model writes (x, idx)."""
    x = [[0.5, -1.0, 1.5, 2.0], [-0.25, 0.75, 1.0, -2.0]]
    idx = [[0, 1, 2], [3, 4, 5]]
    return x, idx


class KwargsDict(nn.Module):
    """Keyword-only inputs and a dict output: the named-I/O paths.

    scale [B,1] and offset [B,3] have different shapes on purpose, so that
    inputs swapped by a wrong name mapping fail the shape check."""

    def __init__(self):
        super().__init__()
        self.linear = nn.Linear(4, 3)

    def forward(self, x, *, scale, offset):
        logits = self.linear(x) * scale + offset
        return {"logits": logits, "probs": torch.softmax(logits, dim=-1)}


class HalfIO(nn.Module):
    """float16 and bfloat16 in, float16 and bfloat16 out."""

    def forward(self, a, b):
        return torch.tanh(a) * 2 + 1, b * 1.5 - 0.25


class Aliasing(nn.Module):
    """Outputs that share memory with the input or a constant, or are not
    contiguous: the ones libinductor must copy rather than hand over."""

    def __init__(self):
        super().__init__()
        self.register_buffer("table", torch.arange(12.0).reshape(3, 4))

    def forward(self, x):
        return x, x * 2, (x + 1).t(), self.table


class TokenEncoder(nn.Module):
    """int64 token ids and a bool padding mask (True = padding) through an
    embedding and a small nn.TransformerEncoder, mean-pooled over the
    tokens that are not padding."""

    VOCAB, SEQ, DIM = 50, 8, 16

    def __init__(self):
        super().__init__()
        self.embed = nn.Embedding(self.VOCAB, self.DIM)
        layer = nn.TransformerEncoderLayer(
            d_model=self.DIM, nhead=2, dim_feedforward=32, dropout=0.0,
            batch_first=True)
        self.encoder = nn.TransformerEncoder(
            layer, num_layers=1, enable_nested_tensor=False)
        self.head = nn.Linear(self.DIM, 4)

    def forward(self, input_ids, attention_mask):
        h = self.encoder(self.embed(input_ids),
                         src_key_padding_mask=attention_mask)
        keep = (~attention_mask).unsqueeze(-1).to(h.dtype)
        pooled = (h * keep).sum(dim=1) / keep.sum(dim=1).clamp(min=1.0)
        return (self.head(pooled),)


def _kwargs_dict_example(b, g):
    """(args, kwargs) for KwargsDict."""
    return ((torch.randn(b, 4, generator=g),),
            {"scale": torch.rand(b, 1, generator=g) + 0.5,
             "offset": torch.randn(b, 3, generator=g)})


def _half_io_example(b, g):
    return (torch.randn(b, 4, generator=g).to(torch.float16),
            torch.randn(b, 4, generator=g).to(torch.bfloat16))


def _token_encoder_example(b, g):
    ids = torch.randint(0, TokenEncoder.VOCAB, (b, TokenEncoder.SEQ),
                        generator=g, dtype=torch.int64)
    # Pad the tail of each row (never the whole row).
    lengths = torch.randint(1, TokenEncoder.SEQ + 1, (b,), generator=g)
    mask = torch.arange(TokenEncoder.SEQ).unsqueeze(0) >= lengths.unsqueeze(1)
    return ids, mask


def _randn(*shape):
    return lambda b, g: (torch.randn(b, *shape, generator=g),)


def _two_input_example(b, g):
    x = torch.randn(b, 4, generator=g)
    idx = torch.randint(0, 10, (b, 3), generator=g, dtype=torch.int64)
    return x, idx


MODELS = {
    spec.name: spec for spec in (
        ModelSpec("demo_cnn", DemoCNN, _randn(3, 32, 32), ("logits",)),
        ModelSpec("mlp", MLP, _randn(64), ("logits",)),
        ModelSpec("transformer", Transformer, _randn(16, 32), ("hidden",)),
        ModelSpec("deterministic", Deterministic,
                  lambda b, g: (torch.tensor([DETERMINISTIC_INPUT] * b),),
                  ("output0",)),
        ModelSpec("two_input", TwoInput, _two_input_example,
                  ("output0", "output1")),
        # make_inputs gives (args, kwargs): export with torch.export directly.
        ModelSpec("kwargs_dict", KwargsDict, _kwargs_dict_example,
                  ("logits", "probs")),
        ModelSpec("half_io", HalfIO, _half_io_example,
                  ("doubled", "scaled")),
        ModelSpec("token_encoder", TokenEncoder, _token_encoder_example,
                  ("logits",)),
        ModelSpec("aliasing", Aliasing, _randn(4),
                  ("same", "doubled", "transposed", "table")),
    )
}

# The models export_aot.py offers; the others are test fixtures.
EXPORTABLE = ("demo_cnn", "mlp", "transformer")

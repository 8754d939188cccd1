"""What every script shares: one-line diagnostics, exit codes, torch noise."""

import sys
import warnings

EXIT_OK, EXIT_FAILURE, EXIT_USAGE = 0, 1, 2


def fail(prog, message, code=EXIT_FAILURE):
    """Print `prog: error: message` (one line) on stderr and exit."""
    print(f"{prog}: error: {_one_line(message)}", file=sys.stderr)
    sys.exit(code)


def warn(prog, message):
    print(f"{prog}: warning: {_one_line(message)}", file=sys.stderr)


def import_torch(prog):
    """torch, or a one-line hint instead of a traceback when it is missing."""
    try:
        import torch
    except ImportError:
        fail(prog, "torch is not installed (pip install --group export)")
    return torch


def quiet_torch():
    """Hide warnings torch 2.13 emits from its own internals on every
    export/load; they say nothing about the user's model."""
    warnings.filterwarnings(
        "ignore", message=r".*isinstance\(treespec, LeafSpec\)",
        category=FutureWarning)


def _one_line(message):
    return " ".join(str(message).split())

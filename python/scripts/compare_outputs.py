#!/usr/bin/env python3
"""Compare two inductor output JSON files.

Outputs are compared by position: dtypes and shapes exactly, integers and
bools exactly, floats within --atol; an output's "key" (dict outputs) must
be the same in both files.  Exit 0 on match, 1 on mismatch, 2 if a file
cannot be read or parsed.  Needs no torch.
"""

import argparse
import json
import os
import sys

# Runnable as `python python/scripts/compare_outputs.py`, uninstalled.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from inductor_tools import cli  # noqa: E402
from inductor_tools.compare import compare_records  # noqa: E402
from inductor_tools.tensor_json import load_outputs  # noqa: E402

PROG = "compare_outputs"


def parse_args(argv):
    p = argparse.ArgumentParser(prog=PROG, description=__doc__.splitlines()[0])
    p.add_argument("a", metavar="A.json")
    p.add_argument("b", metavar="B.json")
    p.add_argument("--atol", type=float, default=1e-5,
                   help="max abs diff allowed for floats (default 1e-5)")
    return p.parse_args(argv)


def _keys(path):
    """Each output's "key" (None where absent), in order."""
    with open(path, encoding="utf-8") as f:
        return [o.get("key") for o in json.load(f)["outputs"]]


def main(argv=None):
    args = parse_args(argv)
    try:
        _, a = load_outputs(args.a)
        _, b = load_outputs(args.b)
        keys_a, keys_b = _keys(args.a), _keys(args.b)
    except (OSError, ValueError) as e:  # FormatError is a ValueError
        cli.fail(PROG, e, cli.EXIT_USAGE)
    for i, (ka, kb) in enumerate(zip(keys_a, keys_b)):
        if ka != kb:
            print(f"mismatch: output {i}: key {ka!r} vs {kb!r}")
            return cli.EXIT_FAILURE
    result = compare_records(a, b, args.atol)
    print(result.message)
    return cli.EXIT_OK if result.ok else cli.EXIT_FAILURE


if __name__ == "__main__":
    sys.exit(main())

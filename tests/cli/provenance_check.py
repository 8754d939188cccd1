"""provenance_check.py - the Python side of tests/cli/provenance.sh: checks
provenance records against docs/provenance.schema.json and against hashes
computed here, independently of inductor, from the tensors' JSON.

  validate SCHEMA RECORD...        each record is valid (exit 1 if not)
  reject SCHEMA RECORD             mutations of a valid record are rejected
  inputs RECORD INPUT.json [N]     request N's input hashes are those of the
                                   tensors in INPUT.json (infer's JSON forms)
  outputs RECORD RESULT.json [N]   request N's output hashes are those of the
                                   data in infer's JSON result
"""
import copy
import hashlib
import json
import sys

import jsonschema
import numpy as np


def load(path):
    with open(path) as f:
        return json.load(f)


def validator(schema_path):
    schema = load(schema_path)
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def digest(data, dtype, shape):
    # C-contiguous bytes in the tensor's own dtype: what a record hashes.
    a = np.ascontiguousarray(np.asarray(data, dtype=dtype).reshape(shape))
    return hashlib.sha256(a.tobytes()).hexdigest()


def tensors_of(doc):
    """infer's JSON input forms: classic {data, shape} (float32) or
    {"inputs": [...]} / {"inputs": {name: ...}}."""
    if "inputs" not in doc:
        return [("float32", doc["shape"], doc["data"])]
    items = doc["inputs"]
    if isinstance(items, dict):
        items = list(items.values())
    return [(t.get("dtype", "float32"), t["shape"], t["data"]) for t in items]


def check(cond, msg):
    if not cond:
        print(msg, file=sys.stderr)
        sys.exit(1)


def main(argv):
    cmd = argv[1]
    if cmd == "validate":
        v = validator(argv[2])
        for path in argv[3:]:
            errors = [e.message for e in v.iter_errors(load(path))]
            check(not errors, f"{path}: {errors}")
    elif cmd == "reject":
        v = validator(argv[2])
        good = load(argv[3])
        check(v.is_valid(good), "the record to mutate is not valid itself")
        bad = []
        for mutate in (
            lambda d: d.update(schema="inductor-provenance/2"),
            lambda d: d.update(surprise=1),
            lambda d: d["package"].update(sha256="F" * 64),
            lambda d: d["requests"][0]["inputs"][0].pop("sha256"),
            lambda d: d.update(started_utc="2026-12-04 14:00:00"),
        ):
            d = copy.deepcopy(good)
            mutate(d)
            bad.append(v.is_valid(d))
        check(not any(bad), f"mutations accepted: {bad}")
    elif cmd in ("inputs", "outputs"):
        rec = load(argv[2])
        n = int(argv[4]) if len(argv) > 4 else 0
        got = rec["requests"][n][cmd]
        if cmd == "inputs":
            want = [digest(d, dt, s) for dt, s, d in tensors_of(load(argv[3]))]
        else:
            want = [digest(o["data"], o["dtype"], o["shape"])
                    for o in load(argv[3])["outputs"]]
        check([t["sha256"] for t in got] == want, f"{cmd}: {got} != {want}")
        check([t["bytes"] for t in got] ==
              [int(np.prod(t["shape"])) * np.dtype(t["dtype"]).itemsize
               for t in got], f"{cmd}: byte counts {got}")
    else:
        sys.exit(f"unknown command {cmd}")


if __name__ == "__main__":
    main(sys.argv)

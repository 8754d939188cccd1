#!/usr/bin/env python3
"""manifest_query.py - evaluate a Python expression about a YAML manifest.

    manifest_query.py FILE EXPR

Exits 0 when EXPR is true, 1 (printing what it was) when it is false, 2 when
it cannot be evaluated.  In EXPR:

  d                the first document; docs: all of them
  c                d's first container (spec.containers[0] of a
                   ServingRuntime), or {}
  arg(flag)        the value after FLAG in c's args ("--x v" or "--x=v"),
                   or None
  env(name)        the value of c's environment variable NAME, or None
  mount_of(path)   the volumeMount whose mountPath holds PATH, or None
  volume(name)     the pod volume named NAME, or None
  qty(s)           a Kubernetes quantity ("4Gi", "3221225472") in units
"""
import re
import sys

import yaml

SUFFIX = {"": 1, "k": 10**3, "M": 10**6, "G": 10**9, "T": 10**12,
          "Ki": 2**10, "Mi": 2**20, "Gi": 2**30, "Ti": 2**40}


def qty(s):
    m = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", str(s))
    if not m or m.group(2) not in SUFFIX:
        raise ValueError(f"not a quantity: {s!r}")
    return float(m.group(1)) * SUFFIX[m.group(2)]


def main():
    path, expr = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        docs = [x for x in yaml.safe_load_all(f) if x is not None]
    d = docs[0] if docs else {}
    spec = d.get("spec") or {}
    c = (spec.get("containers") or [{}])[0]
    args = [str(a) for a in c.get("args") or []]

    def arg(flag):
        for i, a in enumerate(args):
            if a == flag and i + 1 < len(args):
                return args[i + 1]
            if a.startswith(flag + "="):
                return a[len(flag) + 1:]
        return None

    def env(name):
        return next((e.get("value") for e in c.get("env") or [] if e.get("name") == name), None)

    def mount_of(p):
        best = None
        for m in c.get("volumeMounts") or []:
            mp = m["mountPath"].rstrip("/")
            if (p == mp or p.startswith(mp + "/")) and (best is None or len(mp) > len(best["mountPath"])):
                best = m
        return best

    def volume(name):
        return next((v for v in spec.get("volumes") or [] if v.get("name") == name), None)

    scope = dict(d=d, docs=docs, c=c, arg=arg, env=env, mount_of=mount_of,
                 volume=volume, qty=qty)
    try:
        # Parenthesised, so that an expression may span lines.
        value = eval("(" + expr + "\n)", scope)  # the tests' own expressions only
    except Exception as e:  # a missing key is a failed check, said in words
        print(f"{type(e).__name__}: {e}")
        return 2
    if value:
        return 0
    print(f"false: {expr}")
    return 1


if __name__ == "__main__":
    sys.exit(main())

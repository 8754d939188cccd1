#!/usr/bin/env python3
"""validate_manifest.py - check Kubernetes manifests against the
openAPIV3Schema of the CustomResourceDefinitions that define their kinds.

    validate_manifest.py --crds DIR MANIFEST...

DIR holds CRD YAML files (KServe's, ../shared/specs/kserve/).  Each
document of each MANIFEST must name a kind some CRD defines, with an
apiVersion that CRD serves, a DNS-1123 metadata.name, and a body the
version's schema accepts.  Unknown fields are errors, as with
`kubectl apply --validate=strict`: the API server would drop them silently,
so a misspelt field would be a setting that never takes effect.

Prints one line per problem, "FILE: doc N: PATH: message", and exits 1 if
there was any; exits 2 on bad usage or unreadable input.
"""
import argparse
import copy
import glob
import os
import re
import sys

try:
    import jsonschema
    import yaml
except ImportError as e:  # the caller skips on exit 3
    print(f"validate_manifest.py: {e}", file=sys.stderr)
    sys.exit(3)

NAME_RE = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")


def strict(schema):
    """A copy of schema where objects with listed properties take no others,
    unless the schema says it keeps unknown fields."""
    s = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, list):
            for n in node:
                walk(n)
            return
        if not isinstance(node, dict):
            return
        if ("properties" in node and "additionalProperties" not in node
                and not node.get("x-kubernetes-preserve-unknown-fields")):
            node["additionalProperties"] = False
        for key in ("properties", "patternProperties", "definitions"):
            for sub in (node.get(key) or {}).values():
                walk(sub)
        for key in ("items", "additionalProperties", "not"):
            walk(node.get(key))
        for key in ("anyOf", "allOf", "oneOf"):
            walk(node.get(key))

    walk(s)
    return s


def load_crds(directory):
    crds = {}
    for path in sorted(glob.glob(os.path.join(directory, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            for doc in yaml.safe_load_all(f):
                if isinstance(doc, dict) and doc.get("kind") == "CustomResourceDefinition":
                    spec = doc["spec"]
                    crds[spec["names"]["kind"]] = spec
    return crds


def path_of(error):
    return "/".join(str(p) for p in error.absolute_path) or "(top)"


def check_doc(doc, crds):
    """Problems with one manifest document, as (path, message) pairs."""
    if not isinstance(doc, dict):
        return [("(top)", "not a mapping")]
    kind = doc.get("kind")
    if kind not in crds:
        return [("kind", f"no CRD defines kind {kind!r} (known: {', '.join(sorted(crds))})")]
    crd = crds[kind]
    group = crd["group"]
    api = doc.get("apiVersion", "")
    version = next((v for v in crd["versions"]
                    if f"{group}/{v['name']}" == api and v.get("served")), None)
    if version is None:
        served = [f"{group}/{v['name']}" for v in crd["versions"] if v.get("served")]
        return [("apiVersion", f"{api!r} is not served for {kind} (served: {', '.join(served)})")]
    problems = []
    name = (doc.get("metadata") or {}).get("name")
    if not isinstance(name, str) or len(name) > 63 or not NAME_RE.match(name):
        problems.append(("metadata/name", f"{name!r} is not a DNS-1123 label"))
    schema = strict(version["schema"]["openAPIV3Schema"])
    validator = jsonschema.Draft4Validator(schema)
    for e in sorted(validator.iter_errors(doc), key=lambda e: list(map(str, e.absolute_path))):
        problems.append((path_of(e), e.message))
    return problems


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--crds", required=True, help="directory of CRD YAML files")
    ap.add_argument("manifests", nargs="+")
    args = ap.parse_args()
    try:
        crds = load_crds(args.crds)
    except (OSError, yaml.YAMLError, KeyError) as e:
        print(f"validate_manifest.py: {args.crds}: {e}", file=sys.stderr)
        return 2
    if not crds:
        print(f"validate_manifest.py: no CustomResourceDefinition in {args.crds}", file=sys.stderr)
        return 2
    bad = 0
    for path in args.manifests:
        try:
            with open(path, encoding="utf-8") as f:
                docs = [d for d in yaml.safe_load_all(f) if d is not None]
        except (OSError, yaml.YAMLError) as e:
            print(f"{path}: {str(e).splitlines()[0]}")
            return 2
        if not docs:
            print(f"{path}: no documents")
            bad += 1
        for i, doc in enumerate(docs, 1):
            for where, msg in check_doc(doc, crds):
                print(f"{path}: doc {i}: {where}: {msg}")
                bad += 1
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Check that every reference JSON file parses and carries its metadata.

Run from the repository root:  python3 Datasets/reference/scripts/check_json.py
Exit status 0 when all files pass, 1 otherwise.
"""
import json
import math
import pathlib
import sys

root = pathlib.Path(__file__).resolve().parent.parent
files = sorted(p for p in root.glob("*/*.json"))
bad = 0


def numbers(x):
    if isinstance(x, bool):
        return
    if isinstance(x, (int, float)):
        yield x
    elif isinstance(x, list):
        for v in x:
            yield from numbers(v)
    elif isinstance(x, dict):
        for v in x.values():
            yield from numbers(v)


for path in files:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        meta = data["meta"]
        for key in ("r_version", "packages", "call", "data"):
            if key not in meta:
                raise ValueError(f"meta lacks '{key}'")
        count = sum(1 for v in numbers(data) if math.isfinite(v))
        print(f"ok   {path.relative_to(root)}  ({count} numbers)")
    except Exception as error:  # report every file, then fail
        bad += 1
        print(f"FAIL {path.relative_to(root)}: {error}")

print(f"{len(files) - bad} of {len(files)} files ok")
sys.exit(1 if bad or not files else 0)

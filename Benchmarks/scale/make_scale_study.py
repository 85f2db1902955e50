#!/usr/bin/env python3
"""Wrap a likert4f CSV (Benchmarks/gen_likert_factor.py) as a study for the scale run
(Benchmarks/run_scale.sh): the 60 items plus a respondent id and a region, with a design and an
index, so that check, reliability, correlate, factors, index and rank all run on it.

usage: make_scale_study.py LIKERT.csv OUTDIR

Writes OUTDIR/data.csv (`id` = 1..n, `region` = R00..R13 drawn with unequal shares, seeded,
then the items unchanged) and OUTDIR/study.yaml: items q01..q60 on a 1..5 scale, the scale
`all` and one scale per factor (f1..f4, 15 items each), 14 regions at level land, design
strata = region, and the index `idx` = equal-weight mean of f1..f4 through goalposts [1, 5]
-> 0..100.
"""
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "psychometrics"))
from make_study import codebook_head  # noqa: E402

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
G = 14
share = np.array([14, 13, 12, 10, 9, 8, 7, 6, 5, 4, 4, 3, 3, 2], dtype=float)
share /= share.sum()
with open(src) as f, open(os.path.join(out, "data.csv"), "w") as g:
    header = f.readline().rstrip("\n")
    items = header.split(",")
    g.write("id,region," + header + "\n")
    rng = np.random.default_rng(20261207)
    i = 0
    while True:
        lines = f.readlines(1 << 24)
        if not lines:
            break
        region = rng.choice(G, size=len(lines), p=share)
        g.write("".join(f"{i + k + 1},R{region[k]:02d},{line}" for k, line in enumerate(lines)))
        i += len(lines)
blocks = [items[i:i + 15] for i in range(0, len(items), 15)]
y = codebook_head("scale/make_scale_study.py", "scale", "Scale run: synthetic Likert items in 14 regions")
for b, block in enumerate(blocks, 1):
    for it in block:
        y.append(f'  - {{id: {it}, label: "Item {it}", scale: likert5}}')
y += ["", "scales:", f'  - {{id: all, label: "All items", items: [{", ".join(items)}]}}']
for b, block in enumerate(blocks, 1):
    y.append(f'  - {{id: f{b}, label: "Factor {b}", items: [{", ".join(block)}]}}')
y += ["", "regions:", "  variables: [{variable: region, level: land}]", "  table:"]
y += [f'    - {{key: "R{g:02d}", name: "Region {g:02d}", level: land}}' for g in range(G)]
y += ["", "design: {strata: region}", "", "indices:", "  - id: idx", '    label: "Index"',
      "    components: [" + ", ".join(f"{{scale: f{b}}}" for b in range(1, len(blocks) + 1)) + "]",
      "    normalisation: {method: minmax, goalposts: [1, 5], range: [0, 100]}",
      "    weights: equal", "    aggregation: arithmetic"]
with open(os.path.join(out, "study.yaml"), "w") as g:
    g.write("\n".join(y) + "\n")
print("wrote", out)

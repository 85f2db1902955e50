#!/usr/bin/env python3
"""Generate a Likert-scale survey CSV for the CSV ingestion benchmark.

200,000 rows x 60 items (q01..q60), integer answers 1-5, 5% empty cells (missing),
comma-delimited, LF line ends, header row. Seeded, so the file is identical on every run.

usage: gen_likert_csv.py OUT.csv [--rows N] [--cols K] [--seed S]
"""
import argparse
import random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--rows", type=int, default=200_000)
ap.add_argument("--cols", type=int, default=60)
ap.add_argument("--seed", type=int, default=20260101)
ap.add_argument("--missing", type=float, default=0.05)
a = ap.parse_args()

rng = random.Random(a.seed)
values = ["1", "2", "3", "4", "5"]
with open(a.out, "w", newline="") as f:
    f.write(",".join(f"q{j + 1:02d}" for j in range(a.cols)) + "\n")
    for _ in range(a.rows):
        row = ["" if rng.random() < a.missing else rng.choice(values) for _ in range(a.cols)]
        f.write(",".join(row) + "\n")

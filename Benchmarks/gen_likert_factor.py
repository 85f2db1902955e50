#!/usr/bin/env python3
"""Generate 5-point Likert survey data with a 4-factor structure and 5 % missing at random (MAR).

Design (seeded numpy, identical on every run):
  * 60 items q01..q60; 4 correlated factors, 15 items each (q01-q15 -> F1, q16-q30 -> F2, ...),
    loadings 0.50..0.80 evenly spaced within each factor, factor correlations 0.30,
    unique variances 1 - communality, so every latent item response is N(0, 1).
  * 5-point answers: cut points qnorm(.10, .30, .60, .85) = -1.2816, -0.5244, 0.2533, 1.0364
    (a skewed Likert marginal, as in real surveys), answers 1..5.
  * Missing at random: q01 is always observed; every other cell of row i is missing with
    probability  base * exp(0.5 * (q01_i - 3)) / E[exp(0.5 * (q01 - 3))],  base chosen so that
    the expected share of missing cells over the whole 60-item matrix is 5 %. Missingness thus
    depends on an observed variable (q01), not on the missing value itself: MAR, not MCAR.
  * Output: comma-separated, header row, LF, empty field = missing.

usage: gen_likert_factor.py OUT.csv --rows N [--items 60] [--seed 20261129]
  --items 25 writes the first 25 items of the same design (used for the polychoric case).
"""
import argparse

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--rows", type=int, required=True)
ap.add_argument("--items", type=int, default=60)
ap.add_argument("--seed", type=int, default=20261129)
ap.add_argument("--missing", type=float, default=0.05)
a = ap.parse_args()

P, K = 60, 4
rng = np.random.default_rng([a.seed, a.rows])
lam = np.zeros((P, K))
per = P // K
for f in range(K):
    lam[f * per:(f + 1) * per, f] = np.linspace(0.5, 0.8, per)
phi = np.full((K, K), 0.3)
np.fill_diagonal(phi, 1.0)
n = a.rows
factors = rng.standard_normal((n, K)) @ np.linalg.cholesky(phi).T
communality = np.sum((lam @ phi) * lam, axis=1)
latent = factors @ lam.T + rng.standard_normal((n, P)) * np.sqrt(1 - communality)
cuts = np.array([-1.2815515655446004, -0.5244005127080407, 0.2533471031357997, 1.0364333894937898])
x = np.searchsorted(cuts, latent, side="right") + 1  # 1..5, int

# MAR missingness driven by the always-observed q01.
w = np.exp(0.5 * (x[:, 0] - 3.0))
w /= w.mean()
base = a.missing * P / (P - 1)
prob = np.clip(base * w, 0, 1)
miss = rng.random((n, P)) < prob[:, None]
miss[:, 0] = False
x = x[:, :a.items]
miss = miss[:, :a.items]

codes = np.where(miss, 0, x).astype(np.uint8)
table = np.array(["", "1", "2", "3", "4", "5"], dtype=object)
with open(a.out, "w", newline="") as f:
    f.write(",".join(f"q{j + 1:02d}" for j in range(a.items)) + "\n")
    chunk = 20000
    for s in range(0, n, chunk):
        block = table[codes[s:s + chunk]]
        f.write("".join(",".join(r) + "\n" for r in block))
print(f"{a.out}: {n} rows x {a.items} items, missing {miss.mean() * 100:.2f} % of cells")

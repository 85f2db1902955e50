#!/usr/bin/env python3
"""Generate the CFA benchmark data: 60 five-point items, 4 correlated factors, 16 groups.

Design (seeded numpy, identical on every run):
  * 60 items q01..q60; factor f (1..4) has items 15(f-1)+1 .. 15f with loadings 0.50..0.80 evenly
    spaced, factor correlations 0.30, unique variances 1 - communality (latent item responses N(0, 1)).
  * Answers 1..5 by the cut points qnorm(.10, .30, .60, .85).
  * grp: 16 groups of equal size (rows assigned in turn); the measurement model is the same in every
    group (invariant), group factor means differ by 0.05 * (g - 8.5) on factor 1.
  * --missing: 5 % of the cells missing in survey-like patterns, so that FIML works on few patterns:
    19 % of respondents skip one whole block of 15 items (4.75 % of cells, the block drawn uniformly),
    and items q15, q30, q45 (the "sensitive" last item of each block) are each missing for a further
    ~4 % of respondents (0.2 % of all cells together): about 5 % of the cells in all.
    Patterns: complete, 4 skipped blocks, and combinations with the 3 items: about 40 patterns.
  * Output: comma-separated, header (id, grp, q01..q60), LF, empty field = missing.

usage: gen_cfa.py OUT.csv --rows N [--missing] [--seed 20261207]
"""
import argparse

import numpy as np

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--rows", type=int, required=True)
ap.add_argument("--missing", action="store_true")
ap.add_argument("--seed", type=int, default=20261207)
a = ap.parse_args()

P, K, G = 60, 4, 16
rng = np.random.default_rng([a.seed, a.rows])
lam = np.zeros((P, K))
per = P // K
for f in range(K):
    lam[f * per:(f + 1) * per, f] = np.linspace(0.5, 0.8, per)
phi = np.full((K, K), 0.3)
np.fill_diagonal(phi, 1.0)
n = a.rows
grp = np.arange(n) % G + 1
eta = rng.standard_normal((n, K)) @ np.linalg.cholesky(phi).T
eta[:, 0] += 0.05 * (grp - 8.5)
uniq = np.sqrt(1 - (lam ** 2).sum(axis=1))
ystar = eta @ lam.T + rng.standard_normal((n, P)) * uniq
cuts = np.array([-1.2815515655446004, -0.5244005127080407, 0.2533471031357997, 1.0364333894937898])
x = (ystar[:, :, None] > cuts[None, None, :]).sum(axis=2).astype(float) + 1
if a.missing:
    skip = rng.random(n) < 0.19
    block = rng.integers(0, K, n)
    for f in range(K):
        rows = skip & (block == f)
        x[np.ix_(rows, range(f * per, (f + 1) * per))] = np.nan
    for j in (14, 29, 44):
        x[rng.random(n) < 0.04, j] = np.nan
with open(a.out, "w") as fh:
    fh.write("id,grp," + ",".join(f"q{j + 1:02d}" for j in range(P)) + "\n")
    for i in range(n):
        cells = ["" if np.isnan(v) else str(int(v)) for v in x[i]]
        fh.write(f"{i + 1},{grp[i]}," + ",".join(cells) + "\n")
print(f"wrote {a.out}: {n} rows, missing share {np.isnan(x).mean():.4f}")

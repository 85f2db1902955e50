"""Peer timing: numpy pairwise-complete Pearson correlation via four masked matrix products.

Data as peer_cor.R (5-point Likert, one factor, 5% MCAR), generated with numpy (seed 20261129),
n = 200,000 rows x 60 items. With M the 0/1 observed mask and X0 = X with NaN -> 0 (after shifting
each column by its observed mean):
    N = M'M,  S = X0'M,  SS = (X0*X0)'M,  C = X0'X0
    r_jk = (C - S*S'/N) / sqrt((SS - S^2/N) * (SS' - S'^2/N))
which is R's cor(use = "pairwise"). Prints best-of-3 seconds.
Usage: python3 Benchmarks/psychometrics/peer_cor.py [n] [p]
"""
import sys
import time

import numpy as np


def likert(n, p, seed):
    rng = np.random.default_rng(seed)
    f = rng.standard_normal(n)
    lam = np.linspace(0.4, 0.8, p)
    z = np.outer(f, lam) + rng.standard_normal((n, p)) * np.sqrt(1 - lam**2)
    cuts = np.array([-1.2815515655446004, -0.5244005127080407, 0.2533471031357997, 1.0364333894937898])
    x = (np.searchsorted(cuts, z.ravel(), side="right").reshape(n, p) + 1).astype(float)
    x[rng.random((n, p)) < 0.05] = np.nan
    return x


def pairwise_cor(x):
    m = (~np.isnan(x)).astype(float)
    shift = np.nanmean(x, axis=0)
    x0 = np.where(m > 0, x - shift, 0.0)
    n = m.T @ m
    s = x0.T @ m
    ss = (x0 * x0).T @ m
    c = x0.T @ x0
    cov = c - s * s.T / n
    vj = ss - s * s / n
    return cov / np.sqrt(vj * vj.T)


def main():
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    p = int(sys.argv[2]) if len(sys.argv) > 2 else 60
    x = likert(n, p, 20261129)
    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        r = pairwise_cor(x)
        best = min(best, time.perf_counter() - t0)
    assert np.allclose(np.diag(r), 1)
    print(f"numpy masked-product pairwise cor n={n} p={p}: {best:.3f} s")


if __name__ == "__main__":
    main()

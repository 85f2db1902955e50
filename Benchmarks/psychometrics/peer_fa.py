"""Peer timing for factor analysis: Python factor_analyzer (pip install factor_analyzer; 0.5.1 tested).

factor_analyzer 0.5.1 calls sklearn check_array(force_all_finite=...), removed in scikit-learn 1.6:
install "scikit-learn<1.6" (1.5.2 tested) next to it.

    python3 Benchmarks/psychometrics/peer_fa.py [n = 200000]

Same design as peer_fa.R: 60 five-point Likert items, 6 correlated factors, n rows, fixed seed.
Timed (best of 3, seconds):
  fa        FactorAnalyzer(n_factors=6, method="minres", rotation="oblimin").fit(x)  (includes the correlation)
  parallel  factor_analyzer has no parallel analysis: a loop of 20 normal-data simulations
            (n x 60 draws, correlation, eigenvalues + a 1-factor minres fit), as psych's sim part.
"""
import sys
import time

import numpy as np

try:
    from factor_analyzer import FactorAnalyzer
except ImportError:  # pragma: no cover
    print("factor_analyzer is not installed (pip install factor_analyzer 'scikit-learn<1.6')")
    sys.exit(0)

n = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
p, k = 60, 6
rng = np.random.default_rng(20240501)
lam = np.zeros((p, k))
for j in range(k):
    lam[j * 10:(j + 1) * 10, j] = np.linspace(0.5, 0.8, 10)
phi = np.full((k, k), 0.3)
np.fill_diagonal(phi, 1)
f = rng.standard_normal((n, k)) @ np.linalg.cholesky(phi).T
uniq = 1 - np.sum((lam @ phi) * lam, axis=1)
latent = f @ lam.T + rng.standard_normal((n, p)) * np.sqrt(uniq)
x = np.digitize(latent, [-1.5, -0.5, 0.5, 1.5]) + 1.0


def best(fun, times=3):
    out = []
    for _ in range(times):
        t0 = time.perf_counter()
        fun()
        out.append(time.perf_counter() - t0)
    return min(out)


def fit_fa():
    FactorAnalyzer(n_factors=k, method="minres", rotation="oblimin").fit(x)


def parallel():
    sim_rng = np.random.default_rng(1)
    for _ in range(20):
        z = sim_rng.standard_normal((n, p))
        c = np.corrcoef(z, rowvar=False)
        np.linalg.eigvalsh(c)
        fa = FactorAnalyzer(n_factors=1, method="minres", rotation=None, is_corr_matrix=True)
        fa.fit(c)


import factor_analyzer  # noqa: E402

print(f"python {sys.version.split()[0]} numpy {np.__version__} factor_analyzer {getattr(factor_analyzer, '__version__', '?')}, n = {n}, p = {p}")
print(f"fa_minres_oblimin_seconds {best(fit_fa):.3f}")
print(f"fa_parallel_20_seconds {best(parallel):.3f}")

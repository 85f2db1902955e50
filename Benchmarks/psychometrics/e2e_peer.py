"""End-to-end peer (Benchmarks/run_psychometrics.sh): the whole process a Python user runs.

    python3 Benchmarks/psychometrics/e2e_peer.py OP DATA.csv

Reads DATA.csv (an `id` column, then the items; empty = missing) with pandas.read_csv, drops `id`,
then OP:
  alpha  pingouin.cronbach_alpha(df)  (nan_policy = "pairwise", its default)
  cor    numpy pairwise-complete Pearson by four masked matrix products (peer_cor.pairwise_cor)
  fa     factor_analyzer.FactorAnalyzer(n_factors=4, method="minres", rotation="oblimin").fit(x)
         (its default imputes column medians; needs fa_shim on scikit-learn >= 1.6)
and prints one number. BLAS threads: as the caller sets OPENBLAS_NUM_THREADS.
"""
import os
import sys

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
op, path = sys.argv[1], sys.argv[2]
df = pd.read_csv(path).drop(columns=["id"]).astype(np.float64)
if op == "alpha":
    import pingouin

    print(pingouin.cronbach_alpha(data=df)[0])
elif op == "cor":
    from peer_cor import pairwise_cor

    print(float(np.sum(pairwise_cor(df.to_numpy()))))
elif op == "fa":
    import fa_shim  # noqa: F401
    from factor_analyzer import FactorAnalyzer

    fa = FactorAnalyzer(n_factors=4, method="minres", rotation="oblimin").fit(df.to_numpy())
    print(float(np.sum(np.abs(fa.loadings_))))
elif op == "kernel":
    from threadpoolctl import threadpool_info

    print(";".join(f"{i['internal_api']} {i['version']} {i.get('architecture')} threads={i['num_threads']}" for i in threadpool_info()))
else:
    raise SystemExit(f"unknown op {op}")

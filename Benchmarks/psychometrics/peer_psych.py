"""Peer timings for the psychometrics benchmark (Benchmarks/run_psychometrics.sh): Python on a CSV.

    python3 Benchmarks/psychometrics/peer_psych.py OP FILE [REPEATS = 3]

OP: alpha  pingouin.cronbach_alpha(df)            (nan_policy = "pairwise", its default; pandas pairwise cov)
    cor    numpy pairwise-complete Pearson via four masked matrix products (peer_cor.pairwise_cor:
           N = M'M, S = X0'M, SS = (X0*X0)'M, C = X0'X0), numpy's OpenBLAS
    fa     factor_analyzer.FactorAnalyzer(n_factors=4, method="minres", rotation="oblimin").fit(x)
           (its default impute="median": missing cells are replaced by the column median, then
           np.corrcoef; so not pairwise - it does less work than psych or us)
Needs: pip install pingouin factor_analyzer (factor_analyzer 0.5.1 calls
check_array(force_all_finite=...), renamed in scikit-learn 1.6: fa_shim.py renames it).
The file is read with pandas.read_csv before timing; then the peak-RSS mark is reset (5 ->
/proc/self/clear_refs) so peak_rss_kib covers the timed calls (data included). Median of REPEATS.
BLAS threads: numpy's OpenBLAS default (all cores) unless OPENBLAS_NUM_THREADS is set.
"""
import os
import sys
import time

import numpy as np
import pandas as pd

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def rss(field):
    for line in open("/proc/self/status"):
        if line.startswith(field):
            return int(line.split()[1])
    return -1


def main():
    op, path = sys.argv[1], sys.argv[2]
    reps = int(sys.argv[3]) if len(sys.argv) > 3 else 3
    df = pd.read_csv(path, dtype=np.float64)
    x = df.to_numpy(dtype=np.float64, copy=True)
    version = f"numpy-{np.__version__}"
    if op == "alpha":
        import pingouin

        version = f"pingouin-{pingouin.__version__}/pandas-{pd.__version__}"

        def fun():
            return pingouin.cronbach_alpha(data=df)[0]
    elif op == "cor":
        from peer_cor import pairwise_cor

        def fun():
            return float(np.sum(pairwise_cor(x)))
    elif op == "fa":
        import factor_analyzer
        import fa_shim  # noqa: F401  (scikit-learn >= 1.6: force_all_finite -> ensure_all_finite)
        from factor_analyzer import FactorAnalyzer

        version = f"factor_analyzer-{getattr(factor_analyzer, '__version__', '0.5.1')}/numpy-{np.__version__}"

        def fun():
            fa = FactorAnalyzer(n_factors=4, method="minres", rotation="oblimin").fit(x)
            return float(np.sum(np.abs(fa.loadings_)))
    else:
        raise SystemExit(f"unknown op {op}")
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
    except OSError:
        pass
    baseline = rss("VmRSS:")
    times = []
    value = float("nan")
    for i in range(reps):
        t0 = time.perf_counter()
        value = fun()
        times.append(time.perf_counter() - t0)
        print(f"run {i + 1}: {times[-1]:.3f} s")
    print(f"RESULT impl=python op={op} n={x.shape[0]} p={x.shape[1]} seconds={float(np.median(times)):.4f} "
          f"min_seconds={min(times):.4f} reps={reps} peak_rss_kib={rss('VmHWM:')} baseline_rss_kib={baseline} "
          f"value={value:.10g} version={version}")


if __name__ == "__main__":
    main()

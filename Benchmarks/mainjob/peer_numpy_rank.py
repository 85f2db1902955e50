"""numpy peer of `trustmetrics rank STUDY --index idx --level land --wave 3 --uncertainty bootstrap
--replicates 2000` on the study written by gen_mainjob_study.py.

    python3 Benchmarks/mainjob/peer_numpy_rank.py DIR [--replicates 2000]

Reads DIR/wave3.csv (pandas' C parser), scores the two scales (mean of the items), and runs the
bootstrap the natural vectorised numpy way: per region an index matrix
rng.integers(0, n_g, (B, n_g)), gather and mean (respondents resampled with replacement within
the region, i.e. within the design's strata), the replicate index (equal-weight mean of the two
scales through goalposts [1, 5] -> 0-100), ranks by argsort of argsort, and per region the SE,
median rank, 5 %/95 % rank quantiles, P(top 3), P(bottom 3).
Prints "RESULT peer=numpy part=rank_library seconds=..." for the part after loading (the
library row) and check values; the whole process is timed from outside.
"""
import resource
import sys
import time

import numpy as np
import pandas as pd

args = sys.argv[1:]
path = args[0]
B = int(args[args.index("--replicates") + 1]) if "--replicates" in args else 2000
K = 3

df = pd.read_csv(f"{path}/wave3.csv")
t0 = time.perf_counter()
c0 = sum(resource.getrusage(resource.RUSAGE_SELF)[:2])
trust = df[["t1", "t2", "t3", "t4"]].to_numpy(float).mean(axis=1)
digital = df[["d1", "d2", "d3"]].to_numpy(float).mean(axis=1)
regions = sorted(df["region"].unique())
G = len(regions)
rng = np.random.default_rng(20231)
index = np.empty((B, G))
full = np.empty(G)
for g, key in enumerate(regions):
    sel = (df["region"] == key).to_numpy()
    tg, dg = trust[sel], digital[sel]
    idx = rng.integers(0, len(tg), size=(B, len(tg)))
    index[:, g] = (25 * (tg[idx].mean(axis=1) - 1) + 25 * (dg[idx].mean(axis=1) - 1)) / 2
    full[g] = (25 * (tg.mean() - 1) + 25 * (dg.mean() - 1)) / 2
ranks = (-index).argsort(axis=1).argsort(axis=1) + 1
se = index.std(axis=0, ddof=1)
q = np.quantile(ranks, [0.5, 0.05, 0.95], axis=0)
top = (ranks <= K).mean(axis=0)
bottom = (ranks >= G - K + 1).mean(axis=0)
wall = time.perf_counter() - t0
cpu = sum(resource.getrusage(resource.RUSAGE_SELF)[:2]) - c0
print(f"RESULT peer=numpy part=rank_library seconds={wall:.4f} cpu_seconds={cpu:.4f}")
print("check: index " + " ".join(f"{x:.3f}" for x in full))
print("check: se " + " ".join(f"{x:.3f}" for x in se))
print("check: median rank " + " ".join(f"{x:g}" for x in q[0]))

#!/usr/bin/env python3
"""Peer for Benchmarks/run_csv.sh: pandas.read_csv (C engine), best of N, peak RSS (VmHWM).

usage: pandas_csv.py FILE [N]
"""
import gc
import os
import sys
import time

import pandas as pd


def hwm_kib() -> int:
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return -1


path = sys.argv[1]
n = int(sys.argv[2]) if len(sys.argv) > 2 else 3
baseline = hwm_kib()
best = float("inf")
best_cpu = float("inf")
df = None
for i in range(n):
    df = None
    gc.collect()
    t0 = time.perf_counter()
    c0 = time.process_time()
    df = pd.read_csv(path)
    t = time.perf_counter() - t0
    c = time.process_time() - c0
    best = min(best, t)
    best_cpu = min(best_cpu, c)
    print(f"run {i + 1}: {t:.3f} s (CPU {c:.3f} s)")
num = df.select_dtypes("number")
size = os.path.getsize(path)
print(
    f"RESULT reader=pandas seconds={best:.4f} cpu_seconds={best_cpu:.4f} mbps={size / 1e6 / best:.1f} peak_rss_kib={hwm_kib()} "
    f"baseline_rss_kib={baseline} rows={len(df)} columns={df.shape[1]} numeric_columns={num.shape[1]} "
    f"missing={int(num.isna().sum().sum())} checksum={float(num.sum().sum()):.1f} version=pandas-{pd.__version__}"
)

#!/usr/bin/env python3
"""Runs a command (stdout and stderr discarded) best of N times; prints one RESULT line with
the best wall time, the best CPU time (user + system of the child) and the child's peak RSS
(ru_maxrss of the fastest run).

usage: proc_time.py LABEL N -- COMMAND [ARGS…]
"""
import os
import resource
import subprocess
import sys
import time

label, n = sys.argv[1], int(sys.argv[2])
cmd = sys.argv[sys.argv.index("--") + 1:]
best, best_rss, best_cpu = float("inf"), 0, float("inf")
for i in range(n):
    t0 = time.perf_counter()
    p = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    t = time.perf_counter() - t0
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"{label}: {' '.join(cmd)} exited {code}")
    print(f"{label} run {i + 1}: {t:.3f} s, peak RSS {usage.ru_maxrss / 1024:.0f} MiB", file=sys.stderr)
    best_cpu = min(best_cpu, usage.ru_utime + usage.ru_stime)
    if t < best:
        best, best_rss = t, usage.ru_maxrss
print(f"RESULT reader={label} seconds={best:.4f} cpu_seconds={best_cpu:.4f} peak_rss_kib={best_rss}")

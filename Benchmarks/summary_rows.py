"""Rows for the combined `make bench` table (Benchmarks/summary.py).

Each harness's report calls `write(harness, rows)` once per run; the rows land in
Benchmarks/work/summary/HARNESS.jsonl (replacing that harness's earlier rows), one JSON object per line:

  {"workload": ..., "peer": ..., "e2e": [ours_s, peer_s] | null, "e2e_goal": x | null,
   "lib": [ours_s, peer_s] | null, "lib_goal": x | null, "rss": [ours_mib, peer_mib] | null,
   "rss_goal": max ours/peer | null, "stat": "median of 3 rounds" ...}

or a check with a single value: {"check": ..., "value": v, "goal": "≤ 1.5", "met": bool}.
"""
import json
import os

WORK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "work", "summary")


def write(harness, rows):
    os.makedirs(WORK, exist_ok=True)
    with open(os.path.join(WORK, harness + ".jsonl"), "w") as f:
        for r in rows:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")

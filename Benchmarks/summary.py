#!/usr/bin/env python3
"""The combined table of `make bench` (issue 11's goals), end to end first, from the rows the
harnesses wrote to Benchmarks/work/summary/*.jsonl (see summary_rows.py). Ratios are peer time ÷
our time (> 1: we are faster); memory is our peak RSS ÷ the peer's. ✓/✗ against the goal."""
import glob
import json
import os

here = os.path.dirname(os.path.abspath(__file__))
files = sorted(glob.glob(os.path.join(here, "work", "summary", "*.jsonl")))
order = ["load", "psychometrics", "mainjob", "scale"]
files.sort(key=lambda f: (order.index(os.path.basename(f)[:-6]) if os.path.basename(f)[:-6] in order else 99, f))
rows, checks, sources = [], [], []
for f in files:
    name = os.path.basename(f)[:-6]
    when = ""
    for line in open(f):
        r = json.loads(line)
        r["harness"] = name
        when = r.get("date", when)
        (checks if "check" in r else rows).append(r)
    sources.append(f"{name} ({when})" if when else name)


def ratio(pair, goal, inverse=False):
    if not pair:
        return "—"
    ours, peer = pair
    v = ours / peer if inverse else peer / ours
    text = f"{v:.2f}" if inverse else (f"{v:.1f}×" if v < 100 else f"{v:.0f}×")
    if goal is None:
        return text
    ok = v <= goal if inverse else v >= goal
    bound = f"≤ {goal:.2g}" if inverse else f"≥ {goal:g}×"
    return f"{text} {'✓' if ok else '✗'} ({bound})"


def secs(pair):
    return f"{pair[0]:.3g} / {pair[1]:.3g}" if pair else "—"


print("| workload | peer | **end to end**: peer ÷ ours (goal) | library: peer ÷ ours (goal) | peak RSS ours ÷ peer, end to end (goal) | end to end s, ours / peer | library s, ours / peer | statistic |")
print("|---|---|---:|---:|---:|---:|---:|---|")
for r in rows:
    print(f"| {r['workload']} | {r['peer']} | {ratio(r.get('e2e'), r.get('e2e_goal'))} | {ratio(r.get('lib'), r.get('lib_goal'))} | "
          f"{ratio(r.get('rss'), r.get('rss_goal'), inverse=True)} | {secs(r.get('e2e'))} | {secs(r.get('lib'))} | {r.get('stat', '')} |")
if checks:
    print()
    print("| check | value | goal | |")
    print("|---|---:|---|---|")
    for c in checks:
        mark = "" if c.get("met") is None else ("✓" if c["met"] else "✗")
        print(f"| {c['check']} | {c['value']} | {c.get('goal', '')} | {mark} |")
print()
print("Sources: " + "; ".join(sources) + ". Full tables: Benchmarks/work/*.md.")

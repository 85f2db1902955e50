#!/usr/bin/env python3
"""Markdown table of Benchmarks/run_scale.sh: RESULTS FILE, start date, start load, end load, replicates."""
import os
import platform
import sys
from collections import defaultdict

path, start, load0, load1, reps = sys.argv[1:6]
rows = defaultdict(dict)
order = []
for line in open(path):
    if not line.startswith("RESULT "):
        continue
    kv = dict(f.split("=", 1) for f in line.split()[1:])
    n, cmd = int(kv["n"]), kv["command"]
    rows[cmd][n] = (float(kv["wall"]), float(kv["cpu"]), int(kv["rss_kib"]) / 1024)
    if cmd not in order:
        order.append(cmd)
sizes = sorted({n for c in rows.values() for n in c})
load0, load1 = " ".join(load0.split()[:3]), " ".join(load1.split()[:3])
print(f"**Machine:** {os.cpu_count()} vCPUs, {platform.platform()}. **Date:** {start}. "
      f"**Load average** (1/5/15 min) at start: {load0}, at end: {load1}. One run per command and size; `index` and `rank` with {reps} replicates.\n")
head = "| command | " + " | ".join(f"{n:,} rows: wall / CPU (s), peak RSS (MiB)" for n in sizes)
if len(sizes) > 1:
    head += f" | growth {sizes[0]:,} → {sizes[-1]:,} (× {sizes[-1] / sizes[0]:g} rows): wall, RSS | growth {sizes[-2]:,} → {sizes[-1]:,} (× {sizes[-1] / sizes[-2]:g}): wall, RSS"
print(head + " |")
print("|---|" + "---:|" * (len(sizes) + (2 if len(sizes) > 1 else 0)))
for cmd in order:
    cells = []
    for n in sizes:
        w, c, r = rows[cmd].get(n, (float("nan"),) * 3)
        cells.append(f"{w:.2f} / {c:.2f}, {r:,.0f}")
    if len(sizes) > 1:
        if all(n in rows[cmd] for n in sizes):
            (w0, _, r0), (w1, _, r1), (wm, _, rm) = rows[cmd][sizes[0]], rows[cmd][sizes[-1]], rows[cmd][sizes[-2]]
            cells.append(f"{w1 / w0:.1f}×, {r1 / r0:.1f}×")
            cells.append(f"{w1 / wm:.2f}×, {r1 / rm:.2f}×")
        else:
            cells += ["—", "—"]
    print(f"| `{cmd}` | " + " | ".join(cells) + " |")

# Rows for the combined `make bench` table: growth from the smallest to the largest size, against
# linear growth (at most 1.2 × the ratio of the sizes).
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import summary_rows  # noqa: E402

checks = []
if len(sizes) > 1:
    k = sizes[-1] / sizes[0]
    for cmd in order:
        if not all(n in rows[cmd] for n in sizes):
            continue
        (w0, _, r0), (w1, _, r1) = rows[cmd][sizes[0]], rows[cmd][sizes[-1]]
        checks.append({"check": f"scale run `{cmd}`, {sizes[0]:,} → {sizes[-1]:,} rows (× {k:g}): wall, peak RSS; at {sizes[-1]:,}: {w1:.1f} s, {r1:,.0f} MiB",
                       "value": f"× {w1 / w0:.1f}, × {r1 / r0:.1f}", "goal": f"linear (≤ × {1.2 * k:g})",
                       "met": w1 / w0 <= 1.2 * k and r1 / r0 <= 1.2 * k, "date": start})
summary_rows.write("scale", checks)

"""Markdown table for Benchmarks/run_psychometrics.sh from its RESULT lines.

usage: report.py RESULTS.txt DATE START_LOADAVG END_LOADAVG
Ratios are peer median seconds / our median seconds (> 1: we are faster), against our run with
1 BLAS thread and with 2; memory ratio = peer peak RSS / our peak RSS (2-thread run).
"""
import platform
import subprocess
import sys

rows = []
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        rows.append(dict(tok.split("=", 1) for tok in line.split()[1:]))
date, load0, load1 = sys.argv[2], sys.argv[3], sys.argv[4]


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "?"


def nproc():
    return subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()


def swift_version():
    try:
        out = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout
        return out.splitlines()[0] if out else "?"
    except OSError:
        return "?"


def s(r):
    return float(r["seconds"])


def mb(r):
    return int(r["peak_rss_kib"]) * 1024 / 1e6


def extra_mb(r):
    return (int(r["peak_rss_kib"]) - int(r["baseline_rss_kib"])) * 1024 / 1e6


dgemm = {r["threads"]: r for r in rows if r.get("op") == "dgemm"}
print(f"**Machine:** {nproc()} vCPUs, CPU \"{cpu_model()}\", {platform.platform()}; {swift_version()}.  ")
print(f"**Date:** {date}. **Load average** (1/5/15 min) at start: {' '.join(load0.split()[:3])}, at end: {' '.join(load1.split()[:3])}.  ")
if dgemm:
    print("**dgemm peak in this run** (4000 × 4000, median of 3): " + ", ".join(
        f"{t} thread{'s' if t != '1' else ''}: {float(r['gflops']):.1f} GFLOP/s (best {float(r['gflops_best']):.1f})"
        for t, r in sorted(dgemm.items())) + ".\n")

targets = {
    "alpha": {"R": 100, "python": 10},
    "cor": {"python": 3},
    "polychoric": {"R": 100},
    "fa": {"R": 20, "python": 3},
    "parallel": {"R": 50},
}
peer_names = {
    ("alpha", "R"): "psych::alpha(use = \"pairwise\")",
    ("alpha", "python"): "pingouin.cronbach_alpha",
    ("cor", "R"): "R cor(use = \"pairwise\")",
    ("cor", "python"): "numpy, 4 masked products",
    ("fa", "R"): "psych::fa minres + oblimin",
    ("fa", "python"): "factor_analyzer minres + oblimin",
    ("parallel", "R"): "psych::fa.parallel(n.iter = 20)",
    ("polychoric", "R"): "psych::polychoric",
}
summary = []
print("| operation | n × p | implementation | median (s) | min (s) | runs | peak RSS (MB) | above data (MB) | peer / ours (1 thread) | peer / ours (2 threads) | target | met? | memory: peer / ours | load |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|---:|---:|")
for op in ["alpha", "cor", "fa", "parallel", "polychoric"]:
    sizes = sorted({int(r["n"]) for r in rows if r.get("op") == op})
    for n in sizes:
        here = [r for r in rows if r.get("op") == op and int(r["n"]) == n]
        ours = {r["threads"]: r for r in here if r["impl"] == "trustmetrics"}
        peers = [r for r in here if r["impl"] != "trustmetrics"]
        if not ours:
            continue
        p = here[0]["p"]
        for t in sorted(ours):
            r = ours[t]
            extra = ""
            if op == "cor" and "gflops" in r and t in dgemm:
                frac = float(r["gflops"]) / float(dgemm[t]["gflops"])
                extra = (f" (4-product flop count: {float(r['gflops']):.1f} GFLOP/s equivalent = {frac * 100:.0f} % of dgemm peak;"
                         f" flops actually run: {float(r['actual_flops']) / 1e9:.2f} G = {float(r['actual_gflops']):.1f} GFLOP/s"
                         f" = {float(r['actual_gflops']) / float(dgemm[t]['gflops']) * 100:.0f} % of peak)")
            print(f"| {op} | {n:,} × {p} | TrustMetrics, {t} thread{'s' if t != '1' else ''}{extra} | {s(r):.4f} | "
                  f"{float(r['min_seconds']):.4f} | {r['reps']} | {mb(r):.0f} | {extra_mb(r):.0f} | — | — | | | | {r['load']} |")
        o1, o2 = ours.get("1"), ours.get("2")
        for r in peers:
            name = peer_names.get((op, r["impl"]), r["impl"]) + f" ({r['version']})"
            v1 = s(r) / s(o1) if o1 else float("nan")
            v2 = s(r) / s(o2) if o2 else float("nan")
            tgt = targets.get(op, {}).get(r["impl"])
            best = max(v1, v2)
            met = "" if tgt is None or n < 100000 and op != "polychoric" else ("yes" if best >= tgt else "**no**")
            tgt_s = "" if tgt is None or (n < 100000 and op != "polychoric") else f"≥ {tgt}×"
            ours_mem = mb(o2 or o1)
            mem = mb(r) / ours_mem
            print(f"| {op} | {n:,} × {p} | {name} | {s(r):.3f} | {float(r['min_seconds']):.3f} | {r['reps']} | "
                  f"{mb(r):.0f} | {extra_mb(r):.0f} | {v1:.1f}× | {v2:.1f}× | {tgt_s} | {met} | {mem:.2f}× | {r['load']} |")
            if tgt_s:
                summary.append(f"- {op}, n = {n:,}: ours vs {name}: {v1:.1f}× (1 thread), {v2:.1f}× (2 threads); "
                               f"target {tgt_s}: {met.replace('*', '')}")
            if r["impl"] == "R" and (n >= 100000 or op == "polychoric"):
                summary.append(f"- {op}, n = {n:,}: peak RSS ours {ours_mem:.0f} MB vs R {mb(r):.0f} MB = "
                               f"{ours_mem / mb(r):.2f} of R's (target ≤ 0.33: {'yes' if ours_mem / mb(r) <= 1 / 3 else 'no'}); "
                               f"above the loaded data: ours {extra_mb(o2 or o1):.0f} MB vs R {extra_mb(r):.0f} MB")
print()
print("Ratios are peer median seconds / our median seconds (> 1: we are faster). Targets apply to "
      "n = 200,000 (polychoric: n = 10,000 × 25). Peak RSS: VmHWM during the timed calls, data included "
      "(the mark is reset after reading the CSV); \"above data\" = peak − RSS just before the timed calls (data loaded). `load` is the 1-minute load average when the process ended.")
print()
print("Against the targets:")
print("\n".join(summary))

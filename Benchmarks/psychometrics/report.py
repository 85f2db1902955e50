"""Markdown tables for Benchmarks/run_psychometrics.sh from its RESULT lines.

usage: report.py RESULTS.txt DATE START_LOADAVG END_LOADAVG

Two rows per workload, end to end first: the whole process (CLI on the study vs the peer's script on
the same CSV; e2e.py: median wall seconds of the interleaved rounds and the largest peak RSS from
wait4) and the library call with the data loaded (median over the rounds of one timed call per
process). Ratios are peer seconds / our seconds (> 1: we are faster); memory: our peak RSS / the
peer's (goal for R: <= 1/3).
"""
import os
import platform
import shlex
import statistics
import subprocess
import sys

rows = []
for line in open(sys.argv[1]):
    if line.startswith("RESULT "):
        rows.append(dict(tok.split("=", 1) for tok in shlex.split(line)[1:]))
date, load0, load1 = sys.argv[2], sys.argv[3], sys.argv[4]


def cpu_model():
    for line in open("/proc/cpuinfo"):
        if line.startswith("model name"):
            return line.split(":", 1)[1].strip()
    return "?"


def swift_version():
    try:
        out = subprocess.run(["swift", "--version"], capture_output=True, text=True).stdout
        return out.splitlines()[0] if out else "?"
    except OSError:
        return "?"


nproc = subprocess.run(["nproc"], capture_output=True, text=True).stdout.strip()
dgemm = {r["threads"]: r for r in rows if r.get("op") == "dgemm"}
kernel = next((r.get("numpy", "") for r in rows if r.get("label") == "kernel"), "").replace("_", " ")
print(f"**Machine:** {nproc} vCPUs, CPU \"{cpu_model()}\", {platform.platform()}; {swift_version()}.  ")
print(f"**Date:** {date}. **Load average** (1/5/15 min) at start: {' '.join(load0.split()[:3])}, at end: {' '.join(load1.split()[:3])}.  ")
if dgemm:
    print("**dgemm peak in this run** (4000 × 4000, median of 3): " + ", ".join(
        f"{t} thread{'s' if t != '1' else ''}: {float(r['gflops']):.1f} GFLOP/s" for t, r in sorted(dgemm.items())) + ".  ")
if kernel:
    print(f"**numpy's BLAS** (threadpoolctl, in the numpy peer's environment): {kernel}.")
print()

blas = next((r for r in rows if r.get("op") == "blas"), None)
if blas and "1" in dgemm:
    peak = float(dgemm["1"]["gflops"])
    syrk, gemm_same = float(blas["syrk_gflops"]), float(blas["gemm_gflops"])
    print(f"**BLAS part of pairwise Pearson** (n = {int(blas['n']):,}, p = {blas['p']}, blocks of {blas['block_rows']} rows, 1 thread): "
          f"dsyrk {float(blas['syrk_seconds']):.4f} s = {syrk:.1f} GFLOP/s (n·p(p+1) flops) = {syrk / peak * 100:.0f} % of the "
          f"4000² dgemm peak ({peak:.1f}) and {syrk / gemm_same * 100:.0f} % of dgemm on the same blocks "
          f"({gemm_same:.1f} GFLOP/s, 2·n·p² flops); it is {float(blas['blas_share']) * 100:.0f} % of the whole `cor` call "
          f"({float(blas['cor_seconds']):.4f} s) in that measurement.")
    print()

names = {
    "alpha": ("α with item statistics", "psych::alpha", "pingouin.cronbach_alpha"),
    "cor": ("pairwise Pearson", "R cor(use = \"pairwise\")", "numpy 4 masked products (1 thread)"),
    "fa": ("EFA minres + oblimin (4 factors)", "psych::fa", "factor_analyzer"),
}
goals = {  # (end to end: R, python), (library: R, python)
    "alpha": ((50, 10), (100, 10)),
    "cor": ((10, 3), (None, 3)),
    "fa": ((20, 5), (20, 5)),
}


def med(xs):
    return statistics.median(xs) if xs else float("nan")


def fmt_ratio(x, goal):
    if x != x:
        return "—"
    mark = "" if goal is None else (" ✓" if x >= goal else " ✗")
    return f"{x:.1f}×{mark}"


summary = []
summary_rows = []
peers = {"alpha": ("psych::alpha (R)", "pingouin (Python)"), "cor": ("R cor, pairwise", "numpy masked, 1 thread"),
         "fa": ("psych::fa (R)", "factor_analyzer (Python)")}
print("| workload (200,000 × 60) | row | ours (s) | R (s) | R / ours | Python (s) | Python / ours | goals (R, Python) | peak RSS ours / R / Python (MiB) | ours / R |")
print("|---|---|---:|---:|---:|---:|---:|---|---:|---:|")
for op in ["alpha", "cor", "fa"]:
    title, rname, pyname = names[op]
    e = {r["impl_label"]: r for r in rows if r.get("kind") == "e2e" and r.get("opname") == op}
    lib = {}
    for impl, label in (("trustmetrics", "ours"), ("R", "R"), ("python", "py")):
        xs = [float(r["seconds"]) for r in rows if r.get("op") == op and r.get("impl") == impl and r.get("kind") != "e2e"]
        rss = [int(r["peak_rss_kib"]) for r in rows if r.get("op") == op and r.get("impl") == impl and r.get("kind") != "e2e"]
        lib[label] = (med(xs), max(rss) if rss else 0, len(xs))
    if e:
        o, R, py = (float(e[k]["seconds"]) if k in e else float("nan") for k in ("ours", "R", "py"))
        m = [int(e[k]["peak_rss_kib"]) / 1024 if k in e else float("nan") for k in ("ours", "R", "py")]
        g = goals[op][0]
        print(f"| {title} | **end to end** ({e['ours']['rounds']} rounds) | {o:.3f} | {R:.3f} | {fmt_ratio(R / o, g[0])} | {py:.3f} | "
              f"{fmt_ratio(py / o, g[1])} | ≥ {g[0]}×, ≥ {g[1]}× | {m[0]:.0f} / {m[1]:.0f} / {m[2]:.0f} | {m[0] / m[1]:.2f}{' ✓' if m[0] / m[1] <= 1 / 3 else ' ✗'} |")
        summary.append(f"- {title}, end to end: {R / o:.1f}× {rname} (goal ≥ {g[0]}×), {py / o:.1f}× {pyname} (goal ≥ {g[1]}×); "
                       f"peak RSS {m[0]:.0f} MiB vs R {m[1]:.0f} MiB = {m[0] / m[1]:.2f} of R's (goal ≤ 0.33)")
    o, R, py = lib["ours"][0], lib["R"][0], lib["py"][0]
    g = goals[op][1]
    for k, (peer, lp) in enumerate(((peers[op][0], R), (peers[op][1], py))):
        row = {"workload": title + ", 200,000 × 60", "peer": peer, "lib": [o, lp], "lib_goal": g[k], "date": date,
               "stat": f"median of {lib['ours'][2]} interleaved rounds"}
        if e:
            eo, ep = float(e["ours"]["seconds"]), float(e[("R", "py")[k]]["seconds"])
            row["e2e"], row["e2e_goal"] = [eo, ep], goals[op][0][k]
            row["rss"] = [int(e["ours"]["peak_rss_kib"]) / 1024, int(e[("R", "py")[k]]["peak_rss_kib"]) / 1024]
            row["rss_goal"] = 1 / 3 if k == 0 else None
        summary_rows.append(row)
    print(f"| {title} | library ({lib['ours'][2]} rounds) | {o:.4f} | {R:.3f} | {fmt_ratio(R / o, g[0])} | {py:.3f} | {fmt_ratio(py / o, g[1])} | "
          f"{'≥ ' + str(g[0]) + '×' if g[0] else '—'}, ≥ {g[1]}× | {lib['ours'][1] / 1024:.0f} / {lib['R'][1] / 1024:.0f} / {lib['py'][1] / 1024:.0f} | |")
    summary.append(f"- {title}, library: {R / o:.1f}× {rname}, {py / o:.1f}× {pyname}")
print()
print("End to end: `trustmetrics reliability STUDY --scale all`, `correlate STUDY`, `factors STUDY --method minres --rotate oblimin "
      "--nfactors 4` (all `--threads 1`, text output) vs `Rscript e2e_peer.R OP data.csv` (fread + psych / cor) and `python3 e2e_peer.py "
      "OP data.csv` (pandas + pingouin / numpy / factor_analyzer); wall time from fork to exit. Library: one timed call per process "
      "and round on data already loaded (peak RSS there: VmHWM during the call, data included).")
print()
print("Against the goals:")
print("\n".join(summary))

if blas and "1" in dgemm:
    share = float(blas["syrk_gflops"]) / float(dgemm["1"]["gflops"])
    summary_rows.append({"check": "pairwise Pearson, BLAS part (dsyrk, 1 thread) ÷ 4000² dgemm peak", "value": f"{share * 100:.0f} %",
                         "goal": "≥ 50 %", "met": share >= 0.5, "date": date})
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import summary_rows as _rows  # noqa: E402
_rows.write("psychometrics", summary_rows)

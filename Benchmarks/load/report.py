#!/usr/bin/env python3
"""Table for Benchmarks/run_load.sh: best wall time over the rounds per reader, ratios, peak RSS."""
import datetime
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
import summary_rows  # noqa: E402

best = {}
for line in open(sys.argv[1]):
    f = dict(t.split("=", 1) for t in line.split()[1:])
    key = f["reader"] + ("/" + f["file"] if "file" in f else "")
    key = key.replace("fread-all(", "fread(all ").replace("fread(threads=1)", "fread(1 thread)")
    t = float(f["seconds"])
    c = float(f.get("cpu_seconds", "nan"))
    if key not in best or t < best[key][0]:
        old_cpu = best[key][3] if key in best else float("inf")
        best[key] = (t, int(f.get("peak_rss_kib", "0")), int(f.get("baseline_rss_kib", "0")), min(c, old_cpu))
    else:
        best[key] = best[key][:3] + (min(c, best[key][3]),)

def t(k): return best[k][0]
def cpu(k): return best[k][3]
def rss(k): return best[k][1] / 1024
numeric_mib = 200_000 * 60 * 8 / 2**20
print("| measurement | best wall (s) | best CPU (s) | peak RSS (MiB) |\n|---|---:|---:|---:|")
for k, (s, r, _, c) in best.items():
    print(f"| {k} | {s:.3f} | {c:.3f} | {r / 1024:.0f} |")
print()
fread1 = next((k for k in best if k.startswith("fread(1")), None)
freadall = next((k for k in best if k.startswith("fread(all")), None)
pandas = next((k for k in best if k.startswith("pandas")), None)
L, P = "load/study_numeric.yaml", "parse/numeric.csv"  # every core (the default)
L1, P1 = "load-1t/study_numeric.yaml", "parse-1t/numeric.csv"  # one thread
def both(a, b):
    """a ÷ b in wall and CPU time."""
    return (t(a) / t(b), cpu(a) / cpu(b))

pairs = [
    ("library: load ÷ bare parse, both on every core (CSV, target ≤ 1.5)", both(L, P)),
    ("library: load ÷ bare parse, both on one thread", both(L1, P1)),
    ("library: load on every core ÷ bare parse on one thread", both(L, P1)),
    ("library: fread (1 thread) ÷ load (1 thread) (target ≥ 1.2)", both(fread1, L1)),
    ("library: fread (all threads) ÷ load (every core)", both(freadall, L)),
    ("library: pandas ÷ load (every core)", both(pandas, L)),
    ("end to end: Rscript fread (1 thread) ÷ trustmetrics check (target ≥ 1)", both("r-fread-1", "cli-check")),
    ("end to end: Rscript fread (all threads) ÷ trustmetrics check (target ≥ 1)", both("r-fread-all", "cli-check")),
    ("end to end: python3 pandas ÷ trustmetrics check (target ≥ 3)", both("py-pandas", "cli-check")),
    ("text: load answer codes ÷ load numbers (target ≤ 1.5)", both("load/study_codes.yaml", L)),
    ("text: load full texts ÷ load numbers", both("load/study_text.yaml", L)),
    ("text: load answer codes ÷ their bare parse", both("load/study_codes.yaml", "parse/codes.csv")),
    ("text: load full texts ÷ their bare parse", both("load/study_text.yaml", "parse/text.csv")),
    ("SAV: load ÷ bare parse (target ≤ 1.5)", both("load/study_numeric_sav.yaml", "parse/numeric.sav")),
    ("XLSX (20,000 rows): load ÷ bare parse (target ≤ 1.5)", both("load/study_numeric_xlsx.yaml", "parse/numeric.xlsx")),
]
print("| ratio | wall | CPU |\n|---|---:|---:|")
for name, (w, c) in pairs:
    print(f"| {name} | {w:.2f} | {c:.2f} |")
print()
print(f"- `trustmetrics check` (load + quality report) peak RSS ÷ numeric data (92 MiB; target ≤ 2.5): {rss('cli-check') / numeric_mib:.2f}")
print(f"- init on the 200,000-row .sav, whole process: {t('cli-init-sav'):.2f} s wall, {cpu('cli-init-sav'):.2f} s CPU (target < 2 s)")

date = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
stat = "best of 3 per round, best round"
load_rows = []
for peer, e2e_key, lib_key, e2e_goal, lib_goal in (
        ("fread, 1 thread (R)", "r-fread-1", fread1, 1, 1.2), ("fread, all threads (R)", "r-fread-all", freadall, 1, None),
        ("pandas.read_csv (Python)", "py-pandas", pandas, 3, None)):
    ours = L1 if peer.startswith("fread, 1") else L  # the library row against one fread thread: ours on one thread
    load_rows.append({"workload": "load CSV, 200,000 × 60 (`check` vs a script that reads the file)", "peer": peer,
                      "e2e": [t("cli-check"), t(e2e_key)], "e2e_goal": e2e_goal, "lib": [t(ours), t(lib_key)], "lib_goal": lib_goal,
                      "rss": [rss("cli-check"), rss(e2e_key)], "date": date, "stat": stat})
w, c = both(L, P)
load_rows.append({"check": "study loading ÷ bare CSV parse, both on every core (wall; CPU)", "value": f"{w:.2f}; {c:.2f}", "goal": "≤ 1.5", "met": w <= 1.5, "date": date})
w, c = both(L1, P1)
load_rows.append({"check": "study loading ÷ bare CSV parse, both on one thread (wall; CPU)", "value": f"{w:.2f}; {c:.2f}", "goal": "≤ 1.5", "met": w <= 1.5, "date": date})
load_rows.append({"check": "`check` peak RSS ÷ numeric data size", "value": f"{rss('cli-check') / numeric_mib:.2f}", "goal": "≤ 2.5",
                  "met": rss('cli-check') / numeric_mib <= 2.5, "date": date})
for label, a, b in (("SAV", "load/study_numeric_sav.yaml", "parse/numeric.sav"), ("XLSX", "load/study_numeric_xlsx.yaml", "parse/numeric.xlsx")):
    w, c = both(a, b)
    load_rows.append({"check": f"{label} loading ÷ bare parse (wall; CPU)", "value": f"{w:.2f}; {c:.2f}", "goal": "≤ 1.5", "met": w <= 1.5, "date": date})
summary_rows.write("load", load_rows)

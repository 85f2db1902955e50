#!/usr/bin/env python3
"""Table for Benchmarks/run_load.sh: best wall time over the rounds per reader, ratios, peak RSS."""
import sys

best = {}
for line in open(sys.argv[1]):
    f = dict(t.split("=", 1) for t in line.split()[1:])
    key = f["reader"] + ("/" + f["file"] if "file" in f else "")
    key = key.replace("fread-all(", "fread(all ").replace("fread(threads=1)", "fread(1 thread)")
    t = float(f["seconds"])
    if key not in best or t < best[key][0]:
        best[key] = (t, int(f.get("peak_rss_kib", "0")), int(f.get("baseline_rss_kib", "0")))

def t(k): return best[k][0]
def rss(k): return best[k][1] / 1024
numeric_mib = 200_000 * 60 * 8 / 2**20
print("| measurement | best wall (s) | peak RSS (MiB) |\n|---|---:|---:|")
for k, (s, r, _) in best.items():
    print(f"| {k} | {s:.3f} | {r / 1024:.0f} |")
print()
fread1 = next((k for k in best if k.startswith("fread(1")), None)
freadall = next((k for k in best if k.startswith("fread(all")), None)
pandas = next((k for k in best if k.startswith("pandas")), None)
L, P = "load/study_numeric.yaml", "parse/numeric.csv"
lines = [
    ("library: load ÷ bare parse (CSV, target ≤ 1.5)", t(L) / t(P)),
    ("library: load peak RSS ÷ numeric data (92 MiB; target ≤ 2.5)", rss(L) / numeric_mib),
    ("library: fread (1 thread) ÷ load (target ≥ 1.2)", t(fread1) / t(L) if fread1 else float("nan")),
    ("library: fread (all threads) ÷ load", t(freadall) / t(L) if freadall else float("nan")),
    ("library: pandas ÷ load", t(pandas) / t(L) if pandas else float("nan")),
    ("end to end: Rscript fread (1 thread) ÷ trustmetrics check (target ≥ 1)", t("r-fread-1") / t("cli-check")),
    ("end to end: Rscript fread (all threads) ÷ trustmetrics check (target ≥ 1)", t("r-fread-all") / t("cli-check")),
    ("end to end: python3 pandas ÷ trustmetrics check (target ≥ 3)", t("py-pandas") / t("cli-check")),
    ("text: load answer codes ÷ load numbers (target ≤ 1.5)", t("load/study_codes.yaml") / t(L)),
    ("text: load full texts ÷ load numbers", t("load/study_text.yaml") / t(L)),
    ("text: load answer codes ÷ their bare parse", t("load/study_codes.yaml") / t("parse/codes.csv")),
    ("text: load full texts ÷ their bare parse", t("load/study_text.yaml") / t("parse/text.csv")),
    ("SAV: load ÷ bare parse (target ≤ 1.5)", t("load/study_numeric_sav.yaml") / t("parse/numeric.sav")),
    ("XLSX (20,000 rows): load ÷ bare parse (target ≤ 1.5)", t("load/study_numeric_xlsx.yaml") / t("parse/numeric.xlsx")),
    ("init on the 200,000-row .sav, whole process (s; target < 2)", t("cli-init-sav")),
]
print("| ratio | value |\n|---|---:|")
for name, v in lines:
    print(f"| {name} | {v:.2f} |")

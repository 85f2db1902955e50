#!/usr/bin/env python3
"""Study files for the loading benchmark (Benchmarks/run_load.sh): the same answers four ways.

200,000 respondents × 60 items (answers 1–5, 5 % empty), plus an id column; seeded.
  numeric.csv   answers as numbers          (what CSVReader parses fastest)
  codes.csv     answers as LimeSurvey answer codes AO01 … AO05 (text decoded through aliases)
  text.csv      answers as full texts "Trifft gar nicht zu" … "Trifft voll zu"
  numeric.sav   the numbers as an SPSS file (pyreadstat, bytecode-compressed like SPSS's default)
  numeric.xlsx  the numbers, first 20,000 rows, as an XLSX workbook (openpyxl, write-only)
and a study.yaml for each (one response scale whose codes carry labels and answer-code aliases).

usage: gen_study.py OUTDIR [--rows N] [--cols K] [--no-xlsx] [--no-sav]
"""
import argparse
import os
import random

ap = argparse.ArgumentParser()
ap.add_argument("out")
ap.add_argument("--rows", type=int, default=200_000)
ap.add_argument("--cols", type=int, default=60)
ap.add_argument("--seed", type=int, default=20260101)
ap.add_argument("--no-xlsx", action="store_true")
ap.add_argument("--no-sav", action="store_true")
a = ap.parse_args()
os.makedirs(a.out, exist_ok=True)

LABELS = ["Trifft gar nicht zu", "Trifft eher nicht zu", "Teils/teils", "Trifft eher zu", "Trifft voll zu"]
CODES = ["AO01", "AO02", "AO03", "AO04", "AO05"]
rng = random.Random(a.seed)
items = [f"q{j + 1:02d}" for j in range(a.cols)]
rows = [[0 if rng.random() < 0.05 else rng.randint(1, 5) for _ in range(a.cols)] for _ in range(a.rows)]

for name, fmt in (("numeric", lambda v: str(v)), ("codes", lambda v: CODES[v - 1]), ("text", lambda v: LABELS[v - 1])):
    with open(os.path.join(a.out, name + ".csv"), "w", newline="") as f:
        f.write("id," + ",".join(items) + "\n")
        for i, r in enumerate(rows):
            f.write(f"R{i + 1:06d}," + ",".join("" if v == 0 else fmt(v) for v in r) + "\n")

scale = "\n".join(f'      {k + 1}: {{label: "{LABELS[k]}", aliases: [{CODES[k]}]}}' for k in range(5))
for name, ext in (("numeric", "csv"), ("codes", "csv"), ("text", "csv"), ("numeric_sav", "sav"), ("numeric_xlsx", "xlsx")):
    data = (name.split("_")[0] + "." + ext) if ext != "csv" else name + ".csv"
    with open(os.path.join(a.out, f"study_{name}.yaml"), "w") as f:
        f.write(f"study: {{id: bench-{name.replace('_', '-')}, title: Load benchmark}}\nrespondent_id: id\n")
        f.write(f"files: [{{path: {data}}}]\n")
        f.write(f"response_scales:\n  agree:\n    codes:\n{scale}\n    missing: {{8: \"weiß nicht\", 9: \"keine Angabe\"}}\n")
        f.write("items:\n" + "\n".join(f"  - {{id: {q}, scale: agree, block: b{j // 10}}}" for j, q in enumerate(items)) + "\n")

if not a.no_sav:
    import pandas as pd
    import pyreadstat
    df = pd.DataFrame({"id": [f"R{i + 1:06d}" for i in range(a.rows)]})
    for j, q in enumerate(items):
        df[q] = [float("nan") if r[j] == 0 else float(r[j]) for r in rows]
    pyreadstat.write_sav(df, os.path.join(a.out, "numeric.sav"), row_compress=True,
                         variable_value_labels={q: {k + 1: LABELS[k] for k in range(5)} for q in items})
if not a.no_xlsx:
    from openpyxl import Workbook
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("Daten")
    ws.append(["id"] + items)
    for i, r in enumerate(rows[:20_000]):
        ws.append([f"R{i + 1:06d}"] + [None if v == 0 else v for v in r])
    wb.save(os.path.join(a.out, "numeric.xlsx"))
print("wrote", a.out)

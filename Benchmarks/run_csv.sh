#!/usr/bin/env bash
# CSV ingestion benchmark: TrustMetrics CSVReader vs data.table::fread vs pandas.read_csv.
#
#   Benchmarks/run_csv.sh [FILE]
#
# Without FILE, generates Benchmarks/work/likert.csv (200,000 x 60 Likert 1-5, 5% empty,
# seeded) with gen_likert_csv.py. Builds tmbench in release, runs each reader best of 3 in
# its own process on the same file, and prints a markdown table: seconds, MB/s, peak RSS
# (VmHWM), speed ratios (ours vs peer: peer seconds / our seconds, > 1 means we are faster)
# and peak memory relative to the parsed numeric size (rows x numeric columns x 8 bytes).
# All readers must report the same checksum (sum of all numeric cells) and missing count.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
file="${1:-$here/work/likert.csv}"
if [ ! -f "$file" ]; then
  mkdir -p "$(dirname "$file")"
  python3 "$here/gen_likert_csv.py" "$file"
fi
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2

out="$(mktemp)"
trap 'rm -f "$out"' EXIT
echo "== tmbench" >&2
"$here/.build/release/tmbench" csv "$file" | tee /dev/stderr | grep '^RESULT' >>"$out"
echo "== fread (default threads)" >&2
Rscript "$here/peers/fread_csv.R" "$file" | tee /dev/stderr | grep '^RESULT' >>"$out"
echo "== fread (1 thread)" >&2
Rscript "$here/peers/fread_csv.R" "$file" 1 | tee /dev/stderr | grep '^RESULT' >>"$out"
echo "== pandas" >&2
python3 "$here/peers/pandas_csv.py" "$file" | tee /dev/stderr | grep '^RESULT' >>"$out"

python3 - "$out" "$file" <<'PY'
import os, sys
rows = []
for line in open(sys.argv[1]):
    kv = dict(tok.split("=", 1) for tok in line.split()[1:])
    rows.append(kv)
size = os.path.getsize(sys.argv[2])
ours = rows[0]
numeric = int(ours["rows"]) * int(ours["numeric_columns"]) * 8
def secs(r): return float(r["seconds"])
fread = next(r for r in rows if r["reader"].startswith("fread") and "threads=1)" not in r["reader"])
fread1 = next((r for r in rows if r["reader"] == "fread(threads=1)"), fread)
pandas = next(r for r in rows if r["reader"] == "pandas")
print(f"File: `{os.path.basename(sys.argv[2])}`, {size / 1e6:.1f} MB, {ours['rows']} rows x {ours['columns']} columns; "
      f"parsed numeric size {numeric / 2**20:.1f} MiB ({ours['rows']} x {ours['numeric_columns']} x 8 bytes).\n")
print("| reader | best of 3 (s) | MB/s | peak RSS (MiB) | RSS before read (MiB) | peak / numeric size | ours vs this (speed) | checksum | missing |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    peak = int(r["peak_rss_kib"]) * 1024
    base = int(r["baseline_rss_kib"]) * 1024
    ratio = secs(r) / secs(ours)
    name = r["reader"] + (f" ({r['version']})" if "version" in r else "")
    print(f"| {name} | {secs(r):.3f} | {float(r['mbps']):.1f} | {peak / 2**20:.0f} | {base / 2**20:.0f} | "
          f"{peak / numeric:.2f}x | {'—' if r is ours else f'{ratio:.2f}x'} | {r['checksum']} | {r['missing']} |")
print()
print(f"- ours vs fread (default threads): {secs(fread) / secs(ours):.2f}x faster (target >= 1)")
print(f"- ours vs fread (1 thread): {secs(fread1) / secs(ours):.2f}x faster")
print(f"- ours vs pandas: {secs(pandas) / secs(ours):.2f}x faster (target >= 3)")
print(f"- our peak RSS / parsed numeric size: {int(ours['peak_rss_kib']) * 1024 / numeric:.2f}x (target <= 3)")
same = len({(r['checksum'], r['missing']) for r in rows}) == 1
print(f"- checksums and missing counts agree across readers: {'yes' if same else 'NO'}")
PY

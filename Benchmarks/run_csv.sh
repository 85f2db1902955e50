#!/usr/bin/env bash
# CSV ingestion benchmark: TrustMetrics CSVReader vs data.table::fread vs pandas.read_csv.
#
#   Benchmarks/run_csv.sh [FILE]
#
# Without FILE, generates Benchmarks/work/likert.csv (200,000 x 60 Likert 1-5, 5% empty,
# seeded) with gen_likert_csv.py. Builds tmbench in release, runs each reader best of 3 in
# its own process on the same file, ROUNDS times (default 3, interleaved), and prints a markdown table: seconds, MB/s, peak RSS
# (VmHWM), speed ratios (ours vs peer: peer seconds / our seconds, > 1 means we are faster)
# (wall and CPU time; CPU time is less disturbed when other processes share the machine)
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
# Runs a reader, shows its output on stderr and keeps its RESULT line.
run() {
  local o
  o="$("$@")"
  printf '%s\n' "$o" >&2
  printf '%s\n' "$o" | grep '^RESULT' >>"$out"
}
rounds="${ROUNDS:-3}"
for round in $(seq 1 "$rounds"); do
  # Rounds interleave the readers so that load from other processes hits all of them alike.
  echo "== round $round: tmbench" >&2
  run "$here/.build/release/tmbench" csv "$file"
  echo "== round $round: fread (default threads)" >&2
  run Rscript "$here/peers/fread_csv.R" "$file"
  echo "== round $round: fread ($(nproc) threads)" >&2
  run Rscript "$here/peers/fread_csv.R" "$file" "$(nproc)" all
  echo "== round $round: pandas" >&2
  run python3 "$here/peers/pandas_csv.py" "$file"
done

python3 - "$out" "$file" <<'PY'
import os, sys
results = [dict(tok.split("=", 1) for tok in line.split()[1:]) for line in open(sys.argv[1])]
size = os.path.getsize(sys.argv[2])
# Per reader: the round with the shortest wall time; CPU is the minimum over all rounds.
order = []
best = {}
for r in results:
    key = r["reader"].split("(")[0]
    if key not in best:
        order.append(key)
        best[key] = dict(r)
    else:
        cpu_min = min(float(best[key]["cpu_seconds"]), float(r["cpu_seconds"]))
        if float(r["seconds"]) < float(best[key]["seconds"]):
            best[key] = dict(r)
        best[key]["cpu_seconds"] = str(cpu_min)
rows = [best[k] for k in order]
for r in rows:
    r["reader"] = r["reader"].replace("fread-all(", "fread(")
ours, fread, fread_all, pandas = rows  # order of the runs above
rounds = len(results) // 4
numeric = int(ours["rows"]) * int(ours["numeric_columns"]) * 8
def wall(r): return float(r["seconds"])
def cpu(r): return float(r["cpu_seconds"])
print(f"File: `{os.path.basename(sys.argv[2])}`, {size / 1e6:.1f} MB, {ours['rows']} rows x {ours['columns']} columns; "
      f"parsed numeric size {numeric / 1e6:.1f} MB ({ours['rows']} x {ours['numeric_columns']} x 8 bytes).\n")
print(f"Each reader: best of 3 in each of {rounds} interleaved rounds (best of {3 * rounds} in all).\n")
print("| reader | wall, best (s) | MB/s (wall) | CPU, best (s) | ours vs this, wall | ours vs this, CPU | peak RSS (MB) | RSS before reading (MB) | peak / numeric size | checksum | missing |")
print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for r in rows:
    peak = int(r["peak_rss_kib"]) * 1024
    base = int(r["baseline_rss_kib"]) * 1024
    name = r["reader"] + (f" ({r['version']})" if "version" in r else "")
    vs_wall = "—" if r is ours else f"{wall(r) / wall(ours):.2f}x"
    vs_cpu = "—" if r is ours else f"{cpu(r) / cpu(ours):.2f}x"
    print(f"| {name} | {wall(r):.3f} | {float(r['mbps']):.1f} | {cpu(r):.3f} | {vs_wall} | {vs_cpu} | "
          f"{peak / 1e6:.0f} | {base / 1e6:.0f} | {peak / numeric:.2f}x | {r['checksum']} | {r['missing']} |")
print()
print("Ratios are peer time / our time (> 1: we are faster).")
print(f"- ours vs fread ({fread['reader']}): {wall(fread) / wall(ours):.2f}x wall, {cpu(fread) / cpu(ours):.2f}x CPU (target >= 1)")
print(f"- ours vs fread ({fread_all['reader']}): {wall(fread_all) / wall(ours):.2f}x wall, {cpu(fread_all) / cpu(ours):.2f}x CPU")
print(f"- ours vs pandas: {wall(pandas) / wall(ours):.2f}x wall, {cpu(pandas) / cpu(ours):.2f}x CPU (target >= 3)")
print(f"- our peak RSS / parsed numeric size: {int(ours['peak_rss_kib']) * 1024 / numeric:.2f}x (target <= 3)")
same = len({(r['checksum'], r['missing']) for r in rows}) == 1
print(f"- checksums and missing counts agree across readers: {'yes' if same else 'NO'}")
PY

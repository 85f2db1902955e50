#!/usr/bin/env bash
# Main-job parts (the older harness; run_mainjob.sh runs the end-to-end rows): TrustMetrics (tmbench mainjob) vs numpy (peer_numpy.py) on the same data,
# plus R (loop and boot::boot) for the bootstrap of one wave's 14 region means.
#
#   Benchmarks/run_mainjob_parts.sh [FILE]
#
# Data: Benchmarks/mainjob/gen_mainjob.py (seeded, 200,000 respondents, 14 regions, 3 waves,
# two Likert-mean indicators) -> Benchmarks/work/mainjob.csv if missing. tmbench and numpy: each
# part best of REPEAT (default 3) runs for tmbench, NUMPY_REPEAT (default 1: its bootstrap takes
# minutes under load) for numpy; R: one run each (RRUNS). Prints a markdown table of
# seconds (wall and CPU) and ratios peer / ours (> 1: we are faster).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
file="${1:-$here/work/mainjob.csv}"
if [ ! -f "$file" ]; then mkdir -p "$(dirname "$file")"; python3 "$here/mainjob/gen_mainjob.py" "$file" >&2; fi
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
run() {
  echo "== $*" >&2
  local o
  o="$("$@" 2>&1)"
  printf '%s\n' "$o" >&2
  printf '%s\n' "$o" | grep -E '^RESULT' >>"$out"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
run "$here/.build/release/tmbench" mainjob "$file" --repeat "${REPEAT:-3}"
run python3 "$here/mainjob/peer_numpy.py" "$file" --repeat "${NUMPY_REPEAT:-1}" --cells
run Rscript "$here/mainjob/peer_r.R" "$file" --runs "${RRUNS:-1}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$out" <<'PY'
import sys
rows = [dict(t.split("=", 1) for t in l.split()[1:]) for l in open(sys.argv[1])]
ours = {r["part"]: r for r in rows if r["peer"] == "trustmetrics"}
names = {"boot1": "bootstrap, 1 wave x 1 indicator: 2,000 reps of 14 region means + ranks",
         "boot": "bootstrap, 3 waves x 2 indicators (6 x 2,000 reps) + ranks",
         "mc": "10,000 Monte Carlo index variants (14 x 2) + ranks",
         "job": "whole job (boot + mc)",
         "boot_cells1": "bootstrap 1 x 1 (peer uses our algorithm: multinomial over value cells)",
         "boot_cells": "bootstrap 3 x 2 (peer uses our algorithm)"}
def x(v): return f"{v:.2f}x" if v < 10 else f"{v:.0f}x"
print("| part | peer | peer wall (s) | ours wall (s) | peer / ours, wall | peer CPU (s) | ours CPU (s) | peer / ours, CPU |")
print("|---|---|---:|---:|---:|---:|---:|---:|")
for r in rows:
    if r["peer"] == "trustmetrics" or r["part"] == "process":
        continue
    o = ours.get(r["part"].replace("_cells", ""))
    if not o:
        continue
    pw, ow, pc, oc = float(r["seconds"]), float(o["seconds"]), float(r["cpu_seconds"]), float(o["cpu_seconds"])
    print(f"| {names.get(r['part'], r['part'])} | {r['peer']} | {pw:.3f} | {ow:.3f} | **{x(pw / ow)}** | {pc:.3f} | {oc:.3f} | {x(pc / oc)} |")
print()
for r in rows:
    if r["part"] == "process":
        print(f"- process peak RSS, {r['peer']}: {int(r['peak_rss_kib']) / 1024:.0f} MB")
    if "r_max_used_mb" in r:
        print(f"- {r['peer']}: R gc max used {r['r_max_used_mb']} MB")
PY

#!/usr/bin/env bash
# CFA benchmark: TrustMetrics (trustmetrics cfa / tmbench cfa) vs R lavaan on the same files.
#
#   Benchmarks/run_cfa.sh            (prints a markdown table)
#
# Data: Benchmarks/cfa/gen_cfa.py (seeded): 200,000 respondents, 60 five-point items, 4 factors,
# 16 groups; Benchmarks/work/cfa.csv (complete) and cfa_missing.csv (5 % missing in ~40 patterns),
# generated if missing. Codebooks: Benchmarks/cfa/study.yaml and study_missing.yaml.
# Workloads (ML as lavaan's defaults):
#   ml          one-group 4-factor CFA, complete data          lavaan cfa(model, d)
#   fiml        the same with FIML                             lavaan cfa(model, d, missing = "ml")
#   invariance  configural/metric/scalar/strict across grp     lavaan 4 × cfa(group = "grp", group.equal) + lavTestLRT
# Rows: end to end (the CLI on the codebook vs Rscript reading the same CSV and fitting: whole
# processes, wall seconds, one run each) and library (tmbench cfa vs the lavaan calls only, data
# already in memory; median of REPS, default 1 for lavaan, 3 for ours).
# Environment: ROWS (default 200000), REPS (ours, 3), RREPS (lavaan, 1), OPS ("ml fiml"; add "invariance"
# for lavaan's 4 × 16-group sequence at 200,000 rows: more than 40 minutes per run, so not by default —
# run_cfa_invariance_e2e.sh times the sequence end to end on a smaller file).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/work"
mkdir -p "$work"
rows="${ROWS:-200000}"
reps="${REPS:-3}"
rreps="${RREPS:-1}"
ops="${OPS:-ml fiml}"
[ -f "$work/cfa.csv" ] && [ "$(($(wc -l <"$work/cfa.csv") - 1))" = "$rows" ] || python3 "$here/cfa/gen_cfa.py" "$work/cfa.csv" --rows "$rows" >&2
[ -f "$work/cfa_missing.csv" ] && [ "$(($(wc -l <"$work/cfa_missing.csv") - 1))" = "$rows" ] || python3 "$here/cfa/gen_cfa.py" "$work/cfa_missing.csv" --rows "$rows" --missing >&2
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
swift build -c release --package-path "$root" --product trustmetrics 2>&1 | tail -1 >&2
tm="$here/.build/release/tmbench"
cli="$root/.build/release/trustmetrics"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
wall() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>>"$work/cfa_log.txt"; t1=$(date +%s.%N); echo "$t1 - $t0" | bc; }
for op in $ops; do
  file="$work/cfa.csv"; study="$here/cfa/study.yaml"; extra=()
  case "$op" in
    fiml) file="$work/cfa_missing.csv"; study="$here/cfa/study_missing.yaml"; extra=(--missing fiml) ;;
    invariance) extra=(--group grp --invariance) ;;
  esac
  echo "== $op" >&2
  # Library.
  "$tm" cfa "$op" "$file" --repeat "$reps" 2>&1 | tee -a "$work/cfa_log.txt" | grep '^RESULT' | sed 's/^RESULT /RESULT part=library /' >>"$out"
  Rscript "$here/cfa/peer_cfa.R" "$op" "$file" "$rreps" 2>&1 | tee -a "$work/cfa_log.txt" | grep '^RESULT' | sed 's/^RESULT /RESULT part=library /' >>"$out"
  # End to end: whole processes on the same file.
  s_ours=$(wall "$cli" cfa "$study" "${extra[@]}" --format csv)
  s_r=$(wall Rscript "$here/cfa/peer_cfa.R" "$op" "$file" 1)
  echo "RESULT part=e2e peer=trustmetrics op=$op seconds=$s_ours" >>"$out"
  echo "RESULT part=e2e peer=lavaan op=$op seconds=$s_r" >>"$out"
  tail -4 "$out" >&2
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
python3 - "$out" <<'PY'
import sys
rows = [dict(t.split("=", 1) for t in l.split()[1:]) for l in open(sys.argv[1])]
names = {"ml": "ML, 60 items × 4 factors, complete", "fiml": "FIML, 5 % missing (~40 patterns)",
         "invariance": "invariance: 4 steps × 16 groups (ML)"}
print("| workload | part | lavaan (s) | ours (s) | lavaan / ours |")
print("|---|---|---:|---:|---:|")
for part in ("e2e", "library"):
    for op in names:
        o = [r for r in rows if r["part"] == part and r["op"] == op and r["peer"] == "trustmetrics"]
        l = [r for r in rows if r["part"] == part and r["op"] == op and r["peer"] == "lavaan"]
        if o and l:
            so, sl = float(o[0]["seconds"]), float(l[0]["seconds"])
            label = "end to end (CLI vs Rscript)" if part == "e2e" else "library (fit only)"
            print(f"| {names[op]} | {label} | {sl:.2f} | {so:.2f} | **{sl / so:.0f}x** |")
for r in rows:
    if r["part"] == "library" and "chisq" in r:
        print(f"- {r['peer']} {r['op']}: chi-square {float(r['chisq']):.4f}" + (f", peak RSS {int(r['peak_rss_kib']) / 1024:.0f} MB" if "peak_rss_kib" in r else ""))
PY

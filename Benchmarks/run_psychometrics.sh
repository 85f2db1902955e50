#!/usr/bin/env bash
# Psychometrics benchmark: TrustMetrics vs R psych, pingouin, numpy, factor_analyzer on the same files.
#
#   Benchmarks/run_psychometrics.sh            (writes Benchmarks/work/psychometrics.md and prints it)
#
# Data: Benchmarks/gen_likert_factor.py (seeded; 60 Likert items, 4 correlated factors, 5 % MAR),
# n = 10,000 and n = 200,000, plus the first 25 items at n = 10,000 for polychoric; generated
# into Benchmarks/work/ if missing. Every implementation runs in its own process, reads the CSV
# before timing, resets its peak-RSS mark, and reports the median of REPS runs (default 3) and
# its peak RSS (VmHWM) during the timed calls.
# Ours: `tmbench psych OP FILE --threads T` with T = 1 and 2 (OpenBLAS threads), and
# `tmbench dgemm` (4000 x 4000) with 1 and 2 threads for the machine's dgemm peak in this run.
# Peers: Benchmarks/psychometrics/peer_psych.R (R defaults; R links OpenBLAS, its thread count
# is OpenBLAS's default = all cores) and peer_psych.py (numpy's OpenBLAS, default threads).
# Environment:
#   REPS=3          repetitions per implementation (median)
#   R_SLOW_REPS=1   repetitions for the slow R calls (psych::alpha, fa.parallel, polychoric; each
#                   takes 20-70 s per call here): set to 3 for a full median of 3
#   SIZES="10000 200000"
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$here/work"
mkdir -p "$work"
reps="${REPS:-3}"
slow="${R_SLOW_REPS:-1}"
sizes="${SIZES:-10000 200000}"
for n in $sizes; do
  [ -f "$work/likert4f_$n.csv" ] || python3 "$here/gen_likert_factor.py" "$work/likert4f_$n.csv" --rows "$n"
done
[ -f "$work/likert4f_10000_25.csv" ] || python3 "$here/gen_likert_factor.py" "$work/likert4f_10000_25.csv" --rows 10000 --items 25
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
tm="$here/.build/release/tmbench"

out="$work/psychometrics_results.txt"
: >"$out"
log="$work/psychometrics_log.txt"
: >"$log"
run() {
  local label="$1"; shift
  echo "== $label: $*" >&2
  local o
  o="$("$@" 2>>"$log")" || { echo "   FAILED" >&2; return 0; }
  printf '%s\n' "$o" >>"$log"
  printf '%s\n' "$o" | grep '^RESULT' | sed "s/^RESULT /RESULT label=$label size=$n load=$(cut -d' ' -f1 /proc/loadavg) /" | tee -a "$out" >&2
}
start_load="$(cat /proc/loadavg)"
start_date="$(date -u '+%Y-%m-%d %H:%M UTC')"

n=4000
for t in 1 2; do run dgemm "$tm" dgemm --size 4000 --threads "$t" --repeat "$reps"; done

for n in $sizes; do
  f="$work/likert4f_$n.csv"
  r_reps="$slow"
  for t in 1 2; do run ours "$tm" psych alpha "$f" --threads "$t" --repeat "$reps"; done
  run R Rscript "$here/psychometrics/peer_psych.R" alpha "$f" "$r_reps"
  run py python3 "$here/psychometrics/peer_psych.py" alpha "$f" "$reps"
  for t in 1 2; do run ours "$tm" psych cor "$f" --threads "$t" --repeat "$reps"; done
  run R Rscript "$here/psychometrics/peer_psych.R" cor "$f" "$reps"
  run py python3 "$here/psychometrics/peer_psych.py" cor "$f" "$reps"
  for t in 1 2; do run ours "$tm" psych fa "$f" --threads "$t" --repeat "$reps"; done
  run R Rscript "$here/psychometrics/peer_psych.R" fa "$f" "$reps"
  run py python3 "$here/psychometrics/peer_psych.py" fa "$f" "$reps"
  for t in 1 2; do run ours "$tm" psych parallel "$f" --threads "$t" --repeat "$reps"; done
  run R Rscript "$here/psychometrics/peer_psych.R" parallel "$f" "$r_reps"
done
n=10000
f="$work/likert4f_10000_25.csv"
for t in 1 2; do run ours "$tm" psych polychoric "$f" --threads "$t" --repeat "$reps"; done
run R Rscript "$here/psychometrics/peer_psych.R" polychoric "$f" "$slow"
end_load="$(cat /proc/loadavg)"

python3 "$here/psychometrics/report.py" "$out" "$start_date" "$start_load" "$end_load" | tee "$work/psychometrics.md"

#!/usr/bin/env bash
# Psychometrics benchmark: TrustMetrics vs R psych, pingouin, numpy, factor_analyzer on the same files.
#
#   Benchmarks/run_psychometrics.sh            (writes Benchmarks/work/psychometrics.md and prints it)
#
# Data: Benchmarks/gen_likert_factor.py (seeded; 60 Likert items, 4 correlated factors, 5 % MAR),
# n = 200,000 (SIZES), wrapped as a study by psychometrics/make_study.py (an `id` column + the
# same values, and a codebook) for the end-to-end rows.
#
# Two rows per workload (alpha with item statistics, pairwise Pearson, EFA minres + oblimin):
#  * library: the operation on data already in memory, inside one process per implementation
#    (`tmbench psych OP`, psychometrics/peer_psych.R, peer_psych.py), timed around the call;
#  * end to end: the whole process a user runs, from the CSV to the printed result:
#    `trustmetrics reliability|correlate|factors STUDY` vs psychometrics/e2e_peer.R (fread + psych /
#    cor) and e2e_peer.py (pandas + pingouin / numpy / factor_analyzer), timed by e2e.py
#    (fork to exit, peak RSS from wait4).
# Every row is the median of ROUNDS interleaved rounds (each round runs every implementation once,
# in turn), all in the same run. BLAS threads: ours 1 (--threads 1 / BLASThreads.set(1)); the numpy
# peer 1 (OPENBLAS_NUM_THREADS=1, with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset in its command
# only; its kernel is recorded with threadpoolctl); R and the other Python peers their defaults.
# Also recorded: the dgemm peak (4000 × 4000) and the BLAS part of pairwise Pearson on its own
# against dgemm of the same shape (`tmbench psych blas`).
# Environment:
#   ROUNDS=3        interleaved rounds per row (median)
#   SIZES="200000"
#   OPS="alpha cor fa"
#   EXTRA_OPS=""    library-only rows also run: "parallel polychoric" (slow in R)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/work"
mkdir -p "$work"
rounds="${ROUNDS:-3}"
sizes="${SIZES:-200000}"
ops="${OPS:-alpha cor fa}"
extra_ops="${EXTRA_OPS:-}"
for n in $sizes; do
  [ -f "$work/likert4f_$n.csv" ] || python3 "$here/gen_likert_factor.py" "$work/likert4f_$n.csv" --rows "$n"
  [ -f "$work/likert4f_${n}_study/study.yaml" ] || python3 "$here/psychometrics/make_study.py" "$work/likert4f_$n.csv" "$work/likert4f_${n}_study" >&2
done
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
swift build -c release --package-path "$root" --product trustmetrics 2>&1 | tail -1 >&2
tm="$here/.build/release/tmbench"
cli="$root/.build/release/trustmetrics"
numpy_env="env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE OPENBLAS_NUM_THREADS=1"

out="$work/psychometrics_results.txt"
: >"$out"
log="$work/psychometrics_log.txt"
: >"$log"
record() {  # label, then a command printing RESULT lines
  local label="$1"; shift
  echo "== $label: $*" >&2
  local o
  o="$("$@" 2>>"$log")" || { echo "   FAILED (see $log)" >&2; return 0; }
  printf '%s\n' "$o" >>"$log"
  printf '%s\n' "$o" | grep '^RESULT' | sed "s/^RESULT /RESULT label=$label size=$n load=$(cut -d' ' -f1 /proc/loadavg) /" | tee -a "$out" >&2
}
start_load="$(cat /proc/loadavg)"
start_date="$(date -u '+%Y-%m-%d %H:%M UTC')"

n=4000
for t in 1 2; do record dgemm "$tm" dgemm --size 4000 --threads "$t" --repeat 3; done
echo "RESULT label=kernel size=0 numpy=\"$($numpy_env python3 "$here/psychometrics/e2e_peer.py" kernel /dev/null 2>/dev/null | tr ' ' '_')\"" >>"$out"

for n in $sizes; do
  f="$work/likert4f_$n.csv"
  study="$work/likert4f_${n}_study/study.yaml"
  data="$work/likert4f_${n}_study/data.csv"
  record blas "$tm" psych blas "$f" --threads 1 --repeat 5
  # Library rows: interleaved rounds, one timed call per process and round.
  for r in $(seq "$rounds"); do
    for op in $ops $extra_ops; do
      record ours "$tm" psych "$op" "$f" --threads 1 --repeat 1
      record R Rscript "$here/psychometrics/peer_psych.R" "$op" "$f" 1
      case "$op" in
        alpha|fa) record py python3 "$here/psychometrics/peer_psych.py" "$op" "$f" 1 ;;
        cor) record py $numpy_env python3 "$here/psychometrics/peer_psych.py" cor "$f" 1 ;;
      esac
    done
  done
  # End-to-end rows.
  for op in $ops; do
    case "$op" in
      alpha) ourcmd="$cli reliability $study --scale all --threads 1" ;;
      cor) ourcmd="$cli correlate $study --threads 1" ;;
      fa) ourcmd="$cli factors $study --method minres --rotate oblimin --nfactors 4 --threads 1" ;;
    esac
    pycmd="python3 $here/psychometrics/e2e_peer.py $op $data"
    [ "$op" = cor ] && pycmd="$numpy_env $pycmd"
    record "e2e_$op" python3 "$here/psychometrics/e2e.py" "$op" "$rounds" \
      "ours=$ourcmd" "R=Rscript $here/psychometrics/e2e_peer.R $op $data" "py=$pycmd"
  done
done
end_load="$(cat /proc/loadavg)"

python3 "$here/psychometrics/report.py" "$out" "$start_date" "$start_load" "$end_load" | tee "$work/psychometrics.md"

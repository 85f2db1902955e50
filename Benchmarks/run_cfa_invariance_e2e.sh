#!/usr/bin/env bash
# End to end: the measurement-invariance sequence as a user runs it, the CLI on the study codebook
# vs Rscript with lavaan/semTools on the same data files (whole processes: wall and CPU = user +
# system seconds by /usr/bin/time, median of REPS runs each, interleaved).
#   Benchmarks/run_cfa_invariance_e2e.sh        (prints a markdown table)
# Cases (see Benchmarks/cfa/peer_invariance_e2e.R):
#   hs    trustmetrics cfa Datasets/real/holzinger/study.yaml --group school --invariance
#   demo  trustmetrics cfa Datasets/hvb-demo/study.yaml --scale digital_infrastructure --estimator wlsmv --group wave --invariance
# Environment: REPS (default 5). /usr/bin/time resolves 0.01 s: CPU figures below 0.05 s are coarse.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
reps="${REPS:-5}"
swift build -c release --package-path "$root" --product trustmetrics 2>&1 | tail -1 >&2
cli="$root/.build/release/trustmetrics"
cd "$root"
tf="$(mktemp)"; trap 'rm -f "$tf"' EXIT
run() { /usr/bin/time -f "%e %U %S" -o "$tf" "$@" >/dev/null 2>&1; awk '{printf "%s %s\n", $1, $2 + $3}' "$tf"; }
median() { sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
echo "| case | lavaan wall (s) | ours wall (s) | wall ratio | lavaan CPU (s) | ours CPU (s) | CPU ratio |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for c in hs demo; do
  case "$c" in
    hs) args=(cfa Datasets/real/holzinger/study.yaml --group school --invariance); name="HS 3 factors × 2 schools, ML, 4 steps" ;;
    demo) args=(cfa Datasets/hvb-demo/study.yaml --scale digital_infrastructure --estimator wlsmv --group wave --invariance); name="demo digital_infrastructure × 3 waves, WLSMV, 3 steps" ;;
  esac
  ow=(); oc=(); rw=(); rc=()
  for _ in $(seq "$reps"); do
    read -r w t < <(run "$cli" "${args[@]}"); ow+=("$w"); oc+=("$t")
    read -r w t < <(run Rscript "$here/cfa/peer_invariance_e2e.R" "$c"); rw+=("$w"); rc+=("$t")
  done
  m() { printf '%s\n' "$@" | median; }
  a=$(m "${rw[@]}"); b=$(m "${ow[@]}"); x=$(m "${rc[@]}"); y=$(m "${oc[@]}")
  printf '| %s | %.2f | %.3f | **%.0fx** | %.2f | %.3f | **%.0fx** |\n' "$name" "$a" "$b" "$(echo "$a / $b" | bc -l)" "$x" "$y" "$(echo "$x / $y" | bc -l)"
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

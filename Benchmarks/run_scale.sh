#!/usr/bin/env bash
# Scale run (issue 11): the same study at SIZES respondents (default 200,000, 1,000,000 and
# 2,000,000) × 60 items through `check`, `reliability`, `correlate`, `factors`, `index` and `rank`,
# each command once as a whole process (wall, CPU, peak RSS from /usr/bin/time), and how time and
# memory grow with n. Not a comparison with a peer: the question is whether the commands stay
# linear in n, so that ten times every HVB in Germany over twenty waves still runs on a laptop.
#
#   Benchmarks/run_scale.sh        (writes Benchmarks/work/scale.md and prints it)
#
# Data: Benchmarks/gen_likert_factor.py (seeded; 60 Likert items, 4 factors, 5 % MAR) wrapped by
# Benchmarks/scale/make_scale_study.py (an id, 14 regions, design strata = region, index `idx`
# = equal-weight mean of the four factor scales). 2,000,000 rows: 257 MB of CSV.
# Environment: SIZES="200000 1000000 2000000", REPLICATES=1000 (index and rank).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
work="$here/work"
mkdir -p "$work"
sizes="${SIZES:-200000 1000000 2000000}"
reps="${REPLICATES:-1000}"
swift build -c release --package-path "$root" --product trustmetrics 2>&1 | tail -1 >&2
cli="$root/.build/release/trustmetrics"
out="$work/scale_results.txt"
: >"$out"
start_load="$(cat /proc/loadavg)"
start_date="$(date -u '+%Y-%m-%d %H:%M UTC')"
for n in $sizes; do
  [ -f "$work/likert4f_$n.csv" ] || python3 "$here/gen_likert_factor.py" "$work/likert4f_$n.csv" --rows "$n" >&2
  [ -f "$work/scale_$n/study.yaml" ] || python3 "$here/scale/make_scale_study.py" "$work/likert4f_$n.csv" "$work/scale_$n" >&2
  study="$work/scale_$n/study.yaml"
  while IFS='|' read -r name args; do
    tf="$(mktemp)"
    # shellcheck disable=SC2086
    if /usr/bin/time -f "%e %U %S %M" -o "$tf" "$cli" $name "$study" $args >/dev/null 2>"$work/scale_log.txt"; then
      read -r wall user sys rss <"$tf"
      echo "RESULT n=$n command=$name wall=$wall cpu=$(echo "$user + $sys" | bc) rss_kib=$rss" | tee -a "$out" >&2
    else
      echo "FAILED: $name on $n rows (see $work/scale_log.txt)" >&2
      exit 1
    fi
    rm -f "$tf"
  done <<LIST
check|
reliability|--scale all
correlate|
factors|--method minres --rotate oblimin --nfactors 4
index|--index idx --level land --replicates $reps
rank|--index idx --level land --uncertainty bootstrap --replicates $reps
LIST
done
end_load="$(cat /proc/loadavg)"
python3 "$here/scale/report.py" "$out" "$start_date" "$start_load" "$end_load" "$reps" | tee "$work/scale.md"

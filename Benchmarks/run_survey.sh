#!/usr/bin/env bash
# Survey benchmark: TrustMetrics SurveyWeighting (tmbench survey) vs R survey on the same data.
#
#   Benchmarks/run_survey.sh
#
# Data: Benchmarks/survey/peer_survey.R --write-data (seeded; stratified two-stage cluster
# sample, 60 Likert items, 400 domains), written to Benchmarks/work/survey{20k,200k}.csv if
# missing. Runs, one after the other:
#   n = 20,000:  tmbench survey (best of 3) and R with all tasks (+ one full multistage svymean),
#                R runs per task R20_RUNS (default 1), tasks R20_TASKS (default svyby,rake,boot)
#   n = 200,000: tmbench survey (best of 3) and R with the tasks R200_TASKS (default rake,boot:
#                svyby over 400 domains at 200k does not fit in memory in R — it needs ~9 GB at
#                20k — and would take hours with the full multistage variance)
# and prints a markdown table: seconds, ratio R / ours (> 1: we are faster), memory.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
mkdir -p "$here/work"
for n in 20000 200000; do
  f="$here/work/survey$((n / 1000))k.csv"
  [ -f "$f" ] || Rscript "$here/survey/peer_survey.R" "$n" --write-data "$f" --tasks none >&2
done
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
run() {  # label, command...
  local label="$1"; shift
  echo "== $label: $*" >&2
  local o
  o="$("$@" 2>&1)"
  printf '%s\n' "$o" >&2
  printf '%s\n' "$o" | grep -E '^(RESULT|check:)' | sed "s/^/$label /" >>"$out"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
run ours20k "$here/.build/release/tmbench" survey "$here/work/survey20k.csv"
run r20k Rscript "$here/survey/peer_survey.R" 20000 --runs "${R20_RUNS:-1}" --tasks "${R20_TASKS:-svyby,rake,boot}" --multistage
run ours200k "$here/.build/release/tmbench" survey "$here/work/survey200k.csv"
run r200k Rscript "$here/survey/peer_survey.R" 200000 --runs 1 --tasks "${R200_TASKS:-rake,boot}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2

python3 - "$out" <<'PY'
import sys
res = {}
checks = []
for line in open(sys.argv[1]):
    label, rest = line.split(" ", 1)
    if rest.startswith("check:"):
        checks.append(f"{label}: {rest.strip()}")
        continue
    kv = dict(t.split("=", 1) for t in rest.split()[1:])
    res[(label, kv["task"])] = kv
names = {"svyby": "svyby means + SEs, 60 items x 400 domains", "rake": "rake to 3 margins",
         "boot": "1,000 bootstrap replicate weights", "repse": "replicate SEs of 60 means",
         "multistage": "svymean 60 items, full two-stage variance (1 R run)",
         "bootrep": "bootstrap weights + replicate SEs"}
targets = {"svyby": 20, "rake": 10, "bootrep": 20}
print("| n | task | R survey (s) | ours (s) | ours CPU (s) | R / ours | target | ours: task peak RSS (MB) | R: gc max used (MB) |")
print("|---:|---|---:|---:|---:|---:|---|---:|---:|")
for size in ("20k", "200k"):
    for task in ("svyby", "rake", "boot", "repse", "bootrep", "multistage"):
        if task == "bootrep":
            a, b = res.get((f"ours{size}", "boot")), res.get((f"ours{size}", "repse"))
            ra, rb = res.get((f"r{size}", "boot")), res.get((f"r{size}", "repse"))
            if not (a and b):
                continue
            o = {"seconds": float(a["seconds"]) + float(b["seconds"]), "cpu_seconds": float(a["cpu_seconds"]) + float(b["cpu_seconds"]),
                 "task_peak_rss_kib": max(int(a["task_peak_rss_kib"]), int(b["task_peak_rss_kib"]))}
            r = {"seconds": float(ra["seconds"]) + float(rb["seconds"]),
                 "r_max_used_mb": max(float(ra["r_max_used_mb"]), float(rb["r_max_used_mb"]))} if ra and rb else None
        else:
            o, r = res.get((f"ours{size}", task)), res.get((f"r{size}", task))
        if not o:
            continue
        os_, rs = float(o["seconds"]), (float(r["seconds"]) if r else None)
        ratio = f"**{rs / os_:.0f}x**" if rs else "—"
        tgt = f">= {targets[task]}x: {'met' if rs / os_ >= targets[task] else 'NOT met'}" if rs and task in targets else ""
        rmem = r.get("r_max_used_mb", "") if r else "not run"
        print(f"| {size} | {names[task]} | {f'{rs:.3f}' if rs is not None else 'not run'} | {os_:.4f} | {float(o['cpu_seconds']):.4f} | {ratio} | {tgt} | "
              f"{int(o['task_peak_rss_kib']) / 1024:.0f} | {rmem} |")
print()
for size in ("20k", "200k"):
    for who in ("ours", "r"):
        p = res.get((f"{who}{size}", "process"))
        if p:
            print(f"- process peak RSS (VmHWM), {who} at {size}: {int(p['peak_rss_kib']) / 1024:.0f} MB")
print()
for c in checks:
    print(f"- {c}")
PY

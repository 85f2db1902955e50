#!/usr/bin/env bash
# Main-job benchmark (issues 10 and 11): every row has the whole process (the CLI on a study vs the
# peer's script on the same files) and the library call (data loaded), medians of ROUNDS
# (default 3) interleaved rounds in one run.
#
#   Benchmarks/run_mainjob.sh [DIR]
#
# Data: Benchmarks/mainjob/gen_mainjob_study.py -> Benchmarks/work/mainjob_study (200,000
# respondents, 14 regions, 3 waves, raw Likert items, margins) if missing.
# Rows:
#   rank       `trustmetrics rank DIR/study.yaml --index idx --level land --wave 3 --uncertainty
#              bootstrap --replicates 2000` vs `python3 mainjob/peer_numpy_rank.py DIR` (numpy's
#              natural bootstrap: index matrices per region); library: tmbench rank vs the same
#              numpy script after loading (the naive form of the same algorithm).
#   rakereps   raking redone on 1,000 replicates for all 200,000 respondents, mean of a scale:
#              tmbench rakereps vs R survey (as.svrepdesign subbootstrap + rake + svymean,
#              survey/peer_rake_replicates.R); whole process and library part.
# R's rake on 1,000 replicates of 200,000 rows takes about half an hour and 12 GB on this machine,
# so it runs RRUNS times (default 1, in round 1). Peak RSS of every process from /usr/bin/time
# (%M). MAINJOB_PARTS=1 also runs the older
# per-part harness (tmbench mainjob vs mainjob/peer_numpy.py, R loop).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
dir="${1:-$here/work/mainjob_study}"
rounds="${ROUNDS:-3}"
if [ ! -f "$dir/study.yaml" ]; then python3 "$here/mainjob/gen_mainjob_study.py" "$dir" >&2; fi
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
swift build -c release --package-path "$here/.." --product trustmetrics 2>&1 | tail -1 >&2
cli="$here/../.build/release/trustmetrics"
tm="$here/.build/release/tmbench"
out="$(mktemp)"
trap 'rm -f "$out" "$out.t"' EXIT
# run ROW PEER CMD...: whole-process wall and peak RSS; RESULT lines of the process (library part).
run() {
  local row="$1" peer="$2"; shift 2
  echo "== $row $peer: $*" >&2
  local o
  o="$(/usr/bin/time -f 'TIME %e %M %U %S' -o "$out.t" "$@" 2>&1)"
  printf '%s\n' "$o" | grep -E '^(RESULT|check)' >&2 || true
  printf '%s\n' "$o" | grep -E '^RESULT' | sed "s/^RESULT /RESULT row=$row /" >>"$out" || true
  read -r _ wall rss user sys <"$out.t"
  echo "PROCESS row=$row peer=$peer seconds=$wall peak_rss_kib=$rss cpu_seconds=$(echo "$user + $sys" | bc)" >>"$out"
}
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
for round in $(seq 1 "$rounds"); do
  echo "-- round $round" >&2
  run rank trustmetrics "$cli" rank "$dir/study.yaml" --index idx --level land --wave 3 --uncertainty bootstrap --replicates 2000 --format csv
  run rank numpy python3 "$here/mainjob/peer_numpy_rank.py" "$dir" --replicates 2000
  run rank_lib trustmetrics "$tm" rank "$dir" --replicates 2000
  run rakereps trustmetrics "$tm" rakereps "$dir" --replicates 1000
  if [ "$round" -le "${RRUNS:-1}" ]; then run rakereps R Rscript "$here/survey/peer_rake_replicates.R" "$dir" --replicates 1000; fi
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
if [ "${MAINJOB_PARTS:-0}" = 1 ]; then "$here/run_mainjob_parts.sh" >&2 || true; fi

python3 - "$out" "$here" <<'PY'
import datetime, statistics, sys
sys.path.insert(0, sys.argv[2])
import summary_rows
rows = []
proc, lib = {}, {}
for line in open(sys.argv[1]):
    kind, *kv = line.split()
    d = dict(t.split("=", 1) for t in kv)
    if kind == "PROCESS":
        if d["row"].endswith("_lib"):
            continue  # the library process: its RESULT line is the library row
        proc.setdefault((d["row"], d["peer"]), []).append((float(d["seconds"]), int(d["peak_rss_kib"]), float(d["cpu_seconds"])))
    elif kind == "RESULT":
        lib.setdefault((d["part"].replace("_library", ""), d["peer"]), []).append((float(d["seconds"]), float(d["cpu_seconds"])))
med = lambda v: statistics.median(v)
def x(v): return f"{v:.1f}x" if v < 10 else f"{v:.0f}x"
print("| workload | peer | end to end: peer (s) | ours (s) | **peer / ours** | CPU peer / ours | peak RSS peer (MiB) | ours (MiB) | library: peer (s) | ours (s) | **peer / ours** | CPU peer / ours | rounds |")
print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
names = {"rank": "rank, 2,000 replicates, 14 regions (wave 3 of 200k): CLI vs numpy script", "rakereps": "raking redone on 1,000 replicates, 200k (tmbench process vs Rscript)"}
for row, peer in [("rank", "numpy"), ("rakereps", "R")]:
    p, o = proc.get((row, peer), []), proc.get((row, "trustmetrics"), [])
    lp, lo = lib.get((row, peer), []), lib.get((row, "trustmetrics"), [])
    if not (p and o and lp and lo):
        continue
    pw, ow = med([a[0] for a in p]), med([a[0] for a in o])
    pc, oc = med([a[2] for a in p]), med([a[2] for a in o])
    pr, orss = med([a[1] for a in p]) / 1024, med([a[1] for a in o]) / 1024
    lpw, low = med([a[0] for a in lp]), med([a[0] for a in lo])
    lpc, loc = med([a[1] for a in lp]), med([a[1] for a in lo])
    if row == "rank":
        rows.append({"workload": "rank, 2,000 bootstrap replicates, 14 regions (wave 3 of the 200k study)", "peer": "numpy bootstrap script",
                     "e2e": [ow, pw], "e2e_goal": 20, "lib": [low, lpw], "lib_goal": 20, "rss": [orss, pr], "rss_goal": 2,
                     "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
                     "stat": f"median of {len(o)} interleaved rounds"})
        rows.append({"check": "`rank` on the 200k study, peak RSS", "value": f"{orss:.0f} MiB", "goal": "< 500 MiB", "met": orss < 500})
    print(f"| {names[row]} | {peer} | {pw:.2f} | {ow:.2f} | **{x(pw / ow)}** | {x(pc / oc)} | {pr:.0f} | {orss:.0f} | {lpw:.3f} | {low:.3f} | **{x(lpw / low)}** | {x(lpc / loc)} | {len(p)}/{len(o)} |")
for (part, peer), v in sorted(lib.items()):
    print(f"- library {part}, {peer}: wall {', '.join(f'{t[0]:.3f}' for t in v)} s; CPU {', '.join(f'{t[1]:.3f}' for t in v)} s")
for (row, peer), v in sorted(proc.items()):
    print(f"- process {row}, {peer}: wall {', '.join(f'{t[0]:.2f}' for t in v)} s; CPU {', '.join(f'{t[2]:.2f}' for t in v)} s; peak RSS {', '.join(f'{t[1] / 1024:.0f}' for t in v)} MiB")
summary_rows.write("mainjob", rows)
PY

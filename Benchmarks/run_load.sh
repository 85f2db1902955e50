#!/usr/bin/env bash
# Study loading benchmark (issue 11 "fast loading", issue 9 "text answers", "init on a .sav"):
#
#   Benchmarks/run_load.sh [DIR]
#
# Without DIR, writes Benchmarks/work/load with load/gen_study.py (200,000 × 60 answers as
# numbers, answer codes and full texts; .sav; .xlsx of 20,000 rows). Builds tmbench and the
# `trustmetrics` command in release, then ROUNDS (default 3) interleaved rounds of:
#   library:    tmbench parse FILE (the bare parse) vs tmbench load STUDY (parse + codebook), on
#               every core (the default, as `trustmetrics` loads) and on one thread (`-1t`),
#               data.table::fread (1 thread and all threads) and pandas.read_csv in-process
#   end to end: `trustmetrics check STUDY` (load + quality report) vs `Rscript` running fread and
#               `python3` running pandas.read_csv on the same file, whole processes
#   text:       load of the same answers as answer codes and as full texts vs as numbers
#   SAV, XLSX:  load vs bare parse;  init: `trustmetrics init numeric.sav` (200,000 rows)
# and prints a markdown table of best times, ratios and peak RSS.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
dir="${1:-$here/work/load}"
if [ ! -f "$dir/numeric.csv" ]; then python3 "$here/load/gen_study.py" "$dir"; fi
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
swift build -c release --package-path "$root" --product trustmetrics 2>&1 | tail -1 >&2
tm="$root/.build/release/trustmetrics"
bench="$here/.build/release/tmbench"
out="$(mktemp)"
trap 'rm -f "$out"' EXIT
run() { local o; o="$("$@")"; printf '%s\n' "$o" >&2; printf '%s\n' "$o" | grep '^RESULT' | sed "s/^RESULT /RESULT round=$round /" >>"$out"; }
rounds="${ROUNDS:-3}"
for round in $(seq 1 "$rounds"); do
  echo "== round $round" >&2
  run "$bench" parse "$dir/numeric.csv"
  run "$bench" load "$dir/study_numeric.yaml"
  run "$bench" parse "$dir/numeric.csv" --threads 1
  run "$bench" load "$dir/study_numeric.yaml" --threads 1
  run Rscript "$here/peers/fread_csv.R" "$dir/numeric.csv" 1
  run Rscript "$here/peers/fread_csv.R" "$dir/numeric.csv" "$(nproc)" all
  run python3 "$here/peers/pandas_csv.py" "$dir/numeric.csv"
  run python3 "$here/load/proc_time.py" cli-check 3 -- "$tm" check "$dir/study_numeric.yaml"
  run python3 "$here/load/proc_time.py" r-fread-1 3 -- Rscript -e 'suppressMessages(library(data.table)); setDTthreads(1); x <- fread(commandArgs(TRUE)[1])' "$dir/numeric.csv"
  run python3 "$here/load/proc_time.py" r-fread-all 3 -- Rscript -e "suppressMessages(library(data.table)); setDTthreads($(nproc)); x <- fread(commandArgs(TRUE)[1])" "$dir/numeric.csv"
  run python3 "$here/load/proc_time.py" py-pandas 3 -- python3 -c 'import sys, pandas as pd; pd.read_csv(sys.argv[1])' "$dir/numeric.csv"
  run "$bench" parse "$dir/codes.csv"
  run "$bench" load "$dir/study_codes.yaml"
  run "$bench" parse "$dir/text.csv"
  run "$bench" load "$dir/study_text.yaml"
  run "$bench" parse "$dir/numeric.sav"
  run "$bench" load "$dir/study_numeric_sav.yaml"
  run "$bench" parse "$dir/numeric.xlsx"
  run "$bench" load "$dir/study_numeric_xlsx.yaml"
  run "$bench" init "$dir/numeric.sav"
  run python3 "$here/load/proc_time.py" cli-init-sav 3 -- "$tm" init "$dir/numeric.sav"
done
python3 "$here/load/report.py" "$out"

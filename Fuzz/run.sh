#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one after the other, at low priority.
# Usage: bash Fuzz/run.sh [SECONDS] [TARGET…]   (targets: csv xlsx sav yaml; default all)
# Seeds: Fuzz/corpus/<target>/ minus Fuzz/known-traps.txt. New inputs and findings go to
# Fuzz/.work/<target>/ (not committed). Prints executions per target; exit 1 on any crash,
# timeout (-timeout=10 s per input) or out-of-memory (-rss_limit_mb=2048).
set -u
cd "$(dirname "$0")"
SECONDS_PER_TARGET="${1:-60}"
shift || true
TARGETS=("$@")
[ ${#TARGETS[@]} -eq 0 ] && TARGETS=(csv xlsx sav yaml)
BIN=.build/release
status=0
total=0
for t in "${TARGETS[@]}"; do
  work=.work/$t
  mkdir -p "$work/corpus" "$work/findings" "$work/seeds"
  rm -f "$work/seeds/"*
  for f in corpus/$t/*; do
    grep -qxF "$t/$(basename "$f")" known-traps.txt || cp "$f" "$work/seeds/"
  done
  dict=()
  [ -f "dict/$t.dict" ] && dict=(-dict="dict/$t.dict")
  log=$work/last-run.log
  SWIFT_BACKTRACE=enable=no nice -n 10 "$BIN/fuzz-$t" "$work/corpus" "$work/seeds" "${dict[@]}" \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix="$work/findings/" -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' || echo 0)
  runs=${runs:-0}
  total=$((total + runs))
  if [ $rc -ne 0 ] || grep -qE 'ERROR: libFuzzer|SUMMARY: libFuzzer' "$log"; then
    status=1
    echo "fuzz-$t: FINDING after $runs executions (see $work/findings/ and $log):"
    grep -E 'ERROR: libFuzzer|SUMMARY|Test unit written' "$log" | head -5
  else
    echo "fuzz-$t: $runs executions in ${SECONDS_PER_TARGET} s, 0 crashes, 0 timeouts, 0 out-of-memory"
  fi
done
echo "total: $total executions"
exit $status

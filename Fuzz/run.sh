#!/usr/bin/env bash
# Runs every fuzz target for SECONDS each (default 60), one after the other, at low priority.
# Usage: bash Fuzz/run.sh [SECONDS] [TARGET…]   (targets: csv xlsx sav yaml; default all)
# Seeds: Fuzz/corpus/<target>/ minus Fuzz/known-traps.txt. New inputs and findings go to
# Fuzz/.work/<target>/ (not committed). Prints executions and findings per target; exit 1 on any
# crash, timeout (-timeout=10 s per input) or out-of-memory (-rss_limit_mb=2048).
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
  # Fork mode: a finding is saved and counted, and the run goes on (a crashing input does not end
  # it), so the counts cover the whole time. One job at a time (-fork=1): the machine is shared.
  SWIFT_BACKTRACE=enable=no nice -n 10 "$BIN/fuzz-$t" "$work/corpus" "$work/seeds" "${dict[@]}" \
    -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
    -max_total_time="$SECONDS_PER_TARGET" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
    -artifact_prefix="$work/findings/" >"$log" 2>&1
  last=$(grep -E '^#[0-9]+:' "$log" | tail -1)
  runs=$(printf '%s' "$last" | sed -E 's/^#([0-9]+):.*/\1/')
  counts=$(printf '%s' "$last" | grep -oE 'oom/timeout/crash: [0-9]+/[0-9]+/[0-9]+' | grep -oE '[0-9]+/[0-9]+/[0-9]+')
  runs=${runs:-0}
  counts=${counts:-0/0/0}
  total=$((total + runs))
  IFS=/ read -r ooms timeouts crashes <<<"$counts"
  if [ "$counts" != "0/0/0" ]; then
    status=1
    echo "fuzz-$t: $runs executions in ${SECONDS_PER_TARGET} s: $crashes crashes, $timeouts timeouts, $ooms out-of-memory (inputs in $work/findings/)"
  else
    echo "fuzz-$t: $runs executions in ${SECONDS_PER_TARGET} s, 0 crashes, 0 timeouts, 0 out-of-memory"
  fi
done
echo "total: $total executions"
exit $status

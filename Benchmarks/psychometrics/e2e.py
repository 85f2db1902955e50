#!/usr/bin/env python3
"""End-to-end timings: whole processes, interleaved rounds, wall time and peak RSS.

usage: e2e.py OP ROUNDS LABEL=COMMAND [LABEL=COMMAND ...]

Each round runs every command once, in the given order (so the implementations share the machine's
state of that moment); the process's wall time is measured around fork/exec and its peak RSS is
the ru_maxrss of the child from wait4. Standard output of the command is kept only to check that it
ran (its first line is printed as `value`). Prints one RESULT line per command: median and minimum
seconds over the rounds, the largest peak RSS, the rounds' times.
"""
import os
import shlex
import statistics
import subprocess
import sys
import time

opname = sys.argv[1]
rounds = int(sys.argv[2])
jobs = [a.split("=", 1) for a in sys.argv[3:]]
times = {label: [] for label, _ in jobs}
rss = {label: 0 for label, _ in jobs}
value = {label: "" for label, _ in jobs}
for r in range(rounds):
    for label, cmd in jobs:
        t0 = time.perf_counter()
        p = subprocess.Popen(["/bin/sh", "-c", cmd], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        out, err = b"", b""
        # Read the pipes, then reap with wait4 for the child's rusage.
        out, err = p.stdout.read(), p.stderr.read()
        _, status, usage = os.wait4(p.pid, 0)
        p.returncode = os.waitstatus_to_exitcode(status)
        dt = time.perf_counter() - t0
        if p.returncode != 0:
            print(f"FAILED {label}: {cmd}\n{err.decode(errors='replace')[-2000:]}", file=sys.stderr)
            sys.exit(1)
        times[label].append(dt)
        # ru_maxrss of the direct child (/bin/sh -c exec's the command: the same process).
        rss[label] = max(rss[label], usage.ru_maxrss)
        value[label] = out.decode(errors="replace").strip().splitlines()[0][:60] if out.strip() else ""
        print(f"round {r + 1} {label}: {dt:.3f} s, peak {usage.ru_maxrss / 1024:.0f} MiB", file=sys.stderr)
for label, cmd in jobs:
    t = times[label]
    print(f"RESULT kind=e2e opname={opname} impl_label={label} seconds={statistics.median(t):.4f} min_seconds={min(t):.4f} rounds={len(t)} "
          f"peak_rss_kib={rss[label]} times={','.join(f'{x:.3f}' for x in t)} value={shlex.quote(value[label])}")

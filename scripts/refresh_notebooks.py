#!/usr/bin/env python3
"""Re-run the console blocks of Notebooks-md/*.md and write their current output back.

Use after an intended change of output; review the diff (git diff Notebooks-md) before
committing. `make test` runs the same blocks and fails when shown and actual output differ.
Usage: scripts/refresh_notebooks.py [NOTEBOOK.md ...]   (default: all)
"""
import os, subprocess, sys, glob

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
env = dict(os.environ)
env["PATH"] = os.path.join(root, ".build", "debug") + ":" + env.get("PATH", "")
env["COLUMNS"] = "200"

def refresh(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    out, i, in_block = [], 0, False
    while i < len(lines):
        line = lines[i]
        if not in_block:
            out.append(line)
            in_block = line.startswith("```console")
            i += 1
            continue
        if line.startswith("```"):
            out.append(line); in_block = False; i += 1; continue
        if line.startswith("$ "):
            out.append(line)
            r = subprocess.run(["/bin/sh", "-c", line[2:]], cwd=root, env=env, capture_output=True, text=True, stdin=subprocess.DEVNULL)
            if r.returncode != 0:
                sys.exit(f"{path}: '{line[2:]}' exited {r.returncode}:\n{r.stderr}")
            text = r.stdout.rstrip("\n")
            if text:
                out.extend(text.split("\n"))
            i += 1
            while i < len(lines) and not lines[i].startswith("$ ") and not lines[i].startswith("```"):
                i += 1
            continue
        i += 1
    open(path, "w", encoding="utf-8").write("\n".join(out))

for p in (sys.argv[1:] or sorted(glob.glob(os.path.join(root, "Notebooks-md", "*.md")))):
    refresh(p)
    print("refreshed", os.path.relpath(p, root))

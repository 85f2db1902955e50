#!/usr/bin/env bash
# XLSX reading benchmark: TrustMetrics XLSXReader (byte XML tokenizer, own ZIP reader, whole read
# to a table) vs Foundation's XMLParser(stream:) SAX pass over the inflated sheet XML (what the
# reader used before; parse only). Same file, same run.
#
#   Benchmarks/run_xlsx.sh [FILE.xlsx]
#
# Without FILE, writes Benchmarks/work/likert.xlsx with openpyxl (write-only mode): 19,000 rows x 60
# Likert columns + an id column (about 1.16 million cells, 5% empty), seeded.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
file="${1:-$here/work/likert.xlsx}"
if [ ! -f "$file" ]; then
  mkdir -p "$(dirname "$file")"
  python3 - "$file" <<'PY'
import random, sys
from openpyxl import Workbook
random.seed(20231)
wb = Workbook(write_only=True)
ws = wb.create_sheet("Befragung")
ws.append(["id"] + ["q%d" % j for j in range(1, 61)])
for i in range(1, 19001):
    ws.append([i] + [None if random.random() < 0.05 else random.randint(1, 5) for _ in range(60)])
wb.save(sys.argv[1])
PY
fi
sheet="$(mktemp)"
trap 'rm -f "$sheet"' EXIT
python3 -c "import sys, zipfile; z = zipfile.ZipFile(sys.argv[1]); n = sorted(x for x in z.namelist() if x.startswith('xl/worksheets/sheet'))[0]; open(sys.argv[2], 'wb').write(z.read(n))" "$file" "$sheet"
swift build -c release --package-path "$here" 2>&1 | tail -1 >&2
"$here/.build/release/tmbench" xlsx "$file" --sheet-xml "$sheet" --repeat "${REPEAT:-5}"

#!/usr/bin/env python3
"""SAV/DTA fixtures for the header-count robustness tests (issue 8 §2). Run by hand; outputs committed.

    pip install pyreadstat           # tested with pyreadstat 1.3.8
    python3 Tests/DataIOTests/Fixtures/make_sav_dta_fixtures.py

Writes 25 cases × 3 variables (id text, x 1..25, y = x mod 5 + 1; y user-missing 9 in case 7)
  sav/count_plain_*.sav     uncompressed SAV    } the header's case count (int32 at byte 80)
  sav/count_bytecode_*.sav  bytecode-compressed } patched to: ok (25), small (10), large (1000),
  sav/count_zsav_*.sav      ZLIB (.zsav)        } max (2147483647) and unknown (-1)
  dta/n_ok.dta, dta/n_small.dta (N = 10), dta/n_large.dta (N = 1000): Stata 118, N patched
"""
import os
import struct

import pandas as pd
import pyreadstat

HERE = os.path.dirname(os.path.abspath(__file__))


def frame():
    x = list(range(1, 26))
    y = [float(v % 5 + 1) for v in x]
    y[6] = 9.0
    return pd.DataFrame({"id": ["c%02d" % v for v in x], "x": [float(v) for v in x], "y": y})


def patch(path, offset, fmt, value):
    b = bytearray(open(path, "rb").read())
    b[offset:offset + struct.calcsize(fmt)] = struct.pack(fmt, value)
    open(path, "wb").write(bytes(b))


def main():
    df = frame()
    counts = {"ok": 25, "small": 10, "large": 1000, "max": 2147483647, "unknown": -1}
    for kind, kwargs, ext in (("plain", {}, "sav"), ("bytecode", {"row_compress": True}, "sav"), ("zsav", {"compress": True}, "zsav")):
        for name, n in counts.items():
            path = os.path.join(HERE, "sav", "count_%s_%s.%s" % (kind, name, ext))
            pyreadstat.write_sav(df, path, missing_ranges={"y": [9]}, **kwargs)
            assert open(path, "rb").read(4) in (b"$FL2", b"$FL3")
            patch(path, 80, "<i", n)
    for name, n in (("ok", 25), ("small", 10), ("large", 1000)):
        path = os.path.join(HERE, "dta", "n_%s.dta" % name)
        pyreadstat.write_dta(df, path, version=14)  # release 118
        b = open(path, "rb").read()
        at = b.find(b"<N>") + 3
        patch(path, at, "<Q", n)
    print("wrote sav/count_*.sav and dta/n_*.dta")


if __name__ == "__main__":
    main()

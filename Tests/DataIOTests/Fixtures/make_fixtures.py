#!/usr/bin/env python3
"""Generates the DataIO reader fixtures. Run once by hand (not in CI); the outputs are committed.

    pip install openpyxl pyreadstat          # tested with openpyxl 3.1.5, pyreadstat 1.3.7
    apt-get install -y --no-install-recommends libreoffice-calc-nogui   # LibreOffice 7.4 (Debian 12)
    python3 Tests/DataIOTests/Fixtures/make_fixtures.py

Writes
  same/same.csv             the "same data" set: ';' separated, Windows-1252, decimal comma
  same/same_openpyxl.xlsx   the same data written by openpyxl (shared strings)
  same/same_libreoffice.xlsx  the openpyxl file re-saved by LibreOffice (soffice --convert-to xlsx)
  same/same.sav             the same data written by pyreadstat, with variable labels, value labels
                            and user-missing 9 declared on q1..q6
  xlsx/edge.xlsx            openpyxl: numbers stored as text, rich text, booleans, an error cell,
                            a formula without cached value, a blank row, sheets 'Leer' (empty),
                            'NurKopf' (header only), 'Versatz' (table starting at B3),
                            'LueckeImKopf' (empty header cell between names)
  xlsx/not_a_workbook.xlsx  a valid ZIP holding only a text file
  xlsx/random_bytes.xlsx    4096 pseudo-random bytes (seeded)
  sav/truncated.sav         same.sav cut after 700 bytes
  sav/ranges.sav            user-missing range 7 THRU 9 plus discrete -1 on 'r', a labelled string
                            variable 's', a variable without labels 'z', one system-missing value
It also checks that XLSX files written by the Swift XLSXWriter open in openpyxl when given one
(`make_fixtures.py --check-writer file.xlsx`).
"""
import math
import os
import random
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))

HEADER = ["id", "ort", "q1", "q2", "q3", "q4", "q5", "q6", "gewicht"]
N = None
ROWS = [
    ["01", "Müllheim",          4, 5, 3, 4, 2, 5, 1.25],
    ["02", "Überlingen",        3, 3, 9, 4, 4, 2, 0.8],
    ["03", "Göppingen",         5, 4, 4, N, 5, 4, 1.0],
    ["04", "Weißenburg",        2, 2, 1, 2, 9, 1, 1.5],
    ["05", "",                  4, 4, 4, 4, 4, 4, 0.75],
    ["06", "Bad Dürkheim",      1, 9, 2, 1, 1, 2, 1.1],
    ["07", "Öhringen",          5, 5, 5, 5, 5, 5, 0.9],
    ["08", "Lörrach",           3, N, 3, 3, 2, 3, 1.2],
    ["09", "Söhne & Co <Süd>",  9, 9, 9, 9, 9, 9, 1.0],
    ["10", "Tübingen",          4, 3, 4, N, 3, 4, 0.95],
    ["11", "Füssen",            2, 3, 2, 3, 2, 3, 1.05],
    ["12", "Gießen",            3, 4, N, 4, 3, 4, N],
]
ITEMS = ["q1", "q2", "q3", "q4", "q5", "q6"]
LABELS = {1: "stimme gar nicht zu", 2: "stimme eher nicht zu", 3: "teils/teils",
          4: "stimme eher zu", 5: "stimme voll zu", 9: "keine Angabe"}
VAR_LABELS = ["Befragten-Nr.", "Gemeinde", "Vertrauen in die Verwaltung", "Vertrauen in den Rat",
              "Vertrauen in die Polizei", "Vertrauen in die Gerichte", "Vertrauen in die Presse",
              "Vertrauen in die Bürgermeisterin / den Bürgermeister", "Gewicht"]


def out(*parts):
    return os.path.join(HERE, *parts)


def write_csv():
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, float):
            return repr(v).replace(".", ",")
        return str(v)
    lines = [";".join(HEADER)] + [";".join(cell(v) for v in r) for r in ROWS]
    with open(out("same", "same.csv"), "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode("cp1252"))


def write_openpyxl():
    from openpyxl import Workbook
    wb = Workbook()
    ws = wb.active
    ws.title = "Befragung"
    ws.append(HEADER)
    for r in ROWS:
        ws.append([None if v == "" else v for v in r])
    wb.save(out("same", "same_openpyxl.xlsx"))


def write_libreoffice():
    soffice = shutil.which("soffice")
    if soffice is None:
        print("soffice not found: same_libreoffice.xlsx NOT regenerated", file=sys.stderr)
        return
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "in", "same_libreoffice.xlsx")
        os.makedirs(os.path.dirname(src))
        shutil.copy(out("same", "same_openpyxl.xlsx"), src)
        dst = os.path.join(tmp, "out")
        subprocess.run([soffice, "--headless", "-env:UserInstallation=file://" + tmp + "/profile",
                        "--convert-to", "xlsx", "--outdir", dst, src], check=True)
        shutil.copy(os.path.join(dst, "same_libreoffice.xlsx"), out("same", "same_libreoffice.xlsx"))


def write_sav():
    import pandas as pd
    import pyreadstat
    cols = {h: [r[i] for r in ROWS] for i, h in enumerate(HEADER)}
    for h in ITEMS + ["gewicht"]:
        cols[h] = [math.nan if v is None else float(v) for v in cols[h]]
    df = pd.DataFrame(cols)
    pyreadstat.write_sav(
        df, out("same", "same.sav"),
        column_labels=VAR_LABELS,
        variable_value_labels={h: {float(k): v for k, v in LABELS.items()} for h in ITEMS},
        missing_ranges={h: [9.0] for h in ITEMS},
        variable_format={"id": "A2", "ort": "A40"})


def write_edge():
    from openpyxl import Workbook
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont
    wb = Workbook()
    ws = wb.active
    ws.title = "Daten"
    ws.append(["key", "zahl_als_text", "rich", "bool", "formel", "fehler"])
    ws.append(["01", "3", CellRichText(["Gr", TextBlock(InlineFont(b=True), "üße")]), True, "=1+1", "#N/A"])
    ws.append(["10", " 4.5 ", "abc", False, None, 7])
    ws.append([])                                   # row 4 stays blank and is skipped
    ws.append(["02", "-2", "x", True, None, 1])
    ws2 = wb.create_sheet("Leer")
    ws3 = wb.create_sheet("NurKopf")
    ws3.append(["a", "b"])
    ws4 = wb.create_sheet("Versatz")
    ws4["B3"] = "x"
    ws4["C3"] = "y"
    ws4["B4"] = 1
    ws4["C4"] = "u"
    ws4["B6"] = 2.5
    ws5 = wb.create_sheet("LueckeImKopf")
    ws5.append(["a", None, "c"])
    ws5.append([1, 2, 3])
    del ws2
    wb.save(out("xlsx", "edge.xlsx"))


def write_bad():
    with zipfile.ZipFile(out("xlsx", "not_a_workbook.xlsx"), "w") as z:
        z.writestr("readme.txt", "Dies ist keine Arbeitsmappe.\n")
    rng = random.Random(20261129)
    with open(out("xlsx", "random_bytes.xlsx"), "wb") as f:
        f.write(bytes(rng.randrange(256) for _ in range(4096)))
    with open(out("same", "same.sav"), "rb") as f:
        data = f.read()
    with open(out("sav", "truncated.sav"), "wb") as f:
        f.write(data[:700])


def write_sav_ranges():
    import pandas as pd
    import pyreadstat
    df = pd.DataFrame({"r": [1.0, 8.0, 9.0, -1.0, math.nan, 8.0, 2.5],
                       "s": ["a", "b", "", "a", "c", "b", "a"],
                       "z": [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]})
    pyreadstat.write_sav(
        df, out("sav", "ranges.sav"),
        column_labels={"r": "Bereich", "s": "Text"},
        variable_value_labels={"r": {1.0: "eins", 9.0: "neun"}, "s": {"a": "Alpha"}},
        missing_ranges={"r": [{"lo": 7.0, "hi": 9.0}, -1.0]})


def check_writer(path):
    from openpyxl import load_workbook
    wb = load_workbook(path)
    for ws in wb.worksheets:
        print("sheet", repr(ws.title), ws.max_row, "x", ws.max_column)
        for row in ws.iter_rows(values_only=True):
            print("  ", row)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--check-writer":
        check_writer(sys.argv[2])
        sys.exit(0)
    write_csv()
    write_openpyxl()
    write_libreoffice()
    write_sav()
    write_edge()
    write_bad()
    write_sav_ranges()
    print("fixtures written")

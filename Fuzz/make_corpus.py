#!/usr/bin/env python3
"""Writes the committed fuzz corpus Fuzz/corpus/<reader>/: small real files from the test
fixtures and the datasets (seeds), and the crashers and hangs of issue 8 (regression cases).

Run from the repository root: python3 Fuzz/make_corpus.py. Deterministic: the same files every run.
The Swift test Tests/CLITests/HostileInputTests.swift runs the crashers through the binary, and
Tests/DataIOTests/FuzzCorpusTests.swift (plus CodebookTests) replays every file in-process.
"""
import os
import shutil
import struct
import zipfile
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "Fuzz", "corpus")
FIX = os.path.join(ROOT, "Tests", "DataIOTests", "Fixtures")


def out(reader, name, data):
    d = os.path.join(CORPUS, reader)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def copy(reader, src, name=None):
    d = os.path.join(CORPUS, reader)
    os.makedirs(d, exist_ok=True)
    shutil.copyfile(os.path.join(ROOT, src), os.path.join(d, name or os.path.basename(src)))


# --- XLSX --------------------------------------------------------------------------------------

RELS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
WORKBOOK = (b'<?xml version="1.0" encoding="UTF-8"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="S1" sheetId="1" r:id="rId7"/></sheets></workbook>')
WB_RELS = (b'<?xml version="1.0" encoding="UTF-8"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
           b'<Relationship Id="rId7" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
FIXED_TIME = (2024, 1, 1, 0, 0, 0)


def sheet(rows):
    """A sheet with a header id,q1,q2 and the given rows of three numbers."""
    xml = [b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
           b'<row r="1"><c r="A1" t="inlineStr"><is><t>id</t></is></c><c r="B1" t="inlineStr"><is><t>q1</t></is></c>'
           b'<c r="C1" t="inlineStr"><is><t>q2</t></is></c></row>']
    for i, (a, b, c) in enumerate(rows, start=2):
        xml.append(b'<row r="%d"><c r="A%d"><v>%d</v></c><c r="B%d"><v>%d</v></c><c r="C%d"><v>%d</v></c></row>' % (i, i, a, i, b, i, c))
    xml.append(b'</sheetData></worksheet>')
    return b"".join(xml)


def workbook(sheet_xml, stored=False, zip64=False):
    """A minimal workbook (the parts the reader needs) holding `sheet_xml`, as bytes; `stored`
    writes the parts uncompressed, `zip64` gives the sheet ZIP64 size fields."""
    import io
    buf = io.BytesIO()
    method = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
    with zipfile.ZipFile(buf, "w", method) as z:
        for name, data in [("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WB_RELS)]:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), data, method)
        info = zipfile.ZipInfo("xl/worksheets/sheet1.xml", FIXED_TIME)
        info.compress_type = method
        with z.open(info, "w", force_zip64=zip64) as f:
            f.write(sheet_xml)
    return buf.getvalue()


def zip64_workbook(sheet_xml):
    """The parts of `workbook` written by hand with every size and offset in ZIP64 fields
    (0xFFFFFFFF in the 32-bit fields, ZIP64 extra fields, ZIP64 end records), deflated."""
    body = bytearray()
    central = bytearray()
    parts = [("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WB_RELS),
             ("xl/worksheets/sheet1.xml", sheet_xml)]
    for name, data in parts:
        n = name.encode()
        comp = zlib.compressobj(9, zlib.DEFLATED, -15)
        c = comp.compress(data) + comp.flush()
        crc = zlib.crc32(data)
        offset = len(body)
        extra_local = struct.pack("<HHQQ", 1, 16, len(data), len(c))
        body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x5821, crc, 0xFFFFFFFF, 0xFFFFFFFF, len(n), len(extra_local))
        body += n + extra_local + c
        extra = struct.pack("<HHQQQ", 1, 24, len(data), len(c), offset)
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0x5821, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                               len(n), len(extra), 0, 0, 0, 0, 0xFFFFFFFF) + n + extra
    cd_start = len(body)
    body += central
    z64 = len(body)
    body += struct.pack("<IQHHIIQQQQ", 0x06064B50, 44, 45, 45, 0, 0, len(parts), len(parts), len(central), cd_start)
    body += struct.pack("<IIQI", 0x07064B50, 0, z64, 1)
    body += struct.pack("<IHHHHIIH", 0x06054B50, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFF, 0xFFFFFFFF, 0xFFFFFFFF, 0)
    return bytes(body)


def zip_bomb(inflated_mb, lie_about_size):
    """A workbook whose sheet part is `inflated_mb` MiB of blanks inside <sheetData>. With
    `lie_about_size` its ZIP headers claim 1,000 bytes (a reader that trusts them is fooled)."""
    import io
    head = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    tail = b'</sheetData></worksheet>'
    chunk = b" " * (1 << 20)
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [comp.compress(head)]
    crc = zlib.crc32(head)
    for _ in range(inflated_mb):
        parts.append(comp.compress(chunk))
        crc = zlib.crc32(chunk, crc)
    parts.append(comp.compress(tail))
    crc = zlib.crc32(tail, crc)
    parts.append(comp.flush())
    data = b"".join(parts)
    size = len(head) + inflated_mb * len(chunk) + len(tail)
    declared = 1000 if lie_about_size else size
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, d in [("_rels/.rels", RELS), ("xl/workbook.xml", WORKBOOK), ("xl/_rels/workbook.xml.rels", WB_RELS)]:
            z.writestr(zipfile.ZipInfo(name, FIXED_TIME), d, zipfile.ZIP_DEFLATED)
    entries = buf.getvalue()
    # Append the bomb entry by hand (local header + data), then rebuild the central directory.
    z = zipfile.ZipFile(io.BytesIO(entries))
    infos = z.infolist()
    eocd = entries.rfind(b"PK\x05\x06")
    cd_offset = struct.unpack("<I", entries[eocd + 16:eocd + 20])[0]
    body = bytearray(entries[:cd_offset])
    name = b"xl/worksheets/sheet1.xml"
    local_offset = len(body)
    body += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, 8, 0, 0x5821, crc, len(data), declared, len(name), 0) + name + data
    central = bytearray(entries[cd_offset:eocd])
    central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, 8, 0, 0x5821, crc, len(data), declared,
                           len(name), 0, 0, 0, 0, 0, local_offset) + name
    cd_start = len(body)
    body += central
    body += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(infos) + 1, len(infos) + 1, len(central), cd_start, 0)
    return bytes(body)


def xlsx():
    for f in ["same/same_openpyxl.xlsx", "same/same_libreoffice.xlsx", "xlsx/edge.xlsx", "xlsx/not_a_workbook.xlsx"]:
        copy("xlsx", os.path.join("Tests/DataIOTests/Fixtures", f))
    rows = [(i, 1 + i % 5, 1 + (i * 3) % 5) for i in range(1, 13)]
    out("xlsx", "seed-small.xlsx", workbook(sheet(rows)))
    out("xlsx", "seed-stored.xlsx", workbook(sheet(rows), stored=True))
    out("xlsx", "seed-zip64.xlsx", zip64_workbook(sheet(rows)))
    # XML seeds (the fuzz target reads input that does not start with "PK" as a sheet part,
    # optionally followed by NUL and a shared-strings part): the sheets of the fixtures.
    for f in ["same/same_libreoffice.xlsx", "same/same_openpyxl.xlsx", "xlsx/edge.xlsx"]:
        with zipfile.ZipFile(os.path.join(FIX, f)) as z:
            names = z.namelist()
            shared = z.read("xl/sharedStrings.xml") if "xl/sharedStrings.xml" in names else None
            for k, name in enumerate(sorted(n for n in names if n.startswith("xl/worksheets/sheet"))):
                data = z.read(name) + (b"\x00" + shared if shared else b"")
                out("xlsx", "sheet-%s-%d.xml" % (os.path.basename(f)[:-5], k + 1), data)
    out("xlsx", "sheet-escapes.xml",
        b'<?xml version="1.0" encoding="UTF-8"?>\n<x:worksheet xmlns:x="urn:x"><x:sheetData><x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c>'
        b'<x:c t="inlineStr"><x:is><x:r><x:t xml:space="preserve"> a&amp;b_x0009_</x:t></x:r></x:is></x:c><x:c t="str"><x:f>1</x:f><x:v>&#x20AC;</x:v></x:c>'
        b'<x:c t="b"><x:v>1</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row><x:row r="2"><x:c><x:v>1.5E2</x:v></x:c>'
        b'<x:c><![CDATA[ignored]]></x:c><!-- c --><?pi x?></x:row></x:sheetData></x:worksheet>'
        b'\x00<sst><si><t>name</t><rPh><t>phon</t></rPh></si></sst>')
    # Crashers of issue 8 (Foundation's XMLParser trapped on these).
    out("xlsx", "crash-invalid-utf8-in-name.xlsx",
        workbook(sheet(rows[:2]).replace(b'<row r="2">', b'<row r="2"><c\xff r="Z2"/>')))
    out("xlsx", "crash-lt-in-attribute.xlsx",
        workbook(sheet(rows[:2]).replace(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                                         b'<worksheet xmlns="a<?x?>b">')))
    out("xlsx", "crash-invalid-utf8-in-name.xml", sheet(rows[:2]).replace(b'<row r="2">', b'<row r="2"><c\xff r="Z2"/>'))
    out("xlsx", "crash-lt-in-attribute.xml",
        sheet(rows[:2]).replace(b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">',
                                b'<worksheet xmlns="a<?x?>b">'))
    # Truncated sheet: the XML stops after row 6 of 13 (the ZIP itself is consistent).
    full = sheet(rows)
    out("xlsx", "truncated-sheet.xlsx", workbook(full[:full.index(b'<row r="7">')]))
    # Truncated file: the last third of a valid workbook is missing.
    wb = workbook(full)
    out("xlsx", "truncated-file.xlsx", wb[:len(wb) * 2 // 3])
    # Zip bombs: ~1 MB that inflates to 1,000 MiB (honest headers); ~100 KB claiming 1,000 bytes.
    out("xlsx", "zip-bomb-1mb.xlsx", zip_bomb(1000, lie_about_size=False))
    out("xlsx", "zip-bomb-lying-sizes.xlsx", zip_bomb(100, lie_about_size=True))


# --- CSV ---------------------------------------------------------------------------------------

def csv():
    for f in os.listdir(os.path.join(FIX, "csv")):
        copy("csv", os.path.join("Tests/DataIOTests/Fixtures/csv", f))
    copy("csv", "Tests/DataIOTests/Fixtures/same/same.csv")
    out("csv", "unbalanced-quote.csv", b'id,q1,q2\n1,2,3\n2,"4,5\n3,1,1\n')
    out("csv", "ragged.csv", b"id,q1,q2\n1,2,3\n2,4\n")
    out("csv", "nul-bytes.csv", b"P\x00\xff\x13\x00\x01\x02\n\x00\x00")


# --- SAV ---------------------------------------------------------------------------------------

def sav():
    for f in ["same/same.sav", "sav/ranges.sav", "sav/truncated.sav"]:
        copy("sav", os.path.join("Tests/DataIOTests/Fixtures", f))
    same = bytearray(open(os.path.join(FIX, "same", "same.sav"), "rb").read())
    # The case count of the header (offset 80): 2^31 - 1 (ReadStat's reader allocated by it and
    # aborted) and 5 of the 12 cases (ReadStat stopped there: 7 rows dropped with exit 0).
    big = bytearray(same)
    big[80:84] = struct.pack("<i", 2**31 - 1)
    out("sav", "header-count-2p31m1.sav", bytes(big))
    small = bytearray(same)
    small[80:84] = struct.pack("<i", 5)
    out("sav", "header-count-too-small.sav", bytes(small))
    # Found by fuzz-sav (a 10 s timeout): a header case count of 363,227,732 with other header
    # fields mutated; ReadStat's reader reserved memory for every case. Kept as found (not generated).
    unknown = bytearray(same)
    unknown[80:84] = struct.pack("<i", -1)
    out("sav", "header-count-unknown.sav", bytes(unknown))


# --- YAML --------------------------------------------------------------------------------------

def yaml():
    for src, name in [("Datasets/hvb-demo/study.yaml", "hvb-demo-study.yaml"), ("Datasets/real/bfi/study.yaml", "bfi-study.yaml"),
                      ("Datasets/real/holzinger/study.yaml", "holzinger-study.yaml"), ("Datasets/real/api/apistrat.yaml", "apistrat.yaml"),
                      ("Datasets/benchmarks/bitkom_laenderindex_2024.meta.yaml", "bitkom.meta.yaml")]:
        copy("yaml", src, name)
    # An alias tree of 10^7 leaves used as a mapping key (Yams hashed it for duplicate keys: > 30 s).
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for k in range(1, 7):
        lines.append("a%d: &a%d [%s]" % (k, k, ", ".join(["*a%d" % (k - 1)] * 10)))
    lines.append("*a6 : boom")
    out("yaml", "alias-key-bomb.yaml", ("\n".join(lines) + "\n").encode())
    # The same tree as a value ("billion laughs": the codebook reader walked the expansion).
    lines[-1] = "items: *a6"
    out("yaml", "alias-value-bomb.yaml", ("\n".join(lines) + "\n").encode())
    out("yaml", "alias-key-small.yaml", b"a: &a [1, 2]\n*a : x\n")
    out("yaml", "complex-key.yaml", b"? [a, b]\n: x\n")
    out("yaml", "deep-nesting.yaml", b"a: " + b"[" * 100 + b"]" * 100 + b"\n")
    out("yaml", "deep-nesting-libyaml-limit.yaml", b"[" * 5000 + b"]" * 5000 + b"\n")


if __name__ == "__main__":
    xlsx()
    csv()
    sav()
    yaml()
    for reader in sorted(os.listdir(CORPUS)):
        files = os.listdir(os.path.join(CORPUS, reader))
        print(reader, len(files), "files")

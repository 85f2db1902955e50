#!/usr/bin/env python3
"""Synthetic survey-tool exports of a two-wave mayors' survey in Sachsen-Anhalt (SYNTHETIC DATA).

    pip install pyreadstat            # tested with pyreadstat 1.3.8 (writes the .sav and .dta)
    python3 Datasets/tool-exports/scripts/make_exports.py

No real person answered. The generator is seeded (random.Random, so the output does not
depend on numpy's version) and writes the files exactly as the survey tools write them:

  Datasets/tool-exports/  (the walkthrough 06 data, ~200 rows per wave)
    sosci_2022.csv          SoSci Survey "CSV for Excel": ';' separated, Windows-1252, a second
                            header row with the variable labels, decimal comma; system variables
                            CASE SERIAL REF QUESTNNR MODE STARTED … TIME001… TIME_SUM MAILSENT
                            LASTDATA FINISHED Q_VIEWER LASTPAGE MAXPAGE MISSING MISSREL TIME_RSI
                            DEG_TIME; missing codes -1 (residual option "weiß nicht") and -9
                            (not answered); includes pretest interviews, break-offs, speeders and
                            a municipality that answered twice
    sosci_2022.sps          the SPSS syntax SoSci Survey delivers with the data (DATA LIST, BEGIN
                            DATA … END DATA, VARIABLE LABELS, VALUE LABELS, MISSING VALUES): the
                            variable listing with labels and missing codes
    limesurvey_2024_codes.csv   LimeSurvey response export, headings "question code", responses
                            "answer codes" (AO01…), NULL exported as "N/A", "-oth-" for "other"
    limesurvey_2024_full.csv    the same responses as "full answers" (answer texts)
    limesurvey_2024.lss     the LimeSurvey 6 survey structure (XML: groups, questions,
                            subquestions, answer options with their texts)
    regions_sachsen_anhalt.csv  region table (Land, 14 Kreise) with population and tile-map
                            positions tile_row/tile_col
  Tests/IngestTests/Fixtures/tools/  (small versions, 40 rows, for the unit and CLI tests)
    the same files, plus survey.sav (SPSS, variable labels, value labels, user-missing -1/-9)
    and survey.dta (Stata 15, value labels, SoSci's Stata convention -1 → .a, -9 → .i).

Conventions relied on (see Notebooks-md/06-from-a-survey-tool-export.md for the sources):
SoSci Survey's system variables and missing codes (soscisurvey.de/help "Additional Variables in
the Data Set"; support answer "Missing -1/-9": -1…-3 residual options, -8 faulty data, -9 no
answer), LimeSurvey's response export (manual "Export responses": headings code|full, answers
codes|full; RemoteControl export_responses sHeadingType/sResponseType) and .lss layout.
"""
import csv
import io
import os
import random
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(HERE)))
OUT_DATA = os.path.join(ROOT, "Datasets", "tool-exports")
OUT_TEST = os.path.join(ROOT, "Tests", "IngestTests", "Fixtures", "tools")

KREISE = [  # key, name, Gemeinden, population, tile row, tile col
    ("15001", "Dessau-Roßlau", 1, 79686, 3, 3), ("15002", "Halle (Saale)", 1, 242172, 4, 3),
    ("15003", "Magdeburg", 1, 240114, 2, 2), ("15081", "Altmarkkreis Salzwedel", 13, 81851, 0, 1),
    ("15082", "Anhalt-Bitterfeld", 10, 156642, 3, 4), ("15083", "Börde", 34, 170984, 1, 2),
    ("15084", "Burgenlandkreis", 33, 177174, 5, 3), ("15085", "Harz", 20, 208804, 3, 1),
    ("15086", "Jerichower Land", 8, 89914, 1, 3), ("15087", "Mansfeld-Südharz", 22, 131071, 4, 1),
    ("15088", "Saalekreis", 20, 184255, 4, 2), ("15089", "Salzlandkreis", 21, 184943, 2, 3),
    ("15090", "Stendal", 25, 109592, 0, 2), ("15091", "Wittenberg", 9, 123246, 2, 4),
]
TRUST = [  # SoSci TR01_xx, LimeSurvey G02Q02[SQ00x], codebook id, wording
    ("TR01_01", "SQ001", "tr_land", "Ich vertraue darauf, dass die Landesregierung die Interessen der Kommunen berücksichtigt."),
    ("TR01_02", "SQ002", "tr_kreis", "Ich vertraue der Kreisverwaltung als verlässlichem Partner."),
    ("TR01_03", "SQ003", "tr_nachbar", "Ich vertraue den Verwaltungsspitzen unserer Nachbarkommunen."),
    ("TR01_04", "SQ004", "tr_ikz", "Die interkommunale Zusammenarbeit beruht bei uns auf gegenseitigem Vertrauen."),
    ("TR01_05", "SQ005", "tr_itdl", "Ich vertraue unseren kommunalen IT-Dienstleistern."),
]
READY = [  # SoSci DR02_xx, LimeSurvey G03Q03[SQ00x], codebook id, wording; dr_ki only in 2024
    ("DR02_01", "SQ001", "dr_ozg", "Die wichtigsten Verwaltungsleistungen sind bei uns online verfügbar."),
    ("DR02_02", "SQ002", "dr_eakte", "Die elektronische Akte ist in unserer Verwaltung eingeführt."),
    ("DR02_03", "SQ003", "dr_netz", "Breitband und Anschluss an das Verwaltungsnetz sind ausreichend."),
    ("DR02_04", "SQ004", "dr_kompetenz", "Unsere Beschäftigten verfügen über die nötigen digitalen Kompetenzen."),
    (None, "SQ005", "dr_ki", "Wir setzen KI-Anwendungen in der Verwaltung ein."),
]
SOSCI_LABELS = {1: "trifft gar nicht zu", 2: "trifft eher nicht zu", 3: "teils/teils", 4: "trifft eher zu", 5: "trifft voll zu"}
LS_LABELS = {"AO01": "Stimme überhaupt nicht zu", "AO02": "Stimme eher nicht zu", "AO03": "Teils/teils",
             "AO04": "Stimme eher zu", "AO05": "Stimme voll und ganz zu", "AO06": "weiß nicht"}
ROLES = {1: "Bürgermeister/in", 2: "Oberbürgermeister/in", 3: "Verbandsgemeindebürgermeister/in"}
LS_ROLES = {"AO01": "Bürgermeister/in", "AO02": "Oberbürgermeister/in", "AO03": "Verbandsgemeindebürgermeister/in"}


def municipalities():
    out = []
    for key, name, n, _pop, _r, _c in KREISE:
        if n == 1:
            out.append((key + "000", key))
        else:
            out.extend((key + "%03d" % (i + 1), key) for i in range(n))
    return out


def kreis_effect(rng):
    return {k[0]: rng.gauss(0, 0.45) for k in KREISE}


def answer(rng, mean):
    x = round(mean + rng.gauss(0, 0.8))
    return min(5, max(1, x))


def simulate(rng, wave, munis, n_target):
    """Respondents: municipality key, answers (1..5, -1 don't know, -9 no answer), role, time."""
    keff = kreis_effect(random.Random(20240 + 1))  # the same Kreis effects in both waves
    shift = 0.0 if wave == 2022 else 0.25
    chosen = rng.sample(munis, n_target)
    people = []
    for ags, kreis in chosen:
        base = 3.1 + keff[kreis] + shift + rng.gauss(0, 0.5)
        t = [answer(rng, base + 0.1 * j) for j in range(len(TRUST))]
        r = [answer(rng, base - 0.3 + 0.15 * j) for j in range(len(READY))]
        for arr in (t, r):
            for j in range(len(arr)):
                u = rng.random()
                if u < 0.03:
                    arr[j] = -1
                elif u < 0.06:
                    arr[j] = -9
        role = 2 if kreis in ("15001", "15002", "15003") else rng.choice([1, 1, 1, 3])
        people.append({"ags": ags, "trust": t, "ready": r, "role": role, "time": max(120, int(rng.gauss(540, 150)))})
    return people


# ---------------------------------------------------------------- SoSci Survey (wave 2022)

def sosci_rows(rng, people):
    """SoSci rows with pretests, break-offs, speeders and one duplicate municipality."""
    rows = []
    case = 117
    def row(p, mode="interview", finished=1, lastpage=5, rsi=None, serial=None, straight=None):
        nonlocal case
        case += rng.choice([1, 1, 2, 3])
        t = list(p["trust"])
        r = list(p["ready"][:4])
        if straight is not None:
            t = [straight] * len(t)
            r = [straight] * len(r)
        if lastpage < 3:
            t = [None] * len(t)
        if lastpage < 4:
            r = [None] * len(r)
        time_sum = p["time"] if rsi is None else int(p["time"] / rsi)
        times = [max(5, int(time_sum * f)) for f in (0.1, 0.4, 0.35, 0.15)]
        d = {
            "CASE": case, "SERIAL": serial if serial is not None else "M" + p["ags"], "REF": "", "QUESTNNR": "hvb",
            "MODE": mode, "STARTED": "2022-%02d-%02d %02d:%02d:%02d" % (rng.randint(3, 5), rng.randint(1, 28), rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59)),
            "GE01_01": p["ags"], "SD01": p["role"],
            "TIME001": times[0], "TIME002": times[1], "TIME003": times[2] if lastpage >= 3 else None, "TIME004": times[3] if lastpage >= 4 else None,
            "TIME_SUM": sum(x for x in times if x) if lastpage >= 4 else times[0] + times[1],
            "MAILSENT": "", "LASTDATA": "", "FINISHED": finished, "Q_VIEWER": 0, "LASTPAGE": lastpage, "MAXPAGE": lastpage,
            "MISSING": 0, "MISSREL": 0, "TIME_RSI": rsi if rsi is not None else round(rng.uniform(0.6, 1.4), 2),
            "DEG_TIME": rng.randint(0, 20) if rsi is None else rng.randint(110, 300),
        }
        for (col, _ls, _id, _w), v in zip(TRUST, t):
            d[col] = v
        for (col, _ls, _id, _w), v in zip(READY[:4], r):
            d[col] = v
        missing = sum(1 for v in t + r if v is None or v < 0)
        d["MISSING"] = round(100 * missing / (len(t) + len(r)))
        d["MISSREL"] = d["MISSING"]
        rows.append(d)
    pretest = people[:3]
    for p in pretest:
        row(p, mode="pretest", serial="")
    for i, p in enumerate(people):
        if i % 23 == 7:
            row(p, finished=0, lastpage=rng.choice([2, 3]))              # break-off
        elif i % 29 == 11:
            row(p, rsi=round(rng.uniform(2.2, 3.5), 2), straight=rng.choice([3, 4]))  # speeder, straight-lined
        else:
            row(p)
        if i == 41:
            q = dict(p, trust=[answer(rng, 3) for _ in TRUST], ready=[answer(rng, 3) for _ in READY])
            row(q)  # the same municipality answered a second time (later): a duplicate SERIAL
    return rows


SOSCI_COLUMNS = (["CASE", "SERIAL", "REF", "QUESTNNR", "MODE", "STARTED", "GE01_01"] + [t[0] for t in TRUST]
                 + [r[0] for r in READY[:4]] + ["SD01", "TIME001", "TIME002", "TIME003", "TIME004", "TIME_SUM", "MAILSENT",
                                                 "LASTDATA", "FINISHED", "Q_VIEWER", "LASTPAGE", "MAXPAGE", "MISSING", "MISSREL",
                                                 "TIME_RSI", "DEG_TIME"])
SOSCI_VARLABELS = {
    "CASE": "Interview-Nummer (fortlaufend)", "SERIAL": "Personenkennung oder Teilnahmecode (sofern verwendet)",
    "REF": "Referenz (sofern im Link angegeben)", "QUESTNNR": "Fragebogen, der im Interview verwendet wurde",
    "MODE": "Interview-Modus", "STARTED": "Zeitpunkt zu dem das Interview begonnen hat (Europe/Berlin)",
    "GE01_01": "Gemeinde: Amtlicher Gemeindeschlüssel (AGS)", "SD01": "Funktion",
    "TIME001": "Verweildauer Seite 1", "TIME002": "Verweildauer Seite 2", "TIME003": "Verweildauer Seite 3",
    "TIME004": "Verweildauer Seite 4", "TIME_SUM": "Verweildauer gesamt (ohne Ausreißer)",
    "MAILSENT": "Versandzeitpunkt der Einladungsmail (nur für nicht-anonyme Adressaten)",
    "LASTDATA": "Zeitpunkt als der Datensatz das letzte mal geändert wurde",
    "FINISHED": "Wurde die Befragung abgeschlossen (letzte Seite erreicht)?",
    "Q_VIEWER": "Hat der Teilnehmer den Fragebogen nur angesehen, ohne die Pflichtfragen zu beantworten?",
    "LASTPAGE": "Seite, die der Teilnehmer zuletzt bearbeitet hat", "MAXPAGE": "Letzte Seite, die im Fragebogen bearbeitet wurde",
    "MISSING": "Anteil fehlender Antworten in Prozent", "MISSREL": "Anteil fehlender Antworten (gewichtet nach Relevanz)",
    "TIME_RSI": "Ausfüll-Geschwindigkeit (relativ)", "DEG_TIME": "Maluspunkte für schnelles Ausfüllen",
}
for col, _ls, _id, wording in TRUST:
    SOSCI_VARLABELS[col] = "Vertrauen: " + wording
for col, _ls, _id, wording in READY[:4]:
    SOSCI_VARLABELS[col] = "Digitalisierung: " + wording


def write_sosci(rows, path_csv, path_sps):
    def cell(v):
        if v is None:
            return ""
        if isinstance(v, float):
            return ("%g" % v).replace(".", ",")
        return str(v)
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(SOSCI_COLUMNS)
    w.writerow([SOSCI_VARLABELS[c] for c in SOSCI_COLUMNS])
    for r in rows:
        w.writerow([cell(r[c]) for c in SOSCI_COLUMNS])
    with open(path_csv, "wb") as f:
        f.write(buf.getvalue().encode("cp1252"))
    # The SPSS syntax SoSci delivers (UTF-8; data inline, tab separated, "." as decimal point).
    items = [t[0] for t in TRUST] + [r[0] for r in READY[:4]]
    fmt = {c: "(A16)" if c in ("SERIAL", "REF", "QUESTNNR", "MODE", "GE01_01") else "(DATETIME)" if c in ("STARTED", "MAILSENT", "LASTDATA")
           else "(F12.4)" if c == "TIME_RSI" else "(F3.0)" if c in items else "(F8.0)" for c in SOSCI_COLUMNS}
    lines = ["* Um den Datensatz in SPSS zu laden, führen Sie diese Syntax bitte vollständig aus.", "",
             "DATA LIST FREE(TAB)", " /" + "\n  ".join("%s %s" % (c, fmt[c]) for c in SOSCI_COLUMNS) + ".", "BEGIN DATA"]
    for r in rows:
        lines.append("\t".join("" if r[c] is None else str(r[c]) for c in SOSCI_COLUMNS))
    lines += ["END DATA.", "", "", "VARIABLE LABELS"]
    lines += [" %s '%s'" % (c, SOSCI_VARLABELS[c].replace("'", "''")) for c in SOSCI_COLUMNS]
    lines += [".", "", "", "VALUE LABELS", " /" + " ".join(items)]
    lines.append(" " + " ".join("%d '%s'" % (k, v) for k, v in SOSCI_LABELS.items()) + " -1 'weiß nicht' -9 'nicht beantwortet'")
    lines.append(" /SD01 " + " ".join("%d '%s'" % (k, v) for k, v in ROLES.items()) + " -9 'nicht beantwortet'")
    lines.append(" /FINISHED 0 'abgebrochen' 1 'ausgefüllt'")
    lines.append(" /Q_VIEWER 0 'Teilnehmer' 1 'Durchklicker'")
    lines += [".", "", "MISSING VALUES", " " + " ".join(items + ["SD01"]) + " (-1,-9)", ".", ""]
    with open(path_sps, "w", encoding="utf-8", newline="\r\n") as f:
        f.write("\n".join(lines))


# ---------------------------------------------------------------- LimeSurvey (wave 2024)

LS_CODES = ["AO01", "AO02", "AO03", "AO04", "AO05"]


def limesurvey_rows(rng, people):
    rows = []
    rid = 0
    for i, p in enumerate(people):
        rid += 1
        complete = i % 19 != 5
        speeder = i % 31 == 13
        lastpage = 4 if complete else rng.choice([1, 2])
        def code(v):
            if v == -1:
                return "AO06"
            if v == -9:
                return None  # not answered: NULL
            return LS_CODES[v - 1]
        trust = [code(v) for v in p["trust"]] if lastpage >= 2 else [None] * len(TRUST)
        ready = [code(v) for v in p["ready"]] if lastpage >= 3 else [None] * len(READY)
        role = "-oth-" if i % 37 == 20 else ["AO01", "AO02", "AO03"][p["role"] - 1]
        time = p["time"] if not speeder else int(p["time"] * rng.uniform(0.15, 0.3))
        start = "2024-%02d-%02d %02d:%02d:%02d" % (rng.randint(2, 4), rng.randint(1, 28), rng.randint(7, 19), rng.randint(0, 59), rng.randint(0, 59))
        rows.append({"id": rid, "submitdate": ("2024-04-%02d 12:00:00" % rng.randint(1, 28)) if complete else None,
                     "lastpage": lastpage, "startlanguage": "de", "seed": rng.randint(10**8, 10**9), "token": "",
                     "startdate": start, "datestamp": start, "G01Q01": p["ags"], "trust": trust, "ready": ready,
                     "G04Q04": role, "G04Q04[other]": "Amtsverweser/in" if role == "-oth-" else None,
                     "interviewtime": round(time + rng.random(), 2) if complete or lastpage > 1 else round(rng.uniform(20, 90), 2)})
    return rows


LS_COLUMNS = (["id", "submitdate", "lastpage", "startlanguage", "seed", "token", "startdate", "datestamp", "G01Q01"]
              + ["G02Q02[%s]" % t[1] for t in TRUST] + ["G03Q03[%s]" % r[1] for r in READY] + ["G04Q04", "G04Q04[other]", "interviewtime"])


def write_limesurvey(rows, path_codes, path_full):
    def write(path, full):
        buf = io.StringIO()
        w = csv.writer(buf, delimiter=",", quotechar='"', quoting=csv.QUOTE_ALL, lineterminator="\r\n")
        w.writerow(LS_COLUMNS)
        for r in rows:
            out = []
            for c in LS_COLUMNS:
                if c.startswith("G02Q02["):
                    v = r["trust"][[t[1] for t in TRUST].index(c[7:-1])]
                elif c.startswith("G03Q03["):
                    v = r["ready"][[x[1] for x in READY].index(c[7:-1])]
                else:
                    v = r[c]
                if full and isinstance(v, str) and v in LS_LABELS and (c.startswith("G02") or c.startswith("G03")):
                    v = LS_LABELS[v]
                if full and c == "G04Q04" and v is not None:
                    v = "Sonstiges" if v == "-oth-" else LS_ROLES[v]
                out.append("N/A" if v is None else str(v))
            w.writerow(out)
        with open(path, "wb") as f:
            f.write(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))
    write(path_codes, False)
    write(path_full, True)


def write_lss(path):
    """A LimeSurvey 6 survey structure file (.lss), as 'Export survey structure (.lss)' writes it."""
    def cdata(s):
        return "<![CDATA[%s]]>" % s
    def table(name, fields, rows):
        out = [" <%s>" % name, "  <fields>"] + ["   <fieldname>%s</fieldname>" % f for f in fields] + ["  </fields>", "  <rows>"]
        for r in rows:
            out.append("   <row>" + "".join("<%s>%s</%s>" % (f, r[f], f) for f in fields) + "</row>")
        out += ["  </rows>", " </%s>" % name]
        return out
    sid = 742815
    groups = [{"gid": 10 + g, "sid": sid, "group_order": g, "randomization_group": "", "grelevance": "1"} for g in range(4)]
    group_l10ns = [{"id": 20 + g, "gid": 10 + g, "group_name": cdata(n), "description": cdata(""), "language": "de"}
                   for g, n in enumerate(["Gemeinde", "Vertrauen", "Digitalisierung", "Angaben zur Person"])]
    questions = [
        {"qid": 100, "parent_qid": 0, "sid": sid, "gid": 10, "type": "S", "title": "G01Q01", "preg": "", "other": "N", "mandatory": "Y", "question_order": 1, "scale_id": 0, "same_default": 0, "relevance": "1"},
        {"qid": 200, "parent_qid": 0, "sid": sid, "gid": 11, "type": "F", "title": "G02Q02", "preg": "", "other": "N", "mandatory": "N", "question_order": 1, "scale_id": 0, "same_default": 0, "relevance": "1"},
        {"qid": 300, "parent_qid": 0, "sid": sid, "gid": 12, "type": "F", "title": "G03Q03", "preg": "", "other": "N", "mandatory": "N", "question_order": 1, "scale_id": 0, "same_default": 0, "relevance": "1"},
        {"qid": 400, "parent_qid": 0, "sid": sid, "gid": 13, "type": "L", "title": "G04Q04", "preg": "", "other": "Y", "mandatory": "N", "question_order": 1, "scale_id": 0, "same_default": 0, "relevance": "1"},
    ]
    subquestions = []
    for k, (_s, sq, _id, _w) in enumerate(TRUST):
        subquestions.append({"qid": 201 + k, "parent_qid": 200, "sid": sid, "gid": 11, "type": "T", "title": sq, "preg": "", "other": "N", "mandatory": "", "question_order": k + 1, "scale_id": 0, "same_default": 0, "relevance": "1"})
    for k, (_s, sq, _id, _w) in enumerate(READY):
        subquestions.append({"qid": 301 + k, "parent_qid": 300, "sid": sid, "gid": 12, "type": "T", "title": sq, "preg": "", "other": "N", "mandatory": "", "question_order": k + 1, "scale_id": 0, "same_default": 0, "relevance": "1"})
    qtext = {100: "Bitte geben Sie den Amtlichen Gemeindeschlüssel (AGS) Ihrer Gemeinde an.",
             200: "<p>Wie sehr stimmen Sie den folgenden Aussagen zum <strong>Vertrauen</strong> zu?</p>",
             300: "Wie sehr stimmen Sie den folgenden Aussagen zur Digitalisierung Ihrer Verwaltung zu?",
             400: "Welche Funktion haben Sie?"}
    for k, (_s, _sq, _id, w) in enumerate(TRUST):
        qtext[201 + k] = w
    for k, (_s, _sq, _id, w) in enumerate(READY):
        qtext[301 + k] = w
    question_l10ns = [{"id": 1000 + q, "qid": q, "question": cdata(t), "help": cdata(""), "script": cdata(""), "language": "de"} for q, t in qtext.items()]
    answers, answer_l10ns = [], []
    aid = 5000
    for q in (200, 300):
        for k, (code, label) in enumerate(LS_LABELS.items()):
            aid += 1
            answers.append({"aid": aid, "qid": q, "code": code, "sortorder": k + 1, "assessment_value": 0, "scale_id": 0})
            answer_l10ns.append({"id": aid + 1000, "aid": aid, "answer": cdata(label), "language": "de"})
    for k, (code, label) in enumerate(LS_ROLES.items()):
        aid += 1
        answers.append({"aid": aid, "qid": 400, "code": code, "sortorder": k + 1, "assessment_value": 0, "scale_id": 0})
        answer_l10ns.append({"id": aid + 1000, "aid": aid, "answer": cdata(label), "language": "de"})
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<document>", " <LimeSurveyDocType>Survey</LimeSurveyDocType>",
           " <DBVersion>624</DBVersion>", " <languages>", "  <language>de</language>", " </languages>"]
    out += table("answers", ["aid", "qid", "code", "sortorder", "assessment_value", "scale_id"], answers)
    out += table("answer_l10ns", ["id", "aid", "answer", "language"], answer_l10ns)
    out += table("groups", ["gid", "sid", "group_order", "randomization_group", "grelevance"], groups)
    out += table("group_l10ns", ["id", "gid", "group_name", "description", "language"], group_l10ns)
    qf = ["qid", "parent_qid", "sid", "gid", "type", "title", "preg", "other", "mandatory", "question_order", "scale_id", "same_default", "relevance"]
    out += table("questions", qf, questions)
    out += table("subquestions", qf, subquestions)
    out += table("question_l10ns", ["id", "qid", "question", "help", "script", "language"], question_l10ns)
    out += table("surveys", ["sid", "language", "additional_languages", "format"], [{"sid": sid, "language": "de", "additional_languages": "", "format": "G"}])
    out += table("surveys_languagesettings", ["surveyls_survey_id", "surveyls_language", "surveyls_title"],
                 [{"surveyls_survey_id": sid, "surveyls_language": "de", "surveyls_title": cdata("HVB-Befragung 2024 (synthetisch)")}])
    out.append("</document>")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out) + "\n")


def write_regions(path):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("key,name,level,parent,population,tile_row,tile_col\n")
        f.write("15,Sachsen-Anhalt,land,,2186643,,\n")
        for key, name, _n, pop, r, c in KREISE:
            f.write("%s,%s,kreis,15,%d,%d,%d\n" % (key, name, pop, r, c))


# ---------------------------------------------------------------- SPSS and Stata (test fixtures)

def write_sav_dta(people, path_sav, path_dta):
    import pandas as pd
    import pyreadstat
    cols = {"resp": [], "ags": []}
    for _s, _l, cid, _w in TRUST + READY[:4]:
        cols[cid] = []
    cols["role"] = []
    for i, p in enumerate(people):
        cols["resp"].append("R%03d" % (i + 1))
        cols["ags"].append(p["ags"])
        for (_s, _l, cid, _w), v in zip(TRUST, p["trust"]):
            cols[cid].append(float(v))
        for (_s, _l, cid, _w), v in zip(READY[:4], p["ready"][:4]):
            cols[cid].append(float(v))
        cols["role"].append(float(p["role"]))
    df = pd.DataFrame(cols)
    items = [t[2] for t in TRUST] + [r[2] for r in READY[:4]]
    labels = {c: {**SOSCI_LABELS, -1: "weiß nicht", -9: "nicht beantwortet"} for c in items}
    labels["role"] = dict(ROLES)
    varlabels = {"resp": "Befragten-Nr.", "ags": "Amtlicher Gemeindeschlüssel", "role": "Funktion"}
    for _s, _l, cid, w in TRUST + READY[:4]:
        varlabels[cid] = w
    pyreadstat.write_sav(df, path_sav, column_labels=varlabels, variable_value_labels=labels,
                         missing_ranges={c: [-1, -9] for c in items}, variable_measure={c: "ordinal" for c in items})
    # Stata: SoSci's convention -1 → .a, -9 → .i (extended missing values).
    dfd = df.copy()
    for c in items:
        dfd[c] = dfd[c].astype(object).map(lambda v: "a" if v == -1 else "i" if v == -9 else v)
    labels_dta = {c: dict(SOSCI_LABELS) for c in items}
    labels_dta["role"] = dict(ROLES)
    # Stata variable labels hold at most 80 characters.
    pyreadstat.write_dta(dfd, path_dta, column_labels={k: v[:80] for k, v in varlabels.items()}, variable_value_labels=labels_dta,
                         missing_user_values={c: ["a", "i"] for c in items}, version=15)


def main():
    munis = municipalities()
    assert len(munis) == 218, len(munis)
    for out, n1, n2, seed in ((OUT_DATA, 176, 170, 2022), (OUT_TEST, 40, 40, 77)):
        os.makedirs(out, exist_ok=True)
        rng = random.Random(seed)
        p1 = simulate(rng, 2022, munis, n1)
        p2 = simulate(rng, 2024, munis, n2)
        write_sosci(sosci_rows(rng, p1), os.path.join(out, "sosci_2022.csv"), os.path.join(out, "sosci_2022.sps"))
        write_limesurvey(limesurvey_rows(rng, p2), os.path.join(out, "limesurvey_2024_codes.csv"), os.path.join(out, "limesurvey_2024_full.csv"))
        write_lss(os.path.join(out, "limesurvey_2024.lss"))
        write_regions(os.path.join(out, "regions_sachsen_anhalt.csv"))
        if out == OUT_TEST:
            write_sav_dta(p1, os.path.join(out, "survey.sav"), os.path.join(out, "survey.dta"))
        print("wrote", os.path.relpath(out, ROOT))


if __name__ == "__main__":
    main()

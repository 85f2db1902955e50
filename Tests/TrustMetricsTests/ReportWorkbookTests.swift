import Foundation
import Testing
import _TestSupport
@testable import TrustMetrics

/// The tables as they drop into a report: XLSX laid out for people (read back cell by cell and,
/// where installed, with openpyxl) and the German Excel CSV read back with `;` and decimal comma.
@Suite(.serialized) struct ReportWorkbookTests {
  static let tables: (index: ReportTable, rank: ReportTable) = {
    let data = try! StudyReader.load(studyPath: demoPath)
    var options = RegionIndexOptions(level: .kreis, wave: 2023, replicates: 200)
    options.rakeMargins = [try! MarginTable.load(path: demoMargins)]
    let idx = try! RegionIndex.estimate(data, index: "trust", options: options)
    var land = options
    land.level = .land
    let rank = try! RegionRanking.rank(try! RegionIndex.estimate(data, index: "trust", options: land), uncertainty: .csranks, shrink: false)
    return (idx.estimateTable(), rank.reportTables()[0])
  }()

  func tempPath(_ ext: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent("tm-wb-\(UUID().uuidString).\(ext)").path
  }

  @Test func layoutFormatsAndSuppressedCells() throws {
    let raw = Self.tables.index
    let report = Report(title: "Indices: demo", banner: "SYNTHETIC DATA — generated, not real responses", tables: [raw])
    let study = try StudyReader.load(studyPath: demoPath).study
    let (presented, misses) = report.presented(Presentation(language: .de, headers: .display, labels: StudyReport.labels(study), useLabels: true,
                                                           texts: StudyReport.texts(study)))
    #expect(misses.isEmpty, "\(misses)")
    let path = tempPath("xlsx")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try ReportWorkbook.write(presented, to: path, digits: 3, language: .de)
    let wb = try XLSXRaw(path: path)
    let s = try #require(wb.sheet(raw.id))
    let t = presented.tables[0]
    // Title above the table, banner, a blank row, then the header in row 4.
    #expect(s.text("A1") == t.title && wb.isBold(s.cells["A1"]!.style))
    #expect(s.text("A2") == "SYNTHETISCHE DATEN — erzeugt, keine echten Antworten")
    #expect(s.cells["A3"] == nil)
    for (j, c) in t.columns.enumerated() {
      let ref = "\(XLSXRaw.column(j))4"
      #expect(s.text(ref) == c.shownHeader && wb.isBold(s.cells[ref]!.style), "header \(ref)")
    }
    #expect(s.text("B4") == "Kreis" && s.text("D4") == "Vertical trust (Land, Bund, Kreis)")
    // Frozen below the header, autofilter over header and data.
    #expect(s.pane?.ySplit == 4 && s.pane?.topLeft == "A5")
    let last = XLSXRaw.column(t.columns.count - 1)
    #expect(s.autoFilter == "A4:\(last)\(4 + t.rows.count)")
    #expect(wb.workbookXML.contains("_xlnm._FilterDatabase"))
    #expect(s.widths.count == t.columns.count)
    // Data: numbers at full precision with the column's format; suppressed cells empty, shaded,
    // never text in a numeric column.
    var suppressedSeen = 0
    for (r, row) in raw.rows.enumerated() {
      for (j, cell) in row.enumerated() {
        let ref = "\(XLSXRaw.column(j))\(5 + r)"
        let c = raw.columns[j]
        switch cell {
        case .number(let x):
          #expect(s.number(ref) == x, "\(ref) full precision")
          let d = c.digits ?? 3
          #expect(wb.format(s.cells[ref]!.style) == (d == 0 ? "0" : "0." + String(repeating: "0", count: d)), "\(ref) format")
        case .integer(let i):
          #expect(s.number(ref) == Double(i) && wb.format(s.cells[ref]!.style) == "0")
        case .suppressed:
          suppressedSeen += 1
          let info = try #require(s.cells[ref], "\(ref): a styled empty cell")
          #expect(info.value == nil && wb.isShaded(info.style), "\(ref)")
        case .missing:
          #expect(s.cells[ref]?.value == nil)
        case .text(let x):
          #expect(s.text(ref) == x)
        }
        if c.kind != .text { #expect(s.cells[ref]?.isText != true, "\(ref): text in a numeric column") }
      }
    }
    #expect(suppressedSeen >= 3 * (raw.columns.count - 2))
    // Footnotes below the data, after a blank row; the grey cells are explained.
    let notesStart = 4 + t.rows.count + 2
    let notes = (notesStart..<(notesStart + 10)).compactMap { s.text("A\($0)") }
    #expect(notes.contains(ReportWorkbook.suppressedCellsNote(.de)))
    #expect(notes.first == t.notes.first)
  }

  /// The same checks through openpyxl (what Excel-compatible readers see), where it is installed.
  @Test(.enabled(if: python3HasOpenpyxl)) func openpyxlReadsTheLayout() throws {
    let raw = Self.tables.index
    let path = tempPath("xlsx")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try ReportWorkbook.write(Report(title: "t", banner: "SYNTHETIC DATA — generated, not real responses", tables: [raw]).presented(Presentation(language: .en, headers: .display)).report, to: path)
    let script = """
      import json, sys, openpyxl
      wb = openpyxl.load_workbook(sys.argv[1])
      ws = wb[sys.argv[2]]
      out = {"freeze": ws.freeze_panes, "filter": ws.auto_filter.ref, "title_bold": bool(ws["A1"].font.b),
             "header_bold": bool(ws["A4"].font.b), "rows": []}
      for r in range(5, 5 + int(sys.argv[3])):
          out["rows"].append([[repr(c.value) if isinstance(c.value, float) else c.value, c.number_format,
                               c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None] for c in ws[r]])
      print(json.dumps(out))
      """
    let r = try runPython(script, [path, raw.id, String(raw.rows.count)])
    let obj = try #require(try JSONSerialization.jsonObject(with: Data(r.utf8)) as? [String: Any])
    #expect(obj["freeze"] as? String == "A5")
    #expect(obj["filter"] as? String == "A4:\(XLSXRaw.column(raw.columns.count - 1))\(4 + raw.rows.count)")
    #expect(obj["title_bold"] as? Bool == true && obj["header_bold"] as? Bool == true)
    let rows = try #require(obj["rows"] as? [[[Any]]])
    for (i, row) in raw.rows.enumerated() {
      for (j, cell) in row.enumerated() {
        let v = rows[i][j]
        switch cell {
        case .number(let x):
          // repr() of the float openpyxl read (JSON numbers do not round-trip every Double on Linux).
          #expect((v[0] as? String).flatMap(Double.init) == x, "\(raw.columns[j].name) row \(i)")
          #expect(v[1] as? String == "0." + String(repeating: "0", count: raw.columns[j].digits ?? 3))
        case .suppressed:
          #expect(v[0] is NSNull && (v[2] as? String)?.hasSuffix("D9D9D9") == true)
        default: break
        }
      }
    }
  }

  @Test func germanExcelCSVReadsBack() throws {
    let raw = Self.tables.rank
    let study = try StudyReader.load(studyPath: demoPath).study
    let (presented, misses) = Report(title: "", tables: [raw]).presented(Presentation(language: .de, headers: .display, texts: StudyReport.texts(study)))
    #expect(misses.isEmpty, "\(misses)")
    let csv = ReportRenderer.table(presented.tables[0], format: .csv, options: RenderOptions(decimalComma: true, csv: .excelDE))
    let path = tempPath("csv")
    defer { try? FileManager.default.removeItem(atPath: path) }
    try Data(csv.utf8).write(to: URL(fileURLWithPath: path))
    let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF])
    #expect(bytes.contains(0x0D))
    let t = try CSVReader.read(path: path, options: CSVOptions(delimiter: ";", encoding: .utf8, decimalSeparator: ","))
    #expect(t.columnNames == presented.tables[0].columns.map(\.shownHeader))
    #expect(t.columnNames.contains("Rangmenge unten (95 %)") && t.columnNames.contains("Rangmenge oben (95 %)"))
    for (j, c) in raw.columns.enumerated() {
      for (r, row) in raw.rows.enumerated() {
        switch row[j] {
        case .number(let x): #expect(t.columns[j].number(at: r) == x, "\(c.name) row \(r): full precision through the decimal comma")
        case .integer(let i): #expect(t.columns[j].number(at: r) == Double(i))
        case .text(let s): #expect(t.columns[j].text(at: r) == s)
        default: break
        }
      }
    }
  }
}

let python3HasOpenpyxl: Bool = (try? runPython("import openpyxl", [])) != nil

/// Runs `python3 -c script args…`; returns standard output, throws on a non-zero exit.
func runPython(_ script: String, _ args: [String]) throws -> String {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  p.arguments = ["python3", "-c", script] + args
  let out = Pipe()
  p.standardOutput = out
  p.standardError = FileHandle.nullDevice
  try p.run()
  let data = out.fileHandleForReading.readDataToEndOfFile()
  p.waitUntilExit()
  guard p.terminationStatus == 0 else { throw NSError(domain: "python", code: Int(p.terminationStatus)) }
  return String(decoding: data, as: UTF8.self)
}

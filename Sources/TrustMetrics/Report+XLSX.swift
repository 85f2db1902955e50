/// Writes a report as an Excel workbook: one sheet per table (named after the table id), the
/// header row, the rows (numbers at full precision, suppressed cells as "▪"), then the title,
/// banner and footnotes below the table. Written atomically by DataIO's XLSX writer.
public enum ReportWorkbook {
  public static func write(_ report: Report, to path: String) throws {
    var used: Set<String> = []
    var sheets: [(name: String, header: [String], rows: [[XLSXCell]])] = []
    for t in report.tables {
      var name = String(t.id.prefix(31))
      var k = 2
      while used.contains(name) { name = String(t.id.prefix(28)) + "_\(k)"; k += 1 }
      used.insert(name)
      let width = t.columns.count
      var rows: [[XLSXCell]] = t.rows.map { row in
        row.map { cell -> XLSXCell in
          switch cell {
          case .text(let s): return .text(s)
          case .number(let x): return x.isFinite ? .number(x) : .text(ReportRenderer.fullPrecision(x))
          case .integer(let i): return .number(Double(i))
          case .missing: return .empty
          case .suppressed: return .text(ReportRenderer.suppressedSymbol)
          }
        }
      }
      func line(_ s: String) -> [XLSXCell] { [.text(s)] + [XLSXCell](repeating: .empty, count: width - 1) }
      rows.append([XLSXCell](repeating: .empty, count: width))
      rows.append(line(t.title))
      if let b = report.banner { rows.append(line(b)) }
      for n in t.notes { rows.append(line(n)) }
      if t.rows.contains(where: { $0.contains(.suppressed) }) && !t.notes.contains(where: { $0.hasPrefix(ReportRenderer.suppressedSymbol) }) {
        rows.append(line(ReportRenderer.suppressedFootnote))
      }
      sheets.append((name, t.columns.map(\.name), rows))
    }
    if sheets.isEmpty { sheets.append(("report", ["title"], [[.text(report.title)]])) }
    try XLSXWriter.write(sheets: sheets, to: path)
  }
}

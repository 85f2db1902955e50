/// Writes a report as an Excel workbook that drops into a report as it is: one sheet per table
/// (named after the table id), laid out for people.
///
/// - Row 1 the table's title (bold, larger), row 2 the banner when there is one, a blank row,
///   then the header row (bold, bottom border, wrapped; the pane is frozen below it and an
///   autofilter covers header and data), the data rows, a blank row and the footnotes (italic).
/// - Headers are the columns' labels when `Report.presented` set them (else the machine names).
/// - Numbers are stored at full precision; the cell format shows the column's digits (`0.0`,
///   `0.00`, …; integers `0`). Lower/upper pairs (rank sets, intervals) stay two numeric columns.
/// - Suppressed cells are empty with a grey fill — never text in a numeric column — and a footnote
///   explains the mark. Missing values are empty without fill.
/// - Column widths fit the header's longest word and the widest shown value.
///
/// Written atomically by DataIO's XLSX writer.
public enum ReportWorkbook {
  /// The footnote that explains the grey cells (translated for `language`).
  public static func suppressedCellsNote(_ language: ReportLanguage) -> String {
    let en = "▪ In this workbook suppressed cells are empty and shaded grey (never 0)."
    return language == .en ? en : (Catalogue.german.translate(en, to: language, hole: { $0 }) ?? en)
  }

  public static func write(_ report: Report, to path: String, digits: Int = 3, language: ReportLanguage = .en) throws {
    try XLSXWriter.write(workbook: sheets(report, digits: digits, language: language), to: path)
  }

  /// The styled sheets of `report` (see the type's layout).
  public static func sheets(_ report: Report, digits: Int = 3, language: ReportLanguage = .en) -> [XLSXSheet] {
    var used: Set<String> = []
    var sheets: [XLSXSheet] = []
    for t in report.tables {
      var name = String(t.id.prefix(31))
      var k = 2
      while used.contains(name.lowercased()) { name = String(t.id.prefix(28)) + "_\(k)"; k += 1 }
      used.insert(name.lowercased())
      var rows: [[XLSXStyledCell]] = [[XLSXStyledCell(.text(t.title), .title)]]
      if let b = report.banner { rows.append([XLSXStyledCell(.text(b), .banner)]) }
      rows.append([])
      let headerRow = rows.count + 1
      rows.append(t.columns.map { XLSXStyledCell(.text($0.shownHeader), $0.kind == .text ? .header : .headerRight) })
      for row in t.rows {
        rows.append(zip(row, t.columns).map { cell, column -> XLSXStyledCell in
          switch cell {
          case .text(let s): return XLSXStyledCell(.text(s))
          case .number(let x):
            return x.isFinite ? XLSXStyledCell(.number(x), .number(digits: column.digits ?? digits)) : XLSXStyledCell(.text(ReportRenderer.fullPrecision(x)))
          case .integer(let i): return XLSXStyledCell(.number(Double(i)), .number(digits: 0))
          case .missing: return XLSXStyledCell(.empty)
          case .suppressed: return XLSXStyledCell(.empty, .suppressed)
          }
        })
      }
      let lastDataRow = rows.count
      rows.append([])
      var notes = ReportRenderer.notes(t)
      if t.rows.contains(where: { $0.contains(.suppressed) }) { notes.append(suppressedCellsNote(language)) }
      for n in notes { rows.append([XLSXStyledCell(.text(n), .note)]) }
      sheets.append(XLSXSheet(name: name, rows: rows, columnWidths: widths(t, digits: digits), frozenRows: headerRow,
                              autoFilter: t.columns.isEmpty ? nil : (rows: headerRow...Swift.max(headerRow, lastDataRow), columns: t.columns.count)))
    }
    if sheets.isEmpty { sheets.append(XLSXSheet(name: "report", rows: [[XLSXStyledCell(.text(report.title), .title)]])) }
    return sheets
  }

  /// Column widths in characters: the header's longest word (headers wrap) and the widest value
  /// as shown, plus room for the filter button; between 6 and 48.
  static func widths(_ t: ReportTable, digits: Int) -> [Double?] {
    t.columns.enumerated().map { j, c in
      var w = c.shownHeader.split(separator: " ").map(\.count).max() ?? 0
      for row in t.rows {
        let s: String
        switch row[j] {
        case .text(let x): s = x
        case .number(let x): s = ReportRenderer.fixed(x, digits: c.digits ?? digits)
        case .integer(let i): s = String(i)
        case .missing, .suppressed: s = ""
        }
        w = Swift.max(w, s.count)
      }
      return Double(Swift.min(48, Swift.max(6, w + 3)))
    }
  }
}

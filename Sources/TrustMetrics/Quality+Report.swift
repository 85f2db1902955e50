/// Glue: data-quality reports as report tables. Rows are located by file and line; the only
/// respondent ids shown are duplicated ones (the data owner must find them). No answers
/// other than the offending cell appear; no other report lists respondent-level data.
extension WaveQuality {
  /// The tables of this wave's quality report.
  public func reportTables() -> [ReportTable] {
    let suffix = wave.map { " — wave \($0)" } ?? ""
    let key = wave.map { "_\($0)" } ?? ""
    var items = ReportTable(
      id: "quality_items\(key)", title: "Item quality\(suffix) (\(rows) rows)",
      columns: [ReportColumn("item"), ReportColumn("valid", .integer), ReportColumn("blank", .integer)]
        + missingColumns().map { ReportColumn($0, .integer) } + [ReportColumn("out_of_range", .integer), ReportColumn("valid_pct", .number, digits: 1)])
    for c in self.items {
      var row: [Cell] = [.text(c.item), .integer(c.valid), .integer(c.blank)]
      let byLabel = Dictionary(c.missingByCode.map { (missingColumnName($0.code, $0.label), $0.count) }, uniquingKeysWith: +)
      row += missingColumns().map { .integer(byLabel[$0] ?? 0) }
      row += [.integer(c.outOfRange), .value(rows == 0 ? .nan : 100 * Double(c.valid) / Double(rows))]
      items.append(row)
    }
    var tables = [items]

    var summary = ReportTable(id: "quality_summary\(key)", title: "Checks\(suffix)",
                              columns: [ReportColumn("check"), ReportColumn("count", .integer), ReportColumn("first occurrence")])
    summary.append([.text("out-of-range values"), .integer(outOfRange.count),
                    .text(outOfRange.first.map { "\($0.source.location) \($0.item) = '\($0.value)'" } ?? "")])
    summary.append([.text("duplicate respondent ids"), .integer(duplicates.count),
                    .text(duplicates.first.map { "'\($0.respondent)' at \($0.sources.map(\.location).joined(separator: ", "))" } ?? "")])
    summary.append([.text("region keys not in the region table"), .integer(unknownRegions.count),
                    .text(unknownRegions.first.map { "\($0.variable) = '\($0.key)' at \($0.first.location)" } ?? "")])
    summary.append([.text("straight-lining respondents"), .integer(straightLiners.count),
                    .text(straightLiners.first.map { "\($0.source.location) block \($0.block)" } ?? "")])
    summary.append([.text("wave column disagrees with file"), .integer(waveMismatches.count),
                    .text(waveMismatches.first.map { "\($0.source.location) '\($0.found)'" } ?? "")])
    tables.append(summary)

    if !outOfRange.isEmpty {
      var t = ReportTable(id: "quality_out_of_range\(key)", title: "Out-of-range values\(suffix)",
                          columns: [ReportColumn("file"), ReportColumn("line", .integer),
                                    ReportColumn("item"), ReportColumn("value"), ReportColumn("allowed")])
      for o in outOfRange {
        t.append([.text(o.source.file), .integer(o.source.line), .text(o.item), .text(o.value), .text(o.allowed)])
      }
      tables.append(t)
    }
    if !duplicates.isEmpty {
      var t = ReportTable(id: "quality_duplicates\(key)", title: "Duplicate respondent ids\(suffix)",
                          columns: [ReportColumn("respondent"), ReportColumn("rows", .integer), ReportColumn("locations")])
      for d in duplicates { t.append([.text(d.respondent), .integer(d.sources.count), .text(d.sources.map(\.location).joined(separator: ", "))]) }
      tables.append(t)
    }
    if !unknownRegions.isEmpty {
      var t = ReportTable(id: "quality_unknown_regions\(key)", title: "Region keys not in the region table\(suffix)",
                          columns: [ReportColumn("variable"), ReportColumn("key"), ReportColumn("rows", .integer), ReportColumn("first")])
      for u in unknownRegions { t.append([.text(u.variable), .text(u.key), .integer(u.count), .text(u.first.location)]) }
      tables.append(t)
    }
    if !straightLiners.isEmpty {
      var t = ReportTable(id: "quality_straightlining\(key)", title: "Straight-lining (identical answers over a whole block)\(suffix)",
                          columns: [ReportColumn("location"), ReportColumn("block"), ReportColumn("value", .number, digits: 0)])
      for s in straightLiners { t.append([.text(s.source.location), .text(s.block), .number(s.value)]) }
      tables.append(t)
    }

    var comp = ReportTable(id: "quality_completeness\(key)", title: "Completeness per respondent\(suffix)",
                           columns: [ReportColumn("items answered"), ReportColumn("respondents", .integer), ReportColumn("pct", .number, digits: 1)])
    let bands: [(String, (Double) -> Bool)] = [
      ("100 %", { $0 >= 1 }), ("90–99 %", { $0 >= 0.9 && $0 < 1 }), ("75–89 %", { $0 >= 0.75 && $0 < 0.9 }),
      ("50–74 %", { $0 >= 0.5 && $0 < 0.75 }), ("< 50 %", { $0 < 0.5 }),
    ]
    for (label, test) in bands {
      let n = completeness.filter(test).count
      comp.append([.text(label), .integer(n), .value(rows == 0 ? .nan : 100 * Double(n) / Double(rows))])
    }
    tables.append(comp)
    return tables
  }

  func missingColumns() -> [String] {
    var names: [String] = []
    for c in items { for m in c.missingByCode { let n = missingColumnName(m.code, m.label); if !names.contains(n) { names.append(n) } } }
    return names
  }

  func missingColumnName(_ code: Double, _ label: String) -> String {
    "missing \(formatNumber(code))" + (label.isEmpty ? "" : " (\(label))")
  }
}

extension Array where Element == WaveQuality {
  /// The whole quality report of a study.
  public func report(study: Study) -> Report {
    Report(title: "Data-quality report: \(study.title)",
           banner: study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil,
           tables: flatMap { $0.reportTables() })
  }

  /// All warnings of all waves.
  public var warnings: [String] { flatMap(\.warnings) }
}

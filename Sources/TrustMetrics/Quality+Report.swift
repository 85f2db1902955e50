/// Glue: data-quality reports as report tables. Rows are located by file and line (cells by
/// file:line:column); respondent ids appear only for case-level findings (duplicates,
/// straight-lining) that the data owner must find. No answers other than the offending cell appear; no other
/// report lists respondent-level data.
extension WaveQuality {
  /// The tables of this wave's quality report.
  public func reportTables() -> [ReportTable] {
    let suffix = wave.map { " — wave \($0)" } ?? ""
    let key = wave.map { "_\($0)" } ?? ""
    let notAsked = self.items.contains { $0.notAsked > 0 }
    let fileMissing = self.items.contains { $0.fileMissing > 0 }
    let undecodable = self.items.contains { $0.undecodable > 0 }
    var items = ReportTable(
      id: "quality_items\(key)", title: "Item quality\(suffix) (\(rows) rows)",
      columns: [ReportColumn("item"), ReportColumn("valid", .integer), ReportColumn("blank", .integer)]
        + (notAsked ? [ReportColumn("not_asked", .integer)] : [])
        + missingColumns().map { ReportColumn($0, .integer) }
        + (fileMissing ? [ReportColumn("missing (file)", .integer)] : [])
        + [ReportColumn("out_of_range", .integer)] + (undecodable ? [ReportColumn("of which text", .integer)] : [])
        + [ReportColumn("valid_pct", .number, digits: 1)])
    for c in self.items {
      var row: [Cell] = [.text(c.item), .integer(c.valid), .integer(c.blank)]
      if notAsked { row.append(.integer(c.notAsked)) }
      var byLabel = Dictionary(c.missingByCode.map { (missingColumnName($0.code, $0.label), $0.count) }, uniquingKeysWith: +)
      for t in c.missingByText { byLabel[missingTextColumnName(t.text), default: 0] += t.count }
      row += missingColumns().map { .integer(byLabel[$0] ?? 0) }
      if fileMissing { row.append(.integer(c.fileMissing)) }
      row.append(.integer(c.outOfRange))
      if undecodable { row.append(.integer(c.undecodable)) }
      row.append(.value(rows == 0 ? .nan : 100 * Double(c.valid) / Double(rows)))
      items.append(row)
    }
    if notAsked { items.notes.append("not_asked: rows of files whose wave did not ask the item (not_asked: in the codebook); they are not missing answers") }
    if fileMissing { items.notes.append("missing (file): user-missing values declared in the data file (SPSS) that the codebook does not list; treated as missing") }
    var tables = [items]

    var summary = ReportTable(id: "quality_summary\(key)", title: "Checks\(suffix)",
                              columns: [ReportColumn("check"), ReportColumn("count", .integer), ReportColumn("first occurrence")])
    summary.append([.text("out-of-range values"), .integer(max(outOfRangeTotal, outOfRange.count)),
                    .text(outOfRange.first.map { "\($0.location) \($0.item) = '\($0.value)'" } ?? "")])
    summary.append([.text("duplicate respondent ids"), .integer(duplicates.count),
                    .text(duplicates.first.map { "'\($0.respondent)' at \($0.sources.map(\.location).joined(separator: ", "))" } ?? "")])
    summary.append([.text("region keys not in the region table"), .integer(unknownRegions.count),
                    .text(unknownRegions.first.map { "\($0.variable) = '\($0.key)' at \($0.first.location)" } ?? "")])
    summary.append([.text("straight-lining respondents"), .integer(straightLiners.count),
                    .text(straightLiners.first.map { "'\($0.respondent)' at \($0.source.location) block \($0.block)" } ?? "")])
    summary.append([.text("wave column disagrees with file"), .integer(waveMismatches.count),
                    .text(waveMismatches.first.map { "\($0.source.location) '\($0.found)'" } ?? "")])
    tables.append(summary)

    if !outOfRange.isEmpty {
      var t = ReportTable(id: "quality_out_of_range\(key)", title: "Out-of-range values\(suffix)",
                          columns: [ReportColumn("location"), ReportColumn("item"), ReportColumn("value"), ReportColumn("allowed")])
      for o in outOfRange {
        t.append([.text(o.location), .text(o.item), .text(o.value), .text(o.allowed)])
      }
      let perItem = Dictionary(grouping: outOfRange, by: \.item).mapValues(\.count)
      for c in self.items where c.outOfRange > (perItem[c.item] ?? 0) {
        t.notes.append("\(c.item): \(c.outOfRange) out-of-range cells in all, the first \(WaveQuality.listedPerItem) listed")
      }
      t.notes.append("location = file:line:column")
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
      // One note per finding: "variable: head", then each part (RegionResolver.diagnose's form).
      for (variable, hint) in regionHints.sorted(by: { $0.key < $1.key }) {
        guard let colon = hint.range(of: ": ") else {
          t.notes.append("\(variable): \(hint)")
          continue
        }
        t.notes.append("\(variable): \(hint[..<colon.lowerBound])")
        t.notes += hint[colon.upperBound...].components(separatedBy: "; ")
      }
      tables.append(t)
    }
    if !straightLiners.isEmpty {
      var t = ReportTable(id: "quality_straightlining\(key)", title: "Straight-lining (identical answers over a whole block)\(suffix)",
                          columns: [ReportColumn("location"), ReportColumn("respondent"), ReportColumn("block"), ReportColumn("value", .number, digits: 0)])
      for s in straightLiners { t.append([.text(s.source.location), .text(s.respondent), .text(s.block), .number(s.value)]) }
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
    for c in items {
      for m in c.missingByCode { let n = missingColumnName(m.code, m.label); if !names.contains(n) { names.append(n) } }
      for m in c.missingByText { let n = missingTextColumnName(m.text); if !names.contains(n) { names.append(n) } }
    }
    return names
  }

  func missingTextColumnName(_ text: String) -> String {
    text.isEmpty ? "missing (blank)" : "missing '\(text)'"
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

extension CaseSelectionReport {
  /// Rows read, and per rule the rows it looked at and dropped (or flagged).
  public func reportTable() -> ReportTable {
    var t = ReportTable(id: "quality_cases", title: "Case selection (\(rowsRead) rows read, \(rowsKept) kept)",
                        columns: [ReportColumn("rule"), ReportColumn("applies to"), ReportColumn("rows", .integer),
                                  ReportColumn("dropped", .integer), ReportColumn("written at")])
    for r in rules {
      t.append([.text(r.rule), .text(r.file ?? "all files"), .integer(r.considered), r.flagOnly ? .text("flagged \(r.dropped)") : .integer(r.dropped),
                .text(r.origin)])
    }
    if mode == .all { t.notes.append("--cases all: the codebook's \(declaredRules) case rule(s) are not applied") }
    t.notes.append("rules run in the order listed, each on the rows the earlier ones kept; --dropped FILE lists the dropped rows")
    return t
  }
}

extension LoadReport {
  /// Problems found while reading (beyond the per-wave quality report): header row counts,
  /// value-label conflicts with the codebook, non-numeric cells in numeric columns.
  public func reportTables() -> [ReportTable] {
    var tables: [ReportTable] = []
    if !rowCountNotes.isEmpty {
      var t = ReportTable(id: "quality_row_counts", title: "Header row counts that disagree with the data",
                          columns: [ReportColumn("file"), ReportColumn("declared", .integer), ReportColumn("rows in the file", .integer)])
      for n in rowCountNotes { t.append([.text(n.file), .integer(n.declared), .integer(n.found)]) }
      t.notes.append("every row the file holds was read")
      tables.append(t)
    }
    if !labelConflicts.isEmpty {
      var t = ReportTable(id: "quality_label_conflicts", title: "Value labels: data file vs codebook",
                          columns: [ReportColumn("file"), ReportColumn("column"), ReportColumn("item"), ReportColumn("code"),
                                    ReportColumn("label in the file"), ReportColumn("label in the codebook")])
      for c in labelConflicts {
        t.append([.text(c.file), .text(c.column), .text(c.item), .text(formatNumber(c.code)), .text(c.fileLabel), .text(c.codebookLabel ?? "(no such code)")])
      }
      t.notes.append("the codebook's labels are used; a code the scale does not have is out of range")
      tables.append(t)
    }
    if !columnProblems.isEmpty {
      var t = ReportTable(id: "quality_numeric_columns", title: "Cells of numeric columns that are not numbers",
                          columns: [ReportColumn("location"), ReportColumn("column"), ReportColumn("role"), ReportColumn("value")])
      for p in columnProblems { t.append([.text(p.location), .text(p.name), .text(p.role), .text(p.value)]) }
      for (name, count) in columnProblemCounts.sorted(by: { $0.key < $1.key }) where count > columnProblems.filter({ $0.name == name }).count {
        t.notes.append("\(name): \(count) such cells in all, the first 20 listed")
      }
      t.notes.append("treated as missing; location = file:line:column")
      tables.append(t)
    }
    return tables
  }

}

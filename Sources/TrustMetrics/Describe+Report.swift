extension Array where Element == ItemSummary {
  /// A describe table: one row per item and group, with n, mean, SD, median, missing share
  /// and the percentage of each valid code.
  ///
  /// Disclosure control: a row whose group has fewer than `minimumCellSize` valid answers shows
  /// no number at all (every statistic, n included, is `.suppressed`), so a small region's
  /// answers cannot be read off the table. There are no totals in this table, so no secondary
  /// suppression is needed.
  public func reportTable(study: Study, groupName: String, minimumCellSize: Int = 5) -> ReportTable {
    let codes = first?.frequencies.map(\.code) ?? []
    let sameCodes = allSatisfy { $0.frequencies.map(\.code) == codes }
    var columns = [ReportColumn(groupName), ReportColumn("item"), ReportColumn("n", .integer), ReportColumn("mean", .number, digits: 2),
                   ReportColumn("sd", .number, digits: 2), ReportColumn("median", .number, digits: 1), ReportColumn("missing_pct", .number, digits: 1)]
    if sameCodes { columns += codes.map { ReportColumn("pct_\(formatNumber($0))", .number, digits: 1) } }
    var t = ReportTable(id: "describe_items", title: "Item distributions by \(groupName)", columns: columns)
    for s in self {
      if s.moments.count < minimumCellSize || s.rows < minimumCellSize {
        t.append([.text(s.groupLabel), .text(s.item)] + [Cell](repeating: .suppressed, count: columns.count - 2))
        continue
      }
      var row: [Cell] = [.text(s.groupLabel), .text(s.item), .integer(s.moments.count), .value(s.moments.count > 0 ? s.moments.mean : .nan),
                         .value(s.moments.standardDeviation), .value(s.median), .value(100 * s.missingShare)]
      if sameCodes {
        row += s.frequencies.map { .value(s.moments.count == 0 ? .nan : 100 * Double($0.count) / Double(s.moments.count)) }
      }
      t.append(row)
    }
    t.notes = ["n = valid answers; sd with denominator n − 1; pct_k = share of valid answers with code k; missing = blank, missing codes and out-of-range; unweighted"]
    if t.rows.contains(where: { $0.contains(.suppressed) }) {
      t.notes.append("▪ = suppressed: fewer than \(minimumCellSize) valid answers in the group (disclosure control)")
    }
    return t
  }
}

/// How a reliability confidence interval is computed.
public enum ReliabilityInterval: String, Sendable, CaseIterable {
  /// Feldt (1987), F-distribution interval, as printed by psych::alpha.
  case feldt
  /// Percentile bootstrap over respondents (seeded).
  case bootstrap
}

/// Reliability of every scale of a study (or of the selected ones).
public enum StudyReliability {
  /// Cronbach's α per scale on the analysable item values, keys from the codebook. `.fail`
  /// refuses any missing answer, naming the respondent and item.
  public static func alpha(_ data: StudyData, scales: [Scale], rows: [Int]? = nil,
                           options: ReliabilityOptions) throws -> [CronbachAlpha] {
    try scales.map { scale in
      try data.requireValidValues(scale.items, rows: rows)
      guard let (m, keys) = data.scaleMatrix(scale, rows: rows) else {
        throw IngestError.missingColumn(file: data.study.path, column: scale.items.joined(separator: ","), role: "scale \(scale.id)", available: [])
      }
      if options.missing == .fail { try MissingItemValueError.check(m, data: data, items: scale.items, rows: rows) }
      return try cronbachAlpha(m, keys: keys, itemNames: scale.items, options: options)
    }
  }
}

extension Array where Element == CronbachAlpha {
  /// One row per scale: α (raw, standardised), λ6, average and median r, S/N, ASE, mean, SD,
  /// the chosen interval, as psych::alpha prints them.
  public func summaryTable(scales: [Scale], interval: ReliabilityInterval) -> ReportTable {
    var t = ReportTable(
      id: "reliability", title: "Reliability (Cronbach's α) per scale",
      columns: [ReportColumn("scale"), ReportColumn("items", .integer), ReportColumn("n", .integer),
                ReportColumn("raw_alpha", .number), ReportColumn("std_alpha", .number), ReportColumn("G6_smc", .number),
                ReportColumn("average_r", .number), ReportColumn("median_r", .number), ReportColumn("S/N", .number, digits: 2),
                ReportColumn("ase", .number), ReportColumn("mean", .number, digits: 2), ReportColumn("sd", .number, digits: 2),
                ReportColumn("ci_lower", .number), ReportColumn("ci_upper", .number)])
    for (scale, a) in zip(scales, self) {
      let ci = interval == .bootstrap ? (a.bootstrap?.interval ?? a.feldt) : a.feldt
      t.append([.text(scale.id), .integer(a.items.count), .integer(a.observationCount), .value(a.rawAlpha), .value(a.standardizedAlpha),
                .value(a.guttmanLambda6), .value(a.averageR), .value(a.medianR), .value(a.signalToNoise), .value(a.standardError),
                .value(a.mean), .value(a.standardDeviation), .value(ci.lower), .value(ci.upper)])
    }
    let level = first.map { Int(($0.feldt.level * 100).rounded()) } ?? 95
    let how = interval == .bootstrap ? "percentile bootstrap over respondents" : "Feldt (1987), as psych::alpha"
    let policy = first?.missingPolicy.rawValue ?? "pairwise"
    t.notes = ["\(level) % interval: \(how); missing data: \(policy); reverse-keyed items reflected as psych does (max + min − x over the scale's items)",
               "checked against R psych::alpha (see Notebooks-md/02-reliability-and-factors.md)"]
    return t
  }
}

extension CronbachAlpha {
  /// Item statistics and α if an item is deleted (psych's `item.stats` and `alpha.drop`).
  public func itemTables(scale: Scale) -> [ReportTable] {
    var drop = ReportTable(
      id: "alpha_drop_\(scale.id)", title: "\(scale.id): reliability if an item is dropped",
      columns: [ReportColumn("item"), ReportColumn("raw_alpha", .number), ReportColumn("std_alpha", .number), ReportColumn("G6_smc", .number),
                ReportColumn("average_r", .number), ReportColumn("S/N", .number, digits: 2), ReportColumn("alpha_se", .number),
                ReportColumn("var_r", .number, digits: 4), ReportColumn("med_r", .number)])
    for d in alphaIfDeleted {
      drop.append([.text(d.item), .value(d.rawAlpha), .value(d.standardizedAlpha), .value(d.guttmanLambda6), .value(d.averageR),
                   .value(d.signalToNoise), .value(d.standardError), .value(d.varianceOfR), .value(d.medianR)])
    }
    var stats = ReportTable(
      id: "item_stats_\(scale.id)", title: "\(scale.id): item statistics",
      columns: [ReportColumn("item"), ReportColumn("key", .integer), ReportColumn("n", .integer), ReportColumn("raw_r", .number),
                ReportColumn("std_r", .number), ReportColumn("r_cor", .number), ReportColumn("r_drop", .number),
                ReportColumn("mean", .number, digits: 2), ReportColumn("sd", .number, digits: 2)])
    for (s, k) in zip(itemStatistics, keys) {
      stats.append([.text(s.item), .integer(k), .integer(s.count), .value(s.rawR), .value(s.standardizedR), .value(s.correctedR),
                    .value(s.dropR), .value(s.mean), .value(s.standardDeviation)])
    }
    var tables = [drop, stats]
    if let f = responseFrequencies {
      var freq = ReportTable(id: "response_freq_\(scale.id)", title: "\(scale.id): response frequencies (share of valid answers)",
                             columns: [ReportColumn("item")] + f.categories.map { ReportColumn(formatNumber($0), .number, digits: 2) }
                               + [ReportColumn("miss", .number, digits: 2)])
      for (i, item) in items.enumerated() {
        freq.append([.text(item)] + (0..<f.categories.count).map { .value(f.proportions[i, $0]) } + [.value(f.missing[i])])
      }
      tables.append(freq)
    }
    return tables
  }
}

extension Omega {
  /// ω hierarchical, ω total, ω limit, α, λ6, ECV and psych's `omega.group` table.
  public func reportTables(items: [String]) -> [ReportTable] {
    var t = ReportTable(id: "omega", title: "McDonald's ω (Schmid–Leiman, \(factorCount) group factors, \(items.count) items)",
                        columns: [ReportColumn("statistic"), ReportColumn("value", .number)])
    t.append([.text("omega_h"), .value(omegaHierarchical)])
    t.append([.text("omega_total"), .value(omegaTotal)])
    t.append([.text("omega_limit"), .value(omegaLimit)])
    t.append([.text("alpha"), .value(alpha)])
    t.append([.text("G6"), .value(lambda6)])
    t.append([.text("ECV"), .value(explainedCommonVariance)])
    t.notes = ["as psych::omega (minres, oblimin, Schmid–Leiman); items with a negative general loading are reversed: " +
               (zip(items, key).filter { $0.1 < 0 }.map(\.0).joined(separator: ", ").nilIfEmpty ?? "none")]
    var g = ReportTable(id: "omega_group", title: "ω per group factor (psych omega.group)",
                        columns: [ReportColumn("factor"), ReportColumn("items"), ReportColumn("total", .number),
                                  ReportColumn("general", .number), ReportColumn("group", .number)])
    for (i, row) in groups.enumerated() {
      g.append([.text(i == 0 ? "g" : "F\(i)*"), .text(i == 0 ? "all" : row.items.map { items[$0] }.joined(separator: " ")),
                .value(row.total), .value(row.general), .value(row.group)])
    }
    return [t, g]
  }
}

extension String {
  var nilIfEmpty: String? { isEmpty ? nil : self }
}

/// Ordinal α (Zumbo, Gadermann & Zeisser 2007): the standardised α formula on the polychoric
/// correlation matrix of a scale's keyed items, α = k·r̄/(1 + (k − 1)·r̄), r̄ the mean off-diagonal
/// polychoric correlation (psych: `alpha(polychoric(x)$rho)$total$std.alpha`).
public struct OrdinalAlpha: Sendable {
  public var scale: Scale
  public var alpha: Double
  public var averageR: Double

  public static func compute(_ data: StudyData, scale: Scale, rows: [Int]? = nil) throws -> OrdinalAlpha {
    guard let m = data.itemMatrix(scale.items, rows: rows) else {
      throw IngestError.missingColumn(file: data.study.path, column: scale.id, role: "scale", available: [])
    }
    var r = try polychoric(m).correlation
    let k = scale.items.count
    for i in 0..<k { for j in 0..<k where scale.keys[i] * scale.keys[j] < 0 { r[i, j] = -r[i, j] } }
    var sum = 0.0
    for i in 0..<k { for j in 0..<k where i != j { sum += r[i, j] } }
    let rbar = sum / Double(k * (k - 1))
    return OrdinalAlpha(scale: scale, alpha: Double(k) * rbar / (1 + Double(k - 1) * rbar), averageR: rbar)
  }
}

extension Array where Element == OrdinalAlpha {
  public func reportTable() -> ReportTable {
    var t = ReportTable(id: "ordinal_alpha", title: "Ordinal α (on polychoric correlations)",
                        columns: [ReportColumn("scale"), ReportColumn("items", .integer), ReportColumn("ordinal_alpha", .number), ReportColumn("average_r", .number)])
    for a in self { t.append([.text(a.scale.id), .integer(a.scale.items.count), .value(a.alpha), .value(a.averageR)]) }
    t.notes = ["standardised α on the polychoric matrix of the keyed items (Zumbo, Gadermann & Zeisser 2007); as psych::alpha(polychoric(x)$rho)"]
    return t
  }
}

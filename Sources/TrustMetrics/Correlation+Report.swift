/// The correlation coefficients the `correlate` command offers.
public enum CorrelationChoice: String, Sendable, CaseIterable {
  case pearson, spearman, kendall, polychoric
}

/// A correlation matrix of study items with the number of pairs behind each entry, the
/// factorability checks (KMO, Bartlett) and, for polychoric correlations, whether psych's
/// `cor.smooth` was needed.
public struct ItemCorrelations: Sendable {
  public var items: [String]
  public var method: CorrelationChoice
  public var missing: MissingPolicy
  public var correlation: Matrix
  public var pairCounts: Matrix?
  public var observationCount: Int
  public var kmo: KaiserMeyerOlkin?
  public var bartlett: BartlettSphericity?
  public var smoothed: Bool
  /// Design-weighted (the codebook's weights).
  public var weighted: Bool = false

  /// Computes the correlations of `itemIDs` (columns of `data.items`) on `rows`; `weighted` uses
  /// the design-weighted Pearson correlation (complete cases).
  public static func compute(_ data: StudyData, items itemIDs: [String], rows: [Int]? = nil, method: CorrelationChoice,
                             missing: MissingPolicy, weighted: Bool = false) throws -> ItemCorrelations {
    if weighted {
      let w = try WeightedPsychometrics.correlation(data, items: itemIDs, rows: rows ?? Array(0..<data.rowCount))
      return ItemCorrelations(items: itemIDs, method: .pearson, missing: .listwise, correlation: w.correlation, pairCounts: nil,
                              observationCount: w.count, kmo: try? kaiserMeyerOlkin(w.correlation),
                              bartlett: try? bartlettSphericity(w.correlation, observationCount: w.count), smoothed: false, weighted: true)
    }
    guard let x = data.itemMatrix(itemIDs, rows: rows) else {
      throw IngestError.missingColumn(file: data.study.path, column: itemIDs.joined(separator: ","), role: "items", available: [])
    }
    var r: Matrix
    var counts: Matrix? = nil
    var smoothed = false
    switch method {
    case .pearson, .spearman, .kendall:
      let m: CorrelationMethod = method == .pearson ? .pearson : method == .spearman ? .spearman : .kendall
      let c = try Statistics.correlation(x, method: m, missing: missing)
      r = c.correlation
      counts = c.pairCounts
    case .polychoric:
      let p = try polychoric(x)
      r = p.correlation
      counts = p.pairCounts
      smoothed = p.wasSmoothed
    }
    let complete = (0..<x.rows).filter { i in (0..<x.columns).allSatisfy { !x[i, $0].isNaN } }.count
    let n = missing == .listwise ? complete : x.rows
    let kmo = try? kaiserMeyerOlkin(r)
    let bartlett = try? bartlettSphericity(r, observationCount: n)
    return ItemCorrelations(items: itemIDs, method: method, missing: missing, correlation: r, pairCounts: counts,
                            observationCount: n, kmo: kmo, bartlett: bartlett, smoothed: smoothed)
  }

  /// The correlation matrix, KMO per item, and the factorability summary.
  public func reportTables() -> [ReportTable] {
    var t = ReportTable(id: "correlation", title: "\(weighted ? "Design-weighted " : "")\(method.rawValue.capitalized) correlations (\(missing.rawValue))",
                        columns: [ReportColumn("item")] + items.map { ReportColumn($0, .number) })
    for i in items.indices {
      t.append([.text(items[i])] + items.indices.map { .value(correlation[i, $0]) })
    }
    if let c = pairCounts {
      let offDiagonal = items.indices.flatMap { i in items.indices.filter { $0 != i }.map { c[i, $0] } }
      t.notes.append("pairwise n from \(Int(offDiagonal.min() ?? 0)) to \(Int(offDiagonal.max() ?? 0))")
    }
    if smoothed { t.notes.append("the polychoric matrix was not positive definite and was smoothed as psych::cor.smooth") }
    var f = ReportTable(id: "factorability", title: "Factorability",
                        columns: [ReportColumn("statistic"), ReportColumn("value", .number), ReportColumn("df", .number, digits: 0),
                                  ReportColumn("p", .number, digits: 4)])
    if let kmo { f.append([.text("KMO (overall MSA)"), .value(kmo.overall), .missing, .missing]) }
    if let b = bartlett {
      f.append([.text("Bartlett's test of sphericity χ²"), .value(b.chiSquare), .value(b.degreesOfFreedom), .value(b.pValue)])
    }
    f.notes = ["KMO as psych::KMO; Bartlett as psych::cortest.bartlett with n = \(observationCount)"]
    var tables = [t, f]
    if let kmo {
      var per = ReportTable(id: "kmo_items", title: "KMO per item (MSA)", columns: [ReportColumn("item"), ReportColumn("MSA", .number)])
      for (i, item) in items.enumerated() { per.append([.text(item), .value(kmo.items[i])]) }
      tables.append(per)
    }
    return tables
  }
}

/// Survey-weighted psychometrics: α with a design-based SE (R survey `svycralpha` for the point
/// estimate; Taylor-linearised SE), the weighted correlation matrix (listwise or pairwise; one
/// weighted cross-product) and, through `ItemCorrelations.compute(weighted: true)`, weighted
/// polychoric correlations and ω. With unit weights the correlations reproduce the unweighted ones
/// bit for bit (tested in PsychometricsTests `WeightedCorrelationTests`).
public enum WeightedPsychometrics {
  /// The keyed item matrix of a scale: reverse-keyed items reflected as min + max − x of their
  /// response scale.
  static func keyed(_ data: StudyData, scale: Scale, rows: [Int]) -> Matrix? {
    guard var m = data.itemMatrix(scale.items, rows: rows) else { return nil }
    for (j, item) in scale.items.enumerated() where scale.keys[j] < 0 {
      let rs = data.study.item(item).flatMap { data.study.responseScale(of: $0) }
      let lo = rs?.minimum ?? 1, hi = rs?.maximum ?? 5
      for i in 0..<m.rows where !m[i, j].isNaN { m[i, j] = lo + hi - m[i, j] }
    }
    return m
  }

  /// Design-weighted α per scale (complete cases), with its Taylor SE; `.fail` refuses any missing answer.
  public static func alpha(_ data: StudyData, scales: [Scale], rows: [Int], missing: MissingPolicy = .listwise) throws -> [(scale: Scale, n: Int, alpha: DesignEstimate)] {
    let design = try StudyEstimation.design(data, rows: rows)
    return try scales.map { s in
      guard let m = keyed(data, scale: s, rows: rows) else { throw IngestError.missingColumn(file: data.study.path, column: s.id, role: "scale", available: []) }
      if missing == .fail { try MissingItemValueError.check(m, data: data, items: s.items, rows: rows) }
      let n = completeRows(m).count
      return (s, n, try design.cronbachAlpha(m))
    }
  }

  /// The design-weighted Pearson correlation of `items` (complete cases, or pairwise).
  public static func correlation(_ data: StudyData, items: [String], rows: [Int], missing: MissingPolicy = .listwise) throws -> WeightedCorrelation {
    guard let x = data.itemMatrix(items, rows: rows) else { throw IngestError.missingColumn(file: data.study.path, column: items.joined(separator: ","), role: "items", available: []) }
    let w = data.weights(rows: rows) ?? [Double](repeating: 1, count: rows.count)
    return try weightedCorrelation(x, weights: w, missing: missing)
  }

  public static func alphaTable(_ results: [(scale: Scale, n: Int, alpha: DesignEstimate)], note: String) -> ReportTable {
    var t = ReportTable(id: "weighted_alpha", title: "Design-weighted Cronbach's α",
                        columns: [ReportColumn("scale"), ReportColumn("items", .integer), ReportColumn("n", .integer), ReportColumn("alpha", .number),
                                  ReportColumn("se", .number, digits: 4), ReportColumn("ci95_lower", .number), ReportColumn("ci95_upper", .number)])
    for r in results {
      let ci = r.alpha.confidenceInterval(level: 0.95)
      t.append([.text(r.scale.id), .integer(r.scale.items.count), .integer(r.n), .value(r.alpha.estimate), .value(r.alpha.standardError), .value(ci.lower), .value(ci.upper)])
    }
    t.notes = [note, "α as R survey::svycralpha (complete cases, design weights); SE by Taylor linearisation of α as a function of weighted moments (R gives none)"]
    return t
  }
}

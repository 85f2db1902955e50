/// The correlation coefficients the `correlate` command offers.
public enum CorrelationChoice: String, Sendable, CaseIterable {
  case pearson, spearman, kendall, polychoric
}

/// `--missing fail` found a missing answer: names the respondent (its id and row) and the item.
public struct MissingItemValueError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The study file.
  public var file: String
  /// Respondent id and 1-based row among the analysed rows.
  public var respondent: String
  public var row: Int
  /// The item without an answer.
  public var item: String

  public var description: String {
    "\(file): respondent '\(respondent)' (row \(row)) has no valid answer for item '\(item)'; --missing fail allows no missing values (use --missing pairwise or listwise)"
  }

  /// Throws for the first missing value of `x` in row order (the rows `rows` of `data`).
  static func check(_ x: Matrix, data: StudyData, items: [String], rows: [Int]?) throws(MissingItemValueError) {
    for i in 0..<x.rows {
      for j in 0..<x.columns where x[i, j].isNaN {
        let dataRow = rows?[i] ?? i
        throw MissingItemValueError(file: data.study.path, respondent: data.respondentIDs[dataRow], row: i + 1, item: items[j])
      }
    }
  }
}

/// A correlation matrix of study items with the number of pairs behind each entry, the
/// per-pair tests (R `cor.test`) with adjusted p-values (psych::corr.test), the factorability
/// checks (KMO, Bartlett) and, for polychoric correlations, whether psych's `cor.smooth` was needed.
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
  /// Per-pair tests; nil for polychoric and design-weighted correlations (no `cor.test` analogue).
  public var tests: CorrelationTestTable? = nil
  /// Confidence level of the tests' intervals.
  public var level: Double = 0.95

  /// Computes the correlations of `itemIDs` (columns of `data.items`) on `rows`; `weighted` uses
  /// the codebook's design weights (Pearson pairwise or listwise, or polychoric). `.fail` refuses
  /// any missing answer, naming the respondent and item. With `tests`, unweighted Pearson,
  /// Spearman and Kendall correlations also get per-pair tests (see
  /// ``pairTests(_:method:correlation:counts:adjustment:level:)``).
  public static func compute(_ data: StudyData, items itemIDs: [String], rows: [Int]? = nil, method: CorrelationChoice,
                             missing: MissingPolicy, weighted: Bool = false, adjustment: PValueAdjustment = .holm,
                             level: Double = 0.95, tests: Bool = true) throws -> ItemCorrelations {
    try data.requireValidValues(itemIDs, rows: rows)
    guard let x = data.itemMatrix(itemIDs, rows: rows) else {
      throw IngestError.missingColumn(file: data.study.path, column: itemIDs.joined(separator: ","), role: "items", available: [])
    }
    if missing == .fail { try MissingItemValueError.check(x, data: data, items: itemIDs, rows: rows) }
    let weights: [Double]? = weighted ? (data.weights(rows: rows ?? Array(0..<data.rowCount)) ?? [Double](repeating: 1, count: x.rows)) : nil
    var r: Matrix
    var counts: Matrix
    var smoothed = false
    let policy: MissingPolicy = missing == .fail ? .pairwise : missing  // .fail: no NaN left after the check
    // Rows without a missing item (only listwise needs them): one pass column by column.
    let complete: [Int] = policy == .listwise ? completeRows(x) : []
    switch method {
    case .pearson, .spearman, .kendall:
      let m: CorrelationMethod = method == .pearson ? .pearson : method == .spearman ? .spearman : .kendall
      let c = try Statistics.correlation(x, method: m, missing: policy, weights: weights)
      r = c.correlation
      counts = c.pairCounts
    case .polychoric:
      // Listwise: the complete rows only; pairwise: each pair's rows (psych's default).
      let sample = policy == .listwise ? x.submatrix(rows: complete, columns: 0..<x.columns) : x
      let w = policy == .listwise ? weights.map { w in complete.map { w[$0] } } : weights
      let p = try polychoric(sample, weights: w)
      r = p.correlation
      counts = p.pairCounts
      smoothed = p.wasSmoothed
    }
    let n = policy == .listwise ? complete.count : x.rows
    var result = ItemCorrelations(
      items: itemIDs, method: method, missing: missing, correlation: r, pairCounts: counts, observationCount: n,
      kmo: try? kaiserMeyerOlkin(r), bartlett: try? bartlettSphericity(r, observationCount: n), smoothed: smoothed,
      weighted: weighted, level: level)
    if tests && !weighted && method != .polychoric {
      let used = policy == .listwise ? x.submatrix(rows: complete, columns: 0..<x.columns) : x
      result.tests = try pairTests(used, method: method, correlation: r, counts: counts, adjustment: adjustment, level: level)
    }
    return result
  }

  /// The test of every pair as R `cor.test` on the pair's complete rows (two-sided), and the
  /// p-values adjusted over all pairs (R `p.adjust`; psych::corr.test's default Holm).
  ///
  /// - Pearson: t on n − 2 df from r and n, Fisher-z interval (Statistics `pearsonCorrelationTest`).
  /// - Spearman: S = (n³ − n)(1 − ρ)/6; exact p (R `prho`: enumeration n ≤ 9, AS 89 Edgeworth
  ///   series to n = 1290) when the pair has no ties, otherwise the t approximation (R's rule for
  ///   `exact = NULL`; R warns). No interval (cor.test gives none).
  /// - Kendall: exact null distribution of the concordant pairs T when n < 50 and no ties,
  ///   otherwise z with the tie-corrected variance. No interval.
  /// Spearman and Kendall use Ranking's `spearmanTest` / `kendallTest` (validated against R
  /// cor.test) on each pair's rows. psych::corr.test's own p for rank correlations is the Pearson
  /// t formula applied to ρ or τ; for Spearman with ties (every Likert pair) that equals cor.test's,
  /// for Kendall it does not, and the cor.test p is the one adjusted here. Polychoric correlations
  /// have no test (psych gives none): nil.
  public static func pairTests(_ x: Matrix, method: CorrelationChoice, correlation r: Matrix, counts: Matrix,
                               adjustment: PValueAdjustment, level: Double) throws -> CorrelationTestTable? {
    switch method {
    case .polychoric:
      return nil
    case .pearson:
      return CorrelationTestTable(variables: x.columns, adjustment: adjustment) { j, k in
        pearsonCorrelationTest(r: r[j, k], count: Int(counts[j, k]), level: level)
      }
    case .spearman, .kendall:
      return CorrelationTestTable(variables: x.columns, adjustment: adjustment) { j, k in
        let rows = (0..<x.rows).filter { !x[$0, j].isNaN && !x[$0, k].isNaN }
        guard rows.count >= 3 else { return nil }
        let a = rows.map { x[$0, j] }, b = rows.map { x[$0, k] }
        guard let t = try? (method == .spearman ? spearmanTest(a, b, level: level) : kendallTest(a, b, level: level)) else { return nil }
        let kind: CorrelationTestStatistic = method == .spearman ? .s : (t.pValueMethod == .exact ? .concordantPairs : .z)
        return CorrelationTest(
          estimate: t.estimate, count: t.count, statistic: t.statistic, statisticKind: kind, degreesOfFreedom: nil,
          pValue: t.pValue, pValueMethod: t.pValueMethod == .exact ? .exact : .asymptotic, interval: nil)
      }
    }
  }

  /// The correlation matrix, the p-value matrix (psych layout), KMO per item, the factorability
  /// summary and, with `includePairs`, the long table of every pair's test.
  public func reportTables(includePairs: Bool = false) -> [ReportTable] {
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
    if weighted {
      t.notes.append(method == .polychoric
        ? "design-weighted polychoric correlations as psych::polychoric(weight =): weighted tables, unweighted thresholds"
        : "design-weighted Pearson correlations (R survey svyvar on each \(missing == .listwise ? "complete row" : "pair's rows")); no significance tests (they would need design-based standard errors)")
    }
    var tables = [t]
    if let tests {
      tables.append(pValueTable(tests))
      if includePairs { tables.append(pairTable(tests)) }
    }
    var f = ReportTable(id: "factorability", title: "Factorability",
                        columns: [ReportColumn("statistic"), ReportColumn("value", .number), ReportColumn("df", .number, digits: 0),
                                  ReportColumn("p", .number, digits: 4)])
    if let kmo { f.append([.text("KMO (overall MSA)"), .value(kmo.overall), .missing, .missing]) }
    if let b = bartlett {
      f.append([.text("Bartlett's test of sphericity χ²"), .value(b.chiSquare), .value(b.degreesOfFreedom), .value(b.pValue)])
    }
    f.notes = ["KMO as psych::KMO; Bartlett as psych::cortest.bartlett with n = \(observationCount)"]
    tables.append(f)
    if let kmo {
      var per = ReportTable(id: "kmo_items", title: "KMO per item (MSA)", columns: [ReportColumn("item"), ReportColumn("MSA", .number)])
      for (i, item) in items.enumerated() { per.append([.text(item), .value(kmo.items[i])]) }
      tables.append(per)
    }
    return tables
  }

  /// psych::corr.test's p matrix: unadjusted below the diagonal, adjusted above.
  func pValueTable(_ tests: CorrelationTestTable) -> ReportTable {
    let m = tests.pValueMatrix
    var t = ReportTable(id: "correlation_p", title: "p-values (below the diagonal: unadjusted; above: \(tests.adjustment.rawValue)-adjusted)",
                        columns: [ReportColumn("item")] + items.map { ReportColumn($0, .number, digits: 4) })
    for i in items.indices {
      t.append([.text(items[i])] + items.indices.map { $0 == i ? .missing : .value(m[i, $0]) })
    }
    t.notes = [pValueNote(tests), "layout of psych::corr.test; every pair's statistic, p and interval: --pairs (always in csv, tsv, json and xlsx)"]
    return t
  }

  func pValueNote(_ tests: CorrelationTestTable) -> String {
    switch method {
    case .pearson:
      return "two-sided t tests of each pair as R cor.test (t on n − 2 df); adjusted with p.adjust(\"\(tests.adjustment.rawValue)\") over the \(tests.pairs.count) pairs"
    case .spearman:
      let exact = tests.tests.filter { $0?.pValueMethod == .exact }.count
      return "two-sided tests as R cor.test(method = \"spearman\"): exact p for \(exact) pair(s) without ties (n < 1290), the t approximation for the \(tests.pairs.count - exact) with ties; adjusted with p.adjust(\"\(tests.adjustment.rawValue)\")"
    case .kendall:
      let exact = tests.tests.filter { $0?.pValueMethod == .exact }.count
      return "two-sided tests as R cor.test(method = \"kendall\"): exact p for \(exact) pair(s) without ties and n < 50, the tie-corrected normal approximation for the others; adjusted with p.adjust(\"\(tests.adjustment.rawValue)\")"
    case .polychoric:
      return ""
    }
  }

  /// One row per pair: n, r, statistic, df, p, adjusted p, interval.
  func pairTable(_ tests: CorrelationTestTable) -> ReportTable {
    let level = Int((self.level * 100).rounded())
    var t = ReportTable(id: "correlation_tests", title: "Correlation tests per pair (R cor.test)",
                        columns: [ReportColumn("item1"), ReportColumn("item2"), ReportColumn("n", .integer), ReportColumn("r", .number),
                                  ReportColumn("statistic_kind"), ReportColumn("statistic", .number), ReportColumn("df", .number, digits: 0),
                                  ReportColumn("p", .number, digits: 4), ReportColumn("p_adjusted", .number, digits: 4),
                                  ReportColumn("p_method"), ReportColumn("ci\(level)_lower", .number), ReportColumn("ci\(level)_upper", .number)])
    for (i, pair) in tests.pairs.enumerated() {
      let a = items[pair.first], b = items[pair.second]
      guard let test = tests.tests[i] else {
        t.append([.text(a), .text(b), .integer(Int(pairCounts?[pair.first, pair.second] ?? 0)), .value(correlation[pair.first, pair.second]),
                  .missing, .missing, .missing, .missing, .missing, .missing, .missing, .missing])
        continue
      }
      t.append([.text(a), .text(b), .integer(test.count), .value(correlation[pair.first, pair.second]), .text(test.statisticKind.rawValue),
                .value(test.statistic), test.degreesOfFreedom.map { .value($0) } ?? .missing, .value(test.pValue),
                .value(tests.adjustedPValues[i]), .text(test.pValueMethod.rawValue),
                test.interval.map { .value($0.lower) } ?? .missing, test.interval.map { .value($0.upper) } ?? .missing])
    }
    t.notes = [pValueNote(tests),
               method == .pearson ? "\(level) % interval: Fisher z, tanh(atanh(r) ∓ z/√(n − 3)), as cor.test" : "R cor.test gives no interval for rank correlations"]
    return t
  }
}

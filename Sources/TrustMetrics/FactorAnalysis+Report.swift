/// Extraction methods offered by the `factors` command (psych `fm` names, plus principal components).
public enum ExtractionChoice: String, Sendable, CaseIterable {
  case minres, ml, pa, pca
}

/// How the number of factors is chosen.
public enum FactorCountRule: Sendable, Equatable {
  case fixed(Int)
  /// psych::fa.parallel (simulated, Wishart-sampled correlation matrices).
  case parallel
  /// Velicer's MAP (psych::VSS `map`).
  case map
}

/// An exploratory factor analysis of study items, ready to report.
public struct ItemFactorAnalysis: Sendable {
  public var items: [String]
  public var correlationKind: CorrelationChoice
  public var extraction: ExtractionChoice
  public var rotation: Rotation
  public var observationCount: Int
  public var factorCount: Int
  public var parallel: ParallelAnalysis?
  public var map: VelicerMAP?
  public var factors: FactorAnalysis?
  public var components: PrincipalComponents?
  public var correlation: Matrix
  /// Whether the correlations rest on different numbers of rows per pair (pairwise missing data).
  public var pairCountsVary: Bool = false

  public var loadings: Matrix { factors?.loadings ?? components?.loadings ?? Matrix(rows: 0, columns: 0) }
  public var phi: Matrix? { factors?.phi ?? components?.phi }

  /// Runs the analysis on the pairwise correlation matrix of `items` (Pearson, Spearman, Kendall or
  /// polychoric; design-weighted Pearson or polychoric with `weighted`). As psych `fa()` given the
  /// data, the fit's residual statistics weight each residual by its pair count.
  public static func run(_ data: StudyData, items: [String], rows: [Int]? = nil, correlation kind: CorrelationChoice,
                         extraction: ExtractionChoice, rotation: Rotation, count: FactorCountRule,
                         iterations: Int = 20, seed: UInt64 = 20231, weighted: Bool = false) throws -> ItemFactorAnalysis {
    let corr = try ItemCorrelations.compute(data, items: items, rows: rows, method: kind, missing: .pairwise, weighted: weighted,
                                            tests: false)
    let r = corr.correlation
    let n = corr.observationCount
    let method: FactorMethod = extraction == .ml ? .maximumLikelihood : extraction == .pa ? .principalAxis : .minres
    var pa: ParallelAnalysis? = nil
    var map: VelicerMAP? = nil
    let k: Int
    switch count {
    case .fixed(let f): k = f
    case .parallel:
      let p = try ParallelAnalysis(correlation: r, observationCount: n, iterations: iterations, seed: seed, method: method)
      pa = p
      k = Swift.max(1, extraction == .pca ? p.suggestedComponents : p.suggestedFactors)
    case .map:
      let m = try VelicerMAP(correlation: r, maxFactors: Swift.min(8, items.count - 1))
      map = m
      k = Swift.max(1, m.suggestedComponents)
    }
    var result = ItemFactorAnalysis(items: items, correlationKind: kind, extraction: extraction, rotation: rotation,
                                    observationCount: n, factorCount: k, parallel: pa, map: map, correlation: r)
    if let c = corr.pairCounts { result.pairCountsVary = Set(c.elements).count > 1 }
    if extraction == .pca {
      result.components = try PrincipalComponents(correlation: r, components: k, observationCount: n, rotation: rotation)
    } else {
      result.factors = try FactorAnalysis(correlation: r, factors: k, observationCount: n, pairCounts: corr.pairCounts,
                                          method: method, rotation: rotation)
    }
    return result
  }

  /// Factor scores for every row: items standardised with their observed means and SDs (n − 1),
  /// weights by `method`; a row with any missing item gets NaN (psych `impute = "none"`).
  public func scores(_ data: StudyData, rows: [Int]? = nil, method: FactorScoreMethod) throws -> Matrix {
    guard let x = data.itemMatrix(items, rows: rows) else { return Matrix(rows: 0, columns: 0) }
    let w = try FactorScores(correlation: correlation, loadings: loadings, phi: phi, method: method)
    var z = x
    var complete = [Bool](repeating: true, count: x.rows)
    for j in 0..<x.columns {
      let m = Moments(x.column(j))
      for i in 0..<x.rows {
        if x[i, j].isNaN { complete[i] = false; z[i, j] = 0 } else { z[i, j] = (x[i, j] - m.mean) / m.standardDeviation }
      }
    }
    var s = try w.scores(standardizedData: z)
    for i in 0..<x.rows where !complete[i] { for f in 0..<s.columns { s[i, f] = .nan } }
    return s
  }

  /// Loadings (with h2, u2, complexity), variance accounted, Φ, fit and the factor-count evidence.
  public func reportTables() -> [ReportTable] {
    let prefix = extraction == .pca ? "PC" : (extraction == .ml ? "ML" : extraction == .pa ? "PA" : "MR")
    let names = (1...Swift.max(1, factorCount)).map { "\(prefix)\($0)" }
    var tables: [ReportTable] = []
    if let pa = parallel {
      var t = ReportTable(id: "parallel_analysis", title: "Parallel analysis (\(pa.iterations) simulated correlation matrices)",
                          columns: [ReportColumn("k", .integer), ReportColumn("fa_observed", .number), ReportColumn("fa_simulated", .number),
                                    ReportColumn("pc_observed", .number), ReportColumn("pc_simulated", .number)])
      for j in 0..<Swift.min(items.count, 10) {
        t.append([.integer(j + 1), .value(pa.observedFactorEigenvalues[j]), .value(pa.simulatedFactors.mean[j]),
                  .value(pa.observedComponentEigenvalues[j]), .value(pa.simulatedComponents.mean[j])])
      }
      t.notes = ["suggested: \(pa.suggestedFactors) factors, \(pa.suggestedComponents) components (psych::fa.parallel rule)",
                 "simulated matrices are drawn from the Wishart distribution of normal-data correlation matrices (same distribution as psych's simulated data)"]
      tables.append(t)
    }
    if let m = map {
      var t = ReportTable(id: "map", title: "Velicer's MAP", columns: [ReportColumn("k", .integer), ReportColumn("map", .number, digits: 5)])
      for (j, v) in m.values.enumerated() { t.append([.integer(j + 1), .value(v)]) }
      t.notes = ["suggested: \(m.suggestedComponents) (minimum average squared partial correlation)"]
      tables.append(t)
    }
    let l = loadings
    let h2 = factors?.communality ?? components?.communality ?? []
    let u2 = factors?.uniquenesses ?? components?.uniquenesses ?? []
    let com = factors?.fit.itemComplexity ?? components?.fit.itemComplexity ?? []
    var lt = ReportTable(id: "loadings", title: "Loadings (\(extraction.rawValue), \(rotation.rawValue) rotation, \(correlationKind.rawValue) correlations)",
                         columns: [ReportColumn("item")] + names.map { ReportColumn($0, .number, digits: 2) }
                           + [ReportColumn("h2", .number, digits: 2), ReportColumn("u2", .number, digits: 2), ReportColumn("com", .number, digits: 1)])
    for (i, item) in items.enumerated() {
      lt.append([.text(item)] + (0..<l.columns).map { .value(l[i, $0]) } + [.value(h2[i]), .value(u2[i]), .value(com.isEmpty ? .nan : com[i])])
    }
    lt.notes = ["psych's conventions: columns ordered by variance accounted for, signs so that column sums are positive; not sorted (fa.sort)"]
    tables.append(lt)
    if let va = factors?.varianceAccounted ?? components?.varianceAccounted {
      var t = ReportTable(id: "variance_accounted", title: "Variance accounted for",
                          columns: [ReportColumn("")] + names.map { ReportColumn($0, .number, digits: 2) })
      t.append([.text("SS loadings")] + va.ssLoadings.map { .value($0) })
      t.append([.text("Proportion Var")] + va.proportionOfVariance.map { .value($0) })
      t.append([.text("Cumulative Var")] + va.cumulativeVariance.map { .value($0) })
      tables.append(t)
    }
    if let phi {
      var t = ReportTable(id: "phi", title: "Factor correlations (Φ)", columns: [ReportColumn("")] + names.map { ReportColumn($0, .number, digits: 2) })
      for i in 0..<phi.rows { t.append([.text(names[i])] + (0..<phi.columns).map { .value(phi[i, $0]) }) }
      tables.append(t)
    }
    if let fit = factors?.fit ?? components?.fit {
      var t = ReportTable(id: "fit", title: "Fit", columns: [ReportColumn("statistic"), ReportColumn("value", .number)])
      t.append([.text("n"), .integer(observationCount)])
      t.append([.text("df"), .value(fit.degreesOfFreedom)])
      if let c = fit.chiSquare { t.append([.text("chi-square"), .value(c)]) }
      if let p = fit.pValue { t.append([.text("p"), .value(p)]) }
      if let tli = fit.tuckerLewisIndex { t.append([.text("TLI"), .value(tli)]) }
      if let r = fit.rmsea {
        t.append([.text("RMSEA"), .value(r.estimate)])
        if let lo = r.lower { t.append([.text("RMSEA lower \(Int(r.confidenceLevel * 100)) %"), .value(lo)]) }
        if let hi = r.upper { t.append([.text("RMSEA upper \(Int(r.confidenceLevel * 100)) %"), .value(hi)]) }
      }
      if let bic = fit.bic { t.append([.text("BIC"), .value(bic)]) }
      if let e = fit.empiricalChiSquare { t.append([.text("empirical chi-square"), .value(e)]) }
      t.append([.text("RMSR"), .value(fit.rootMeanSquareResidual)])
      t.append([.text("fit (off diagonal)"), .value(fit.fitOffDiagonal)])
      let warnings = factors?.warnings ?? components?.warnings ?? []
      t.notes = warnings.map { "warning: \($0.description)" }
      if factors != nil, let nh = fit.residualCount, pairCountsVary {
        t.notes.append("empirical chi-square, RMSR and fit weight each residual by its pair's count, as psych::fa() given the data (harmonic mean n = \(ReportRenderer.fixed(nh, digits: 1)))")
      }
      tables.append(t)
    }
    return tables
  }
}

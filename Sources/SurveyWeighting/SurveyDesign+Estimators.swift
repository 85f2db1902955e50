import LinearAlgebra

/// Analysis values with missing values replaced by 0 and the effective weight of every cell.
struct _Prepared {
  var values: Matrix        // n×p, NaN → 0
  var cellWeights: Matrix   // n×p, w_i or 0 where dropped
  var columnWeightSum: [Double]
  var columnCount: [Int]    // rows with non-zero weight per column
}

extension SurveyDesign {
  func _prepare(_ x: Matrix, missing: SurveyMissingPolicy) throws(DesignError) -> _Prepared {
    if x.rows != count { throw .lengthMismatch(what: "the analysis matrix", expected: count, found: x.rows) }
    return try _prepareUnchecked(x, missing: missing)
  }

  /// Weighted means of every column (R `svymean(~x1 + … + xp, design, na.rm, deff)`).
  ///
  /// ```
  /// ȳ_j = Σ_i w_i y_ij / Σ_i w_i,   influence z_ij = w_i (y_ij − ȳ_j) / Σ_i w_i
  /// ```
  /// The covariance is the Taylor covariance of the influence totals (see ``SurveyDesign``). The
  /// design effect divides by v_srs = s²_w·(N − n)/(N·n) with s²_w = n/(n − 1)·Σw(y − ȳ)²/Σw (R
  /// `svyvar`), n = rows with non-zero weight, N = Σw (`.withReplacement`: s²_w/n).
  /// Cost: O(n·p) for the scores plus one `dsyrk` per stage.
  ///
  /// Validated against: R survey 4.1.1 `svymean` on apistrat, apiclus1, apiclus2.
  public func mean(_ x: Matrix, missing: SurveyMissingPolicy = .fail, designEffect: DesignEffectKind = .none) throws(DesignError) -> DesignEstimates {
    let prep = try _prepare(x, missing: missing)
    return try _mean(prep, designEffect: designEffect)
  }

  func _mean(_ prep: _Prepared, designEffect: DesignEffectKind, rows: [Int]? = nil, df: Int? = nil) throws(DesignError) -> DesignEstimates {
    let n = prep.values.rows, p = prep.values.columns
    var est = [Double](repeating: 0, count: p)
    var z = Matrix(rows: n, columns: p)
    for j in 0..<p {
      let W = prep.columnWeightSum[j]
      if !(W > 0) { throw .noObservations(what: "column \(j + 1)") }
      var s = 0.0
      for i in 0..<n { s += prep.cellWeights.elements[j * n + i] * prep.values.elements[j * n + i] }
      est[j] = s / W
      for i in 0..<n { z.elements[j * n + i] = prep.cellWeights.elements[j * n + i] * (prep.values.elements[j * n + i] - est[j]) / W }
    }
    let cov = rows.map { _sparseTaylorCovariance(rows: $0, z) } ?? _taylorCovariance(z)
    let degf = df ?? _degreesOfFreedom(rowWeights: weights)
    var items: [DesignEstimate] = []
    for j in 0..<p {
      var deff: Double? = nil
      if designEffect != .none {
        let s2 = _weightedVariance(prep, j, center: est[j])
        let nobs = Double(prep.columnCount[j]), psum = prep.columnWeightSum[j]
        let vsrs = designEffect == .withReplacement ? s2 / nobs : (psum < nobs ? .nan : s2 * (psum - nobs) / (psum * nobs))
        deff = cov[j, j] / vsrs
      }
      items.append(DesignEstimate(estimate: est[j], standardError: cov[j, j].squareRoot(), degreesOfFreedom: degf, designEffect: deff))
    }
    return DesignEstimates(items: items, covariance: cov)
  }

  /// R `svyvar` of one column: n/(n − 1)·Σw(y − c)²/Σw with n = rows with non-zero weight.
  func _weightedVariance(_ prep: _Prepared, _ j: Int, center: Double) -> Double {
    let n = prep.values.rows
    var s = 0.0
    for i in 0..<n {
      let d = prep.values.elements[j * n + i] - center
      s += prep.cellWeights.elements[j * n + i] * d * d
    }
    let m = Double(prep.columnCount[j])
    return s / prep.columnWeightSum[j] * m / (m - 1)
  }

  /// Weighted totals of every column (R `svytotal`).
  ///
  /// ```
  /// Ŷ_j = Σ_i w_i y_ij,   influence z_ij = w_i y_ij
  /// ```
  /// Design effect: v_srs = s²_w·N̂²·(N̂ − n)/(N̂·n), N̂ = Σw (R `deff = TRUE`); `.withReplacement`: s²_w·N̂²/n.
  ///
  /// Validated against: R survey 4.1.1 `svytotal`.
  public func total(_ x: Matrix, missing: SurveyMissingPolicy = .fail, designEffect: DesignEffectKind = .none) throws(DesignError) -> DesignEstimates {
    let prep = try _prepare(x, missing: missing)
    let n = x.rows, p = x.columns
    var z = Matrix(rows: n, columns: p)
    var est = [Double](repeating: 0, count: p)
    for j in 0..<p {
      for i in 0..<n {
        let v = prep.cellWeights.elements[j * n + i] * prep.values.elements[j * n + i]
        z.elements[j * n + i] = v
        est[j] += v
      }
    }
    let cov = _taylorCovariance(z)
    let degf = degreesOfFreedom
    var items: [DesignEstimate] = []
    for j in 0..<p {
      var deff: Double? = nil
      if designEffect != .none {
        let W = prep.columnWeightSum[j]
        let s2 = _weightedVariance(prep, j, center: est[j] / W)
        let nobs = Double(prep.columnCount[j])
        let vsrs = designEffect == .withReplacement ? s2 * W * W / nobs : s2 * W * W * (W - nobs) / (W * nobs)
        deff = cov[j, j] / vsrs
      }
      items.append(DesignEstimate(estimate: est[j], standardError: cov[j, j].squareRoot(), degreesOfFreedom: degf, designEffect: deff))
    }
    return DesignEstimates(items: items, covariance: cov)
  }

  /// Ratio of totals R̂ = Ŷ/X̂ (R `svyratio(~y, ~x, design)`), combined ratio estimator.
  ///
  /// ```
  /// influence z_i = w_i (y_i − R̂ x_i) / X̂
  /// ```
  /// Rows where y or x is missing are dropped (R `na.rm = TRUE`) unless `missing == .fail`.
  public func ratio(numerator y: [Double], denominator x: [Double], missing: SurveyMissingPolicy = .fail) throws(DesignError) -> DesignEstimate {
    let prep = try _prepare(Matrix(columnVectors: [y, x]), missing: missing == .perVariable ? .dropRows : missing)
    let n = y.count
    var ty = 0.0, tx = 0.0
    for i in 0..<n {
      ty += prep.cellWeights.elements[i] * prep.values.elements[i]
      tx += prep.cellWeights.elements[n + i] * prep.values.elements[n + i]
    }
    let r = ty / tx
    var z = Matrix(rows: n, columns: 1)
    for i in 0..<n { z.elements[i] = prep.cellWeights.elements[i] * (prep.values.elements[i] - r * prep.values.elements[n + i]) / tx }
    let v = _taylorCovariance(z)[0, 0]
    return DesignEstimate(estimate: r, standardError: v.squareRoot(), degreesOfFreedom: degreesOfFreedom)
  }

  /// Shares of every category of a categorical item (R `svymean(~factor(x))`).
  ///
  /// Categories are sorted (R factor levels); `nil` is missing. Each share is the mean of the
  /// category's indicator, so shares sum to 1 and their covariance is singular.
  public func proportions(_ item: [String?], missing: SurveyMissingPolicy = .fail, designEffect: DesignEffectKind = .none) throws(DesignError) -> CategoryShares {
    if item.count != count { throw .lengthMismatch(what: "the categorical item", expected: count, found: item.count) }
    let categories = Array(Set(item.compactMap { $0 })).sorted()
    let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
    var m = Matrix(rows: count, columns: categories.count)
    for (i, v) in item.enumerated() {
      if let v, let k = index[v] { m.elements[k * count + i] = 1 } else { for k in 0..<categories.count { m.elements[k * count + i] = .nan } }
    }
    let est = try mean(m, missing: missing == .perVariable ? .dropRows : missing, designEffect: designEffect)
    return CategoryShares(categories: categories, shares: est)
  }

  /// Domain (subpopulation) means of every column, one result per domain (R
  /// `svyby(~x1 + … + xp, ~domain, design, svymean, na.rm)`).
  ///
  /// A domain keeps the whole design: rows outside it get weight 0 (R `subset()` on a
  /// `survey.design2`), so strata and PSUs without domain members still count in n_h. Only the units
  /// containing domain rows are visited, so all domains together cost O(n·p) plus one small
  /// `dsyrk` per domain. Domains are sorted by label; `nil` labels belong to no domain.
  ///
  /// Validated against: R survey 4.1.1 `svyby(~api00, ~awards, design, svymean)`.
  public func domainMeans(_ x: Matrix, domains: [String?], missing: SurveyMissingPolicy = .fail, designEffect: DesignEffectKind = .none) throws(DesignError) -> [DomainEstimates] {
    if domains.count != count { throw .lengthMismatch(what: "domains", expected: count, found: domains.count) }
    if x.rows != count { throw .lengthMismatch(what: "the analysis matrix", expected: count, found: x.rows) }
    let labels = Array(Set(domains.compactMap { $0 })).sorted()
    let index = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
    var rowsOf = [[Int]](repeating: [], count: labels.count)
    for (i, d) in domains.enumerated() { if let d, let k = index[d] { rowsOf[k].append(i) } }
    let p = x.columns
    var out: [DomainEstimates] = []
    for (k, rows) in rowsOf.enumerated() {
      let m = rows.count
      var sub = Matrix(rows: m, columns: p)
      for j in 0..<p { for (r, i) in rows.enumerated() { sub.elements[j * m + r] = x.elements[j * count + i] } }
      let subDesignWeights = rows.map { weights[$0] }
      let prep = try _prepareRows(sub, weights: subDesignWeights, missing: missing)
      var domainWeights = [Double](repeating: 0, count: count)
      for (r, i) in rows.enumerated() { domainWeights[i] = subDesignWeights[r] }
      let est = try _mean(prep, designEffect: designEffect, rows: rows, df: _degreesOfFreedom(rowWeights: domainWeights))
      out.append(DomainEstimates(domain: labels[k], count: m, estimates: est))
    }
    return out
  }

  func _prepareRows(_ x: Matrix, weights w: [Double], missing: SurveyMissingPolicy) throws(DesignError) -> _Prepared {
    var d = self
    // A lightweight stand-in: reuse _prepare's logic on the rows by temporarily matching the count.
    d.weights = w
    return try d._prepareUnchecked(x, missing: missing)
  }

  func _prepareUnchecked(_ x: Matrix, missing: SurveyMissingPolicy) throws(DesignError) -> _Prepared {
    let n = x.rows, p = x.columns
    var values = x
    var cw = Matrix(rows: n, columns: p)
    var rowOK = [Bool](repeating: true, count: n)
    for j in 0..<p {
      var missingCount = 0
      for i in 0..<n where x.elements[j * n + i].isNaN { missingCount += 1; rowOK[i] = false }
      if missingCount > 0 && missing == .fail { throw .missingValues(column: j, count: missingCount) }
    }
    var sums = [Double](repeating: 0, count: p), counts = [Int](repeating: 0, count: p)
    for j in 0..<p {
      for i in 0..<n {
        let v = x.elements[j * n + i]
        let keep = missing == .perVariable ? !v.isNaN : rowOK[i]
        if v.isNaN { values.elements[j * n + i] = 0 }
        let wi = keep ? weights[i] : 0
        cw.elements[j * n + i] = wi
        sums[j] += wi
        if wi != 0 { counts[j] += 1 }
      }
    }
    return _Prepared(values: values, cellWeights: cw, columnWeightSum: sums, columnCount: counts)
  }
}

/// Shares of the categories of one item, with their joint covariance.
public struct CategoryShares: Sendable, Equatable {
  /// Category labels, sorted.
  public let categories: [String]
  /// One share per category.
  public let shares: DesignEstimates

  public init(categories: [String], shares: DesignEstimates) {
    self.categories = categories
    self.shares = shares
  }
}

/// Estimates for one domain (subpopulation).
public struct DomainEstimates: Sendable, Equatable {
  /// Domain label.
  public let domain: String
  /// Number of sample rows in the domain.
  public let count: Int
  /// One estimate per analysis column.
  public let estimates: DesignEstimates
}

import LinearAlgebra

// Implementation notes. α = K/(K − 1)·(1 − Σ_k v_k / v_T), with v the weighted variances of the
// items and of their sum T (R survey `svycralpha`; its n/(n − 1) factors cancel). Rows with any
// missing item are dropped but keep the design (R `na.rm = TRUE`).
// Linearisation: v_k is a mean of (x_k − m_k)², so its score is w_i((x_ik − m_k)² − v_k)/W (the
// derivative in m_k vanishes because Σ w (x − m) = 0). With A = Σ v_k and B = v_T,
//   z_α = −K/(K − 1)·(z_A / B − A·z_B / B²).
// Replicates: α is recomputed from replicate first and second moments of the centred items and sum.

extension SurveyDesign {
  /// Design-weighted Cronbach's α with a linearisation standard error.
  ///
  /// Point estimate equal to R survey `svycralpha(~items, design, na.rm = TRUE)`; with unit
  /// weights it is the ordinary raw α (psych `alpha()$total$raw_alpha`). The SE is the Taylor
  /// linearisation of α as a function of weighted means (R gives none).
  public func cronbachAlpha(_ items: Matrix) throws(DesignError) -> DesignEstimate {
    let (z, alpha, df) = try _alphaScores(items)
    let v = _taylorCovariance(z)[0, 0]
    return DesignEstimate(estimate: alpha, standardError: v.squareRoot(), degreesOfFreedom: df)
  }

  func _alphaScores(_ items: Matrix) throws(DesignError) -> (Matrix, Double, Int) {
    let n = items.rows, k = items.columns
    if n != count { throw .lengthMismatch(what: "the item matrix", expected: count, found: n) }
    if k < 2 { throw .invalidArgument(name: "items", value: "\(k)", allowed: "at least 2 items") }
    var w = weights
    for i in 0..<n { for j in 0..<k where items.elements[j * n + i].isNaN { w[i] = 0 } }
    let W = w.reduce(0, +)
    if !(W > 0) { throw .noObservations(what: "Cronbach's alpha") }
    var cols = (0..<k).map { j in (0..<n).map { i in w[i] == 0 ? 0 : items.elements[j * n + i] } }
    cols.append((0..<n).map { i in (0..<k).reduce(0) { $0 + cols[$1][i] } })
    var v = [Double](repeating: 0, count: k + 1), m = v
    for c in 0...k {
      for i in 0..<n { m[c] += w[i] * cols[c][i] }
      m[c] /= W
      for i in 0..<n { v[c] += w[i] * (cols[c][i] - m[c]) * (cols[c][i] - m[c]) }
      v[c] /= W
    }
    let a = v[0..<k].reduce(0, +), b = v[k]
    let c = Double(k) / Double(k - 1)
    let alpha = c * (1 - a / b)
    var z = Matrix(rows: n, columns: 1)
    for i in 0..<n where w[i] != 0 {
      var za = 0.0
      for j in 0..<k { za += w[i] * ((cols[j][i] - m[j]) * (cols[j][i] - m[j]) - v[j]) / W }
      let zb = w[i] * ((cols[k][i] - m[k]) * (cols[k][i] - m[k]) - v[k]) / W
      z.elements[i] = -c * (za / b - a * zb / (b * b))
    }
    return (z, alpha, _degreesOfFreedom(rowWeights: w))
  }
}

extension ReplicateDesign {
  /// Design-weighted Cronbach's α with a replicate standard error (α recomputed per replicate).
  public func cronbachAlpha(_ items: Matrix) throws(DesignError) -> DesignEstimate {
    let n = items.rows, k = items.columns
    if n != count { throw .lengthMismatch(what: "the item matrix", expected: count, found: n) }
    if k < 2 { throw .invalidArgument(name: "items", value: "\(k)", allowed: "at least 2 items") }
    var keep = [Double](repeating: 1, count: n)
    for i in 0..<n { for j in 0..<k where items.elements[j * n + i].isNaN { keep[i] = 0 } }
    // Centre at the full-sample means, then replicate totals of [1, x, T, x², T²] in one product.
    var W = 0.0
    var m = [Double](repeating: 0, count: k + 1)
    var cols = (0..<k).map { j in (0..<n).map { i in keep[i] == 0 ? 0 : items.elements[j * n + i] } }
    cols.append((0..<n).map { i in (0..<k).reduce(0) { $0 + cols[$1][i] } })
    for i in 0..<n where keep[i] != 0 { W += weights[i]; for c in 0...k { m[c] += weights[i] * cols[c][i] } }
    if !(W > 0) { throw .noObservations(what: "Cronbach's alpha") }
    for c in 0...k { m[c] /= W }
    var blocks: [[Double]] = [keep]
    for c in 0...k { blocks.append((0..<n).map { keep[$0] * (cols[c][$0] - m[c]) }) }
    for c in 0...k { blocks.append((0..<n).map { keep[$0] * (cols[c][$0] - m[c]) * (cols[c][$0] - m[c]) }) }
    let totals = _replicateTotals(Matrix(columnVectors: blocks))
    func alpha(_ t: (Int) -> Double) -> Double {
      let wr = t(0)
      var v = [Double](repeating: 0, count: k + 1)
      for c in 0...k { let mean = t(1 + c) / wr; v[c] = t(k + 2 + c) / wr - mean * mean }
      return Double(k) / Double(k - 1) * (1 - v[0..<k].reduce(0, +) / v[k])
    }
    var full = [Double](repeating: 0, count: blocks.count)
    for (b, col) in blocks.enumerated() { for i in 0..<n { full[b] += weights[i] * col[i] } }
    let est = alpha { full[$0] }
    var thetas = Matrix(rows: totals.rows, columns: 1)
    for r in 0..<totals.rows { thetas.elements[r] = alpha { totals[r, $0] } }
    let v = _variance(thetas, full: [est])
    return DesignEstimate(estimate: est, standardError: v[0, 0].squareRoot(), degreesOfFreedom: degreesOfFreedom)
  }
}

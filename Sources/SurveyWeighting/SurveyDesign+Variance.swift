import LinearAlgebra

// Implementation notes (Taylor linearisation, R `svyrecvar` → `multistage` → `onestage` → `onestrat`).
//
// Goals, in order: (1) the same numbers as R survey 4.1 to rounding, including the lonely-PSU and
// fpc branches; (2) all p variables at once — unit totals are accumulated in one O(n·p) pass and
// the p×p covariance is a single `dsyrk` (`crossProduct`) per stage; (3) domains touch only the
// units that contain domain rows (the stratum means still divide by the full n_h, which is what
// R gets by zero-filling the rows outside the domain).
//
// For a stratum h with n_h units, unit totals t_u and f_h = 1 − n_h/N_h (1 without fpc):
//   V_h = f_h · n_h/(n_h − 1) · Σ_u (t_u − t̄_h)(t_u − t̄_h)ᵀ,  t̄_h = Σ_u t_u / n_h.
// Units of h without domain rows have t_u = 0; their share of the sum is (n_h − m_h)·t̄ t̄ᵀ, added
// as one extra row √(n_h − m_h)·(−t̄) in the matrix C whose CᵀC is the stage's covariance.
// Later stages (only with an fpc, as R) are multiplied by the sampling fraction n/N of every
// enclosing stage (R: `* nPSUs/fpcs` in `multistage`).

extension SurveyDesign {
  /// Taylor covariance of the totals of the n×p influence (score) matrix `z`.
  ///
  /// Weight adjustments (post-stratification, raking, calibration) first replace `z` by its
  /// residuals, as R `svyrecvar(postStrata = )`.
  func _taylorCovariance(_ z: Matrix) -> Matrix {
    var x = z
    for adjustment in adjustments { x = Self._residualize(x, adjustment) }
    return _stageCovariance(rows: nil, x)
  }

  /// Covariance from the influence values of `rows` only (all other rows have influence 0).
  /// Only valid without weight adjustments (the residualisation mixes rows).
  func _sparseTaylorCovariance(rows: [Int], _ z: Matrix) -> Matrix {
    if !adjustments.isEmpty {
      var full = Matrix(rows: count, columns: z.columns)
      for j in 0..<z.columns { for (r, i) in rows.enumerated() { full.elements[j * count + i] = z.elements[j * z.rows + r] } }
      return _taylorCovariance(full)
    }
    return _stageCovariance(rows: rows, z)
  }

  func _stageCovariance(rows: [Int]?, _ x: Matrix) -> Matrix {
    let p = x.columns, m = x.rows
    var v = Matrix(rows: p, columns: p)
    let usedStages = hasFPC ? stages.count : 1
    // Ancestor factor of each stratum at stage k (product of enclosing sampling fractions).
    var unitFactor: [Double] = [1]  // per unit of previous stage; root has one unit
    for k in 0..<usedStages {
      let st = stages[k]
      let nStrata = st.stratumLabels.count
      var stratumFactor = [Double](repeating: 1, count: nStrata)
      for h in 0..<nStrata { stratumFactor[h] = k == 0 ? 1 : unitFactor[st.stratumParent[h]] }
      // Average-policy scaling per parent group: (#strata)/(#strata not lonely-excluded).
      var groupScale = [Double](repeating: 1, count: st.parentCount)
      if lonelyPSU == .average {
        var total = [Int](repeating: 0, count: st.parentCount), ok = [Int](repeating: 0, count: st.parentCount)
        for h in 0..<nStrata {
          total[st.stratumParent[h]] += 1
          if !(st.unitsInStratum[h] == 1 && _f(st, h) >= 1e-7) { ok[st.stratumParent[h]] += 1 }
        }
        for g in 0..<st.parentCount where total[g] > 0 { groupScale[g] = Double(total[g]) / Double(ok[g]) }
      }
      // Unit totals of touched units.
      var slot = [Int](repeating: -1, count: st.unitCount)
      var touched: [Int] = []
      var rowSlot = [Int](repeating: 0, count: m)
      for r in 0..<m {
        let i = rows?[r] ?? r
        let u = st.unitOfRow[i]
        if slot[u] < 0 { slot[u] = touched.count; touched.append(u) }
        rowSlot[r] = slot[u]
      }
      let nt = touched.count
      var t = [Double](repeating: 0, count: nt * p)
      x.elements.withUnsafeBufferPointer { xe in
        t.withUnsafeMutableBufferPointer { te in
          for j in 0..<p {
            let xo = j * m, to = j * nt
            for r in 0..<m { te[to + rowSlot[r]] += xe[xo + r] }
          }
        }
      }
      // Stratum sums over touched units.
      var sSlot = [Int](repeating: -1, count: nStrata)
      var touchedStrata: [Int] = []
      for u in touched {
        let h = st.stratumOfUnit[u]
        if sSlot[h] < 0 { sSlot[h] = touchedStrata.count; touchedStrata.append(h) }
      }
      let ns = touchedStrata.count
      var sums = [Double](repeating: 0, count: ns * p)
      var touchedInStratum = [Int](repeating: 0, count: ns)
      for (a, u) in touched.enumerated() {
        let b = sSlot[st.stratumOfUnit[u]]
        touchedInStratum[b] += 1
        for j in 0..<p { sums[j * ns + b] += t[j * nt + a] }
      }
      // Rows of C.
      let cRows = nt + ns
      var c = [Double](repeating: 0, count: cRows * p)
      for (a, u) in touched.enumerated() {
        let h = st.stratumOfUnit[u], b = sSlot[h]
        let nh = st.unitsInStratum[h]
        let f = _f(st, h)
        if f < 1e-7 { continue }
        let g = stratumFactor[h] * groupScale[st.stratumParent[h]]
        if nh > 1 {
          let coef = (g * f * Double(nh) / Double(nh - 1)).squareRoot()
          for j in 0..<p { c[j * cRows + a] = coef * (t[j * nt + a] - sums[j * ns + b] / Double(nh)) }
        } else {
          switch lonelyPSU {
          case .adjust:
            let coef = (g * f).squareRoot()
            for j in 0..<p { c[j * cRows + a] = coef * t[j * nt + a] }
          case .remove, .certainty, .average, .fail: continue
          }
        }
      }
      for (b, h) in touchedStrata.enumerated() {
        let nh = st.unitsInStratum[h]
        let missing = nh - touchedInStratum[b]
        let f = _f(st, h)
        if missing <= 0 || nh <= 1 || f < 1e-7 { continue }
        let g = stratumFactor[h] * groupScale[st.stratumParent[h]]
        let coef = (g * f * Double(nh) / Double(nh - 1) * Double(missing)).squareRoot()
        for j in 0..<p { c[j * cRows + nt + b] = -coef * sums[j * ns + b] / Double(nh) }
      }
      v += crossProduct(Matrix(rows: cRows, columns: p, columnMajor: c))
      // Factors for the next stage: per unit of this stage, ancestor factor × n_h/N_h.
      if k + 1 < usedStages {
        var next = [Double](repeating: 0, count: st.unitCount)
        for u in 0..<st.unitCount {
          let h = st.stratumOfUnit[u]
          let frac: Double = st.populationSize[h].map { $0.isFinite ? Double(st.unitsInStratum[h]) / $0 : 0 } ?? 0
          next[u] = stratumFactor[h] * frac
        }
        unitFactor = next
      }
    }
    return v
  }

  /// f_h = (N_h − n_h)/N_h, or 1 without a (finite) population size.
  @inline(__always) func _f(_ st: _Stage, _ h: Int) -> Double {
    guard let big = st.populationSize[h], big.isFinite else { return 1 }
    return (big - Double(st.unitsInStratum[h])) / big
  }

  static func _residualize(_ z: Matrix, _ adjustment: _Adjustment) -> Matrix {
    var x = z
    let n = z.rows, p = z.columns
    switch adjustment {
    case .postStratification(let cell, let cellCount, let oldW, let newW):
      var psw = newW
      for i in 0..<n where psw[i] == 0 && oldW[i] == 0 { psw[i] = 1 }
      var denom = [Double](repeating: 0, count: cellCount)
      for i in 0..<n { denom[cell[i]] += oldW[i] }
      for j in 0..<p {
        var num = [Double](repeating: 0, count: cellCount)
        for i in 0..<n { num[cell[i]] += x.elements[j * n + i] * oldW[i] / psw[i] }
        for i in 0..<n { x.elements[j * n + i] -= num[cell[i]] / denom[cell[i]] * psw[i] }
      }
    case .raking(let margins):
      // R: for (iterations in 1:10) for (margin in margins) x <- x - psw * ave(x/psw, margin)
      for _ in 0..<10 {
        for margin in margins {
          var cnt = [Double](repeating: 0, count: margin.cellCount)
          for i in 0..<n { cnt[margin.cell[i]] += 1 }
          for j in 0..<p {
            var num = [Double](repeating: 0, count: margin.cellCount)
            for i in 0..<n { num[margin.cell[i]] += x.elements[j * n + i] / margin.weights[i] }
            for i in 0..<n { x.elements[j * n + i] -= margin.weights[i] * num[margin.cell[i]] / cnt[margin.cell[i]] }
          }
        }
      }
    case .calibration(let q, let w):
      // R: qr.resid(qr(mm·√d), x/w)·w with w = g·√d.
      var y = x
      for j in 0..<p { for i in 0..<n { y.elements[j * n + i] /= w[i] } }
      let fitted = q * crossProduct(q, y)
      for j in 0..<p { for i in 0..<n { x.elements[j * n + i] = (y.elements[j * n + i] - fitted.elements[j * n + i]) * w[i] } }
    }
    return x
  }
}

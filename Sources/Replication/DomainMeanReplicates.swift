import LinearAlgebra

/// Weighted domain means of several variables (e.g. region × index component) for the full
/// sample and every replicate, with the weights optionally raked again in every replicate.
///
/// For domain d and variable c:
/// ```
/// ȳ_dc = Σ_{i ∈ d} w_i ρ_{j(i)} m_ic y_ic / Σ_{i ∈ d} w_i ρ_{j(i)} m_ic
/// ```
/// (m_ic = 1 when y_ic is observed; ρ_j = raking factor of the joint margin cell j(i), 1 without
/// raking), the Hájek mean R `svyby(~y, ~d, svymean, na.rm = TRUE)` computes per variable. A
/// replicate replaces w_i by w_i·m_{p(i),r} (the scheme's multipliers) and rakes again:
/// rows are grouped by (domain or none, raking cell); the engine gives per group and replicate
/// Σ w·m, Σ w·m·m_c·y_c and Σ w·m·m_c; the cell totals Σ_groups Σ w·m go through `CellRaking`,
/// and the domain sums are the cell-factor-weighted sums of the group sums. Rows outside every
/// domain still count for the raking totals. A replicate whose raking fails (a margin category
/// with population but no drawn respondent) is NaN and counted in `failedReplicates`.
public struct DomainMeanReplicates: Sendable {
  /// Full-sample means, domains × variables (NaN where a domain has no observation).
  public let means: Matrix
  /// Full-sample sums of the final (raked) weights of the observed values, domains × variables.
  public let weightTotals: Matrix
  /// Replicate means: R × (domains·variables), column d·C + c.
  public let replicateMeans: Matrix
  /// Replicates whose raking failed (their row in `replicateMeans` is NaN).
  public let failedReplicates: Int
  /// Sweeps the full-sample raking took (0 without raking).
  public let rakingSweeps: Int
  /// Raking factor per joint cell for the full sample (empty without raking).
  public let cellFactors: [Double]
  /// Cell of every row (empty without raking).
  public let cellOfRow: [Int]
  public let scheme: ResamplingScheme
  /// Strata in which these rows have a single PSU (kept at multiplier 1).
  public let lonelyStrata: Int

  /// - Parameters:
  ///   - scheme: the replicate scheme (frame, method, R, seed).
  ///   - psuOfRow: the frame PSU of each row.
  ///   - weights: base (design) weight of each row.
  ///   - domainOfRow: domain 0..<domainCount of each row, or nil.
  ///   - values: n × C, NaN = not observed.
  ///   - raking: the cell of each row and the raking problem, or nil.
  ///   - threads: threads for the replicate blocks (results do not depend on it).
  public static func compute(scheme: ResamplingScheme, psuOfRow: [Int], weights: [Double], domainOfRow: [Int?], domainCount: Int,
                             values: Matrix, raking: (cellOfRow: [Int], problem: CellRaking)? = nil, threads: Int = 1,
                             memoryBudget: Int = 32 << 20) throws(ReplicationError) -> DomainMeanReplicates {
    let n = psuOfRow.count, C = values.columns, K = 1 + 2 * C
    guard weights.count == n else { throw .lengthMismatch(what: "weights", expected: n, found: weights.count) }
    guard domainOfRow.count == n else { throw .lengthMismatch(what: "domains", expected: n, found: domainOfRow.count) }
    guard values.rows == n else { throw .lengthMismatch(what: "values", expected: n, found: values.rows) }
    let J = raking?.problem.cellCount ?? 1
    if let raking, raking.cellOfRow.count != n { throw .lengthMismatch(what: "raking cells", expected: n, found: raking.cellOfRow.count) }
    // Groups: occurring (domain or none, cell) pairs.
    var groupIndex: [Int: Int] = [:]
    var groupDomain: [Int] = [], groupCell: [Int] = []
    var groupOfRow = [Int](repeating: -1, count: n)
    for i in 0..<n {
      let d = domainOfRow[i] ?? domainCount
      if raking == nil && d == domainCount { continue }
      let j = raking?.cellOfRow[i] ?? 0
      let key = d * J + j
      if let g = groupIndex[key] { groupOfRow[i] = g } else {
        groupIndex[key] = groupDomain.count; groupOfRow[i] = groupDomain.count
        groupDomain.append(d); groupCell.append(j)
      }
    }
    var y = Matrix(rows: n, columns: K)
    for i in 0..<n where groupOfRow[i] >= 0 {
      let w = weights[i]
      y[i, 0] = w
      if domainOfRow[i] == nil { continue }
      for c in 0..<C {
        let x = values[i, c]
        if x.isNaN { continue }
        y[i, 1 + 2 * c] = w * x
        y[i, 2 + 2 * c] = w
      }
    }
    let totals = try GroupedReplicateTotals(scheme: scheme, psuOfRow: psuOfRow, groupOfRow: groupOfRow, groupCount: groupDomain.count, values: y)
    let G = groupDomain.count, D = domainCount

    // Means of one set of group totals (a replicate or the full sample).
    func means(_ total: (Int, Int) -> Double, into out: UnsafeMutablePointer<Double>, weightTotals: UnsafeMutablePointer<Double>?) -> (ok: Bool, sweeps: Int, factors: [Double]) {
      var factor = [Double](repeating: 1, count: J)
      var sweeps = 0
      if let raking {
        var cellTotals = [Double](repeating: 0, count: J)
        for g in 0..<G { cellTotals[groupCell[g]] += total(g, 0) }
        guard let o = raking.problem.rake(cellTotals) else {
          for k in 0..<(D * C) { out[k] = .nan }
          return (false, 0, [])
        }
        factor = o.factors
        sweeps = o.sweeps
      }
      var num = [Double](repeating: 0, count: D * C), den = [Double](repeating: 0, count: D * C)
      for g in 0..<G where groupDomain[g] < D {
        let d = groupDomain[g], f = factor[groupCell[g]]
        for c in 0..<C {
          num[d * C + c] += f * total(g, 1 + 2 * c)
          den[d * C + c] += f * total(g, 2 + 2 * c)
        }
      }
      for k in 0..<(D * C) {
        out[k] = den[k] > 0 ? num[k] / den[k] : .nan
        weightTotals?[k] = den[k]
      }
      return (true, sweeps, factor)
    }
    var full = Matrix(rows: D, columns: C), wt = Matrix(rows: D, columns: C)
    var fullRow = [Double](repeating: 0, count: D * C), wtRow = [Double](repeating: 0, count: D * C)
    let f = fullRow.withUnsafeMutableBufferPointer { o in
      wtRow.withUnsafeMutableBufferPointer { w in means({ totals.full[$0 * K + $1] }, into: o.baseAddress!, weightTotals: w.baseAddress!) }
    }
    if raking != nil && !f.ok {
      // Name the first empty category of the full sample.
      var cellTotals = [Double](repeating: 0, count: J)
      for g in 0..<G { cellTotals[groupCell[g]] += totals.full[g * K] }
      for (m, cats) in raking!.problem.categoryOfCell.enumerated() {
        var s = [Double](repeating: 0, count: raking!.problem.populationTotals[m].count)
        for j in 0..<J { s[cats[j]] += cellTotals[j] }
        if let c = s.indices.first(where: { !(s[$0] > 0) && raking!.problem.populationTotals[m][$0] > 0 }) { throw .emptyRakingCategory(margin: m, category: c) }
      }
    }
    for d in 0..<D { for c in 0..<C { full[d, c] = fullRow[d * C + c]; wt[d, c] = wtRow[d * C + c] } }

    let R = scheme.replicates
    var rep = Matrix(rows: R, columns: D * C)
    var failed = 0
    var row = [Double](repeating: 0, count: D * C)
    totals.forEachBlock(memoryBudget: memoryBudget, threads: threads) { block in
      for r in block.range {
        let ok = row.withUnsafeMutableBufferPointer { o in
          means({ block.total(replicate: r, group: $0, column: $1) }, into: o.baseAddress!, weightTotals: nil).ok
        }
        if !ok { failed += 1 }
        for k in 0..<(D * C) { rep[r, k] = row[k] }
      }
    }
    return DomainMeanReplicates(means: full, weightTotals: wt, replicateMeans: rep, failedReplicates: failed, rakingSweeps: f.sweeps,
                                cellFactors: raking == nil ? [] : f.factors, cellOfRow: raking?.cellOfRow ?? [], scheme: scheme,
                                lonelyStrata: totals.lonelyStrata)
  }

  /// Replicate standard error of a statistic's replicates: √(scale · Σ (θ_r − θ̄)² · R/R_ok),
  /// over the finite replicates (R_ok of R; the factor R/R_ok keeps the scale of R replicates).
  public static func standardError(_ values: [Double], scale: Double) -> Double {
    let v = values.filter(\.isFinite)
    guard v.count > 1 else { return .nan }
    let mean = v.reduce(0, +) / Double(v.count)
    let ss = v.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
    return (scale * ss * Double(values.count) / Double(v.count)).squareRoot()
  }

  /// Replicate covariance of two statistics over the replicates where both are finite:
  /// scale · Σ (a_r − ā)(b_r − b̄) · R/R_ok.
  public static func covariance(_ a: [Double], _ b: [Double], scale: Double) -> Double {
    let idx = a.indices.filter { a[$0].isFinite && b[$0].isFinite }
    guard idx.count > 1 else { return .nan }
    let ma = idx.reduce(0) { $0 + a[$1] } / Double(idx.count), mb = idx.reduce(0) { $0 + b[$1] } / Double(idx.count)
    let s = idx.reduce(0) { $0 + (a[$1] - ma) * (b[$1] - mb) }
    return scale * s * Double(a.count) / Double(idx.count)
  }
}

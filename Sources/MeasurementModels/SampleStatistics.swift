import Foundation
import LinearAlgebra

/// One group's data for a continuous-indicator fit: the n × p item matrix in the model's item order
/// (NaN = missing), with optional sampling weights and cluster codes.
public struct CFAGroupData: Sendable {
  public var name: String
  public var data: Matrix
  public var weights: [Double]?
  public var clusters: [Int]?
  public init(name: String, data: Matrix, weights: [Double]? = nil, clusters: [Int]? = nil) {
    self.name = name; self.data = data; self.weights = weights; self.clusters = clusters
  }
}

/// Rows with the same set of observed items, with their sufficient statistics: Σx, the mean x̄ and
/// the scatter W = Σ(x − x̄)(x − x̄)ᵀ about the pattern mean (centred, so that no moment is formed
/// as a difference of large raw cross-products); `crossProducts` = Σxxᵀ = W + n x̄x̄ᵀ for the EM.
struct MissingPattern: Sendable {
  var observed: [Int]
  var rows: [Int]
  var n: Double
  var sum: [Double]
  var scatter: Matrix
  var mean: [Double] { sum.map { $0 / n } }
  var crossProducts: Matrix {
    var c = scatter
    let m = mean
    for b in 0..<m.count { for a in 0..<m.count { c[a, b] += n * m[a] * m[b] } }
    return c
  }
}

/// Sufficient statistics of one group.
struct GroupStatistics: Sendable {
  var name: String
  /// Number of rows used (sum of normalised weights = n as lavaan).
  var n: Double
  var mean: [Double]
  /// Covariance with denominator n (lavaan `likelihood = "normal"`).
  var cov: Matrix
  /// Rows used (complete cases for listwise), n_used × p, and their weights (normalised to n).
  var rows: Matrix
  var weights: [Double]?
  var clusters: [Int]?
  /// Missing-data patterns (FIML only).
  var patterns: [MissingPattern] = []
  /// EM estimates of the saturated model (FIML only).
  var saturatedMean: [Double] = []
  var saturatedCov: Matrix = Matrix(rows: 0, columns: 0)

  /// Complete-case statistics: mean and the n-denominator covariance by one `dsyrk` of the centred rows.
  /// Works column by column on the column-major element array (no per-cell subscripts); the copy
  /// of the rows is skipped when nothing is missing.
  static func listwise(_ g: CFAGroupData, items: [String]) throws(MeasurementModelError) -> GroupStatistics {
    let n = g.data.rows, p = g.data.columns
    var complete = [Bool](repeating: true, count: n)
    var any = false
    let e = g.data.elements
    for j in 0..<p {
      let base = j * n
      for i in 0..<n where e[base + i].isNaN { complete[i] = false; any = true }
    }
    if !any {
      var x = g.data
      return try weighted(name: g.name, rows: &x, weights: g.weights, clusters: g.clusters, items: items)
    }
    let keep = (0..<n).filter { complete[$0] }
    var x = g.data.submatrix(rows: keep, columns: 0..<p)
    let w = g.weights.map { ws in keep.map { ws[$0] } }
    let cl = g.clusters.map { cs in keep.map { cs[$0] } }
    return try weighted(name: g.name, rows: &x, weights: w, clusters: cl, items: items)
  }

  static func weighted(name: String, rows x: inout Matrix, weights: [Double]?, clusters: [Int]?, items: [String]) throws(MeasurementModelError) -> GroupStatistics {
    let n = x.rows, p = x.columns
    var wn: [Double]? = nil
    if let w = weights {
      let s = w.reduce(0, +)
      wn = w.map { $0 * Double(n) / s }
    }
    var mean = [Double](repeating: 0, count: p)
    var z = x.elements
    for j in 0..<p {
      let base = j * n
      var s = 0.0
      if let wn { for i in 0..<n { s += wn[i] * z[base + i] } } else { for i in 0..<n { s += z[base + i] } }
      let m = s / Double(n)
      mean[j] = m
      if let wn { for i in 0..<n { z[base + i] = (z[base + i] - m) * wn[i].squareRoot() } } else { for i in 0..<n { z[base + i] -= m } }
    }
    var cov = crossProduct(Matrix(rows: n, columns: p, columnMajor: z))
    cov *= 1 / Double(n)
    for j in 0..<p where !(cov[j, j] > 0) { throw .noVariance(item: items[j], group: name) }
    return GroupStatistics(name: name, n: Double(n), mean: mean, cov: cov, rows: x, weights: wn, clusters: clusters)
  }

  /// Statistics for FIML: rows with at least one observed item, grouped into missing-data patterns
  /// (Σx and Σxxᵀ per pattern by one `dsyrk` each); pairwise-available moments as start values.
  static func fiml(_ g: CFAGroupData, items: [String]) throws(MeasurementModelError) -> GroupStatistics {
    let p = g.data.columns
    // Rows grouped by their pattern of observed items (a bit mask per row, built column-wise).
    let n = g.data.rows, words = (p + 63) / 64
    var masks = [UInt64](repeating: 0, count: n * words)
    let e = g.data.elements
    for j in 0..<p {
      let base = j * n, bit = UInt64(1) << UInt64(j % 64), w = j / 64
      for i in 0..<n where !e[base + i].isNaN { masks[i * words + w] |= bit }
    }
    var byPattern: [[UInt64]: [Int]] = [:]
    var byPattern1: [UInt64: [Int]] = [:]   // p ≤ 64: one word, a cheap key
    var order: [[UInt64]] = []
    for i in 0..<n {
      if words == 1 {
        let k = masks[i]
        if k == 0 { continue }
        if byPattern1[k] == nil { order.append([k]) }
        byPattern1[k, default: []].append(i)
        continue
      }
      let mask = Array(masks[(i * words)..<((i + 1) * words)])
      if mask.allSatisfy({ $0 == 0 }) { continue }
      if byPattern[mask] == nil { order.append(mask) }
      byPattern[mask, default: []].append(i)
    }
    var patterns: [MissingPattern] = []
    var used = 0
    for mask in order {
      let rows = words == 1 ? byPattern1[mask[0]]! : byPattern[mask]!
      let obs = (0..<p).filter { mask[$0 / 64] & (UInt64(1) << UInt64($0 % 64)) != 0 }
      var sub = g.data.submatrix(rows: rows, columns: obs)
      let r = rows.count
      var sum = [Double](repeating: 0, count: obs.count)
      for j in 0..<obs.count {
        let base = j * r
        var s = 0.0
        for i in 0..<r { s += sub.elements[base + i] }
        sum[j] = s
        let m = s / Double(r)
        for i in 0..<r { sub.elements[base + i] -= m }
      }
      patterns.append(MissingPattern(observed: obs, rows: rows, n: Double(r), sum: sum, scatter: crossProduct(sub)))
      used += r
    }
    // Start values: available-case means and variances (pooled over patterns), covariances zero.
    var mean = [Double](repeating: 0, count: p)
    var cov = Matrix(rows: p, columns: p)
    for j in 0..<p {
      var k = 0.0, s = 0.0
      for pat in patterns { if let a = pat.observed.firstIndex(of: j) { k += pat.n; s += pat.sum[a] } }
      guard k > 1 else { throw .noVariance(item: items[j], group: g.name) }
      let mu = s / k
      var m2 = 0.0
      for pat in patterns { if let a = pat.observed.firstIndex(of: j) { let d = pat.sum[a] / pat.n - mu; m2 += pat.scatter[a, a] + pat.n * d * d } }
      mean[j] = mu
      cov[j, j] = m2 / k
      if !(cov[j, j] > 0) { throw .noVariance(item: items[j], group: g.name) }
    }
    // rows: the group's full matrix (patterns index into it).
    var st = GroupStatistics(name: g.name, n: Double(used), mean: mean, cov: cov, rows: g.data, weights: nil, clusters: nil)
    st.patterns = patterns
    let (m, s) = try em(patterns: patterns, p: p, n: Double(used), start: (mean, cov))
    st.saturatedMean = m
    st.saturatedCov = s
    st.mean = m
    st.cov = s
    return st
  }

  /// EM for the saturated normal model with missing data (the h1 model of FIML), run to a relative
  /// change of the log-likelihood below 1e-14 or 10,000 iterations.
  static func em(patterns: [MissingPattern], p: Int, n: Double, start: ([Double], Matrix)) throws(MeasurementModelError) -> ([Double], Matrix) {
    var mu = start.0, sigma = start.1
    var lastLL = -Double.infinity
    for _ in 0..<10_000 {
      var t1 = [Double](repeating: 0, count: p)
      var t2 = Matrix(rows: p, columns: p)
      var ll = 0.0
      for pat in patterns {
        let o = pat.observed
        let mis = (0..<p).filter { !o.contains($0) }
        let soo = sigma.submatrix(rows: o, columns: o)
        guard let c = try? Cholesky(soo) else { throw .notPositiveDefinite("the EM covariance of a missing-data pattern") }
        let muo = o.map { mu[$0] }
        // Log-likelihood of the pattern.
        let sinv = c.inverse()
        var quad = 0.0
        let xbar = pat.mean
        let raw = pat.crossProducts
        for a in 0..<o.count { for b in 0..<o.count {
          let cab = pat.scatter[a, b] / pat.n + (xbar[a] - muo[a]) * (xbar[b] - muo[b])
          quad += sinv[a, b] * cab
        } }
        ll += -0.5 * pat.n * (Double(o.count) * log(2 * Double.pi) + c.logDeterminant + quad)
        if mis.isEmpty {
          for (a, i) in o.enumerated() {
            t1[i] += pat.sum[a]
            for (b, k) in o.enumerated() { t2[i, k] += raw[a, b] }
          }
          continue
        }
        // E-step: E[x_m | x_o] = μ_m + B (x_o − μ_o), B = Σ_mo Σ_oo⁻¹; Var = Σ_mm − B Σ_om.
        let smo = sigma.submatrix(rows: mis, columns: o)
        let bT = c.solve(smo.transposed)          // o × m = Σ_oo⁻¹ Σ_om
        let b = bT.transposed                      // m × o
        let condCov = sigma.submatrix(rows: mis, columns: mis) - smo * bT
        let cshift = (0..<mis.count).map { a in mu[mis[a]] - (0..<o.count).reduce(0.0) { $0 + b[a, $1] * muo[$1] } }
        // Σ over rows: x_o sums known; x̂_m = c + B x_o.
        let bsum = b * pat.sum
        let xm = (0..<mis.count).map { pat.n * cshift[$0] + bsum[$0] }
        for (a, i) in o.enumerated() {
          t1[i] += pat.sum[a]
          for (bb, k) in o.enumerated() { t2[i, k] += raw[a, bb] }
        }
        for (a, i) in mis.enumerated() { t1[i] += xm[a] }
        // Σ x_o x̂_mᵀ = Σ x_o (c + B x_o)ᵀ = sum cᵀ + XX Bᵀ.
        let xxB = raw * bT                      // o × m
        for (a, i) in o.enumerated() {
          for (bb, k) in mis.enumerated() {
            let v = pat.sum[a] * cshift[bb] + xxB[a, bb]
            t2[i, k] += v; t2[k, i] += v
          }
        }
        // Σ x̂_m x̂_mᵀ + n·condCov.
        let bxxB = b * xxB                        // m × m
        for (a, i) in mis.enumerated() {
          for (bb, k) in mis.enumerated() {
            t2[i, k] += pat.n * cshift[a] * cshift[bb] + cshift[a] * bsum[bb] + bsum[a] * cshift[bb] + bxxB[a, bb]
              + pat.n * condCov[a, bb]
          }
        }
      }
      mu = t1.map { $0 / n }
      var s = Matrix(rows: p, columns: p)
      for i in 0..<p { for k in 0..<p { s[i, k] = t2[i, k] / n - mu[i] * mu[k] } }
      sigma = s.symmetrized
      if abs(ll - lastLL) <= 1e-14 * abs(ll) { break }
      lastLL = ll
    }
    return (mu, sigma)
  }
}

import LinearAlgebra

// Rank correlations (Spearman, Kendall τ-b) for `correlation(_:method:missing:)`.
//
// Implementation notes:
// 1. R's `cor(method = "spearman", use = "pairwise")` ranks each pair's complete rows afresh
//    (R 4.2 `cor`, the `na.method %in% c(2L, 5L)` branch). To do that without sorting per pair,
//    each column's observed rows are sorted once; a pair walks that order skipping rows where the
//    other column is missing and assigns average ranks in O(n). Mean rank is (m + 1)/2 exactly.
// 2. Kendall τ-b by Knight's algorithm: sort by (x, y), count x ties and joint ties, merge-sort y
//    counting strict inversions (discordant pairs), count y ties. O(m log m) per pair.

func _rankCorrelation(
  _ x: Matrix, method: CorrelationMethod, missing: MissingPolicy
) throws(CorrelationError) -> CorrelationMatrix {
  let anyMissing = try _scan(x, missing: missing)
  let p = x.columns
  let data: Matrix
  if anyMissing && missing == .listwise {
    data = x.submatrix(rows: completeRows(x), columns: 0..<p)
    guard data.rows >= 2 else { throw .tooFewObservations(count: data.rows, required: 2) }
  } else {
    data = x
  }
  let n = data.rows
  let columns = (0..<p).map { data.column($0) }
  let observed = columns.map { col in col.map { !$0.isNaN } }
  // Each column's observed rows, sorted by value (stable: ties keep row order).
  let orders = columns.map { col in col.indices.filter { !col[$0].isNaN }.sorted { col[$0] < col[$1] } }
  var r = Matrix(rows: p, columns: p)
  var counts = Matrix(rows: p, columns: p)
  var rankJ = [Double](repeating: .nan, count: n)
  var rankK = [Double](repeating: .nan, count: n)
  for k in 0..<p {
    for j in k..<p {
      let both = (0..<n).filter { observed[j][$0] && observed[k][$0] }
      let m = both.count
      counts[j, k] = Double(m)
      counts[k, j] = Double(m)
      var value = Double.nan
      if m >= 2 {
        switch method {
        case .spearman:
          let oj = orders[j].filter { observed[k][$0] }
          let ok = orders[k].filter { observed[j][$0] }
          _assignAverageRanks(order: oj, values: columns[j], into: &rankJ)
          _assignAverageRanks(order: ok, values: columns[k], into: &rankK)
          let mean = Double(m + 1) / 2
          var sjk = 0.0, sjj = 0.0, skk = 0.0
          for i in both {
            let a = rankJ[i] - mean, b = rankK[i] - mean
            sjk += a * b
            sjj += a * a
            skk += b * b
          }
          let d = sjj * skk
          if d > 0 { value = Swift.min(1, Swift.max(-1, sjk / d.squareRoot())) }
        case .kendall:
          value = kendallTauB(both.map { columns[j][$0] }, both.map { columns[k][$0] })
        case .pearson:
          preconditionFailure("_rankCorrelation called for Pearson")
        }
      }
      if j == k { value = value.isNaN ? .nan : 1 }
      r[j, k] = value
      r[k, j] = value
    }
  }
  return CorrelationMatrix(correlation: r, pairCounts: counts, method: method, missingPolicy: missing, rowCount: n)
}

/// Kendall's τ-b of two equally long vectors without missing values (R `cor(x, y, method = "kendall")`).
///
/// ```
/// τ_b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)),  n₀ = m(m − 1)/2
/// n_c − n_d = n₀ − n₁ − n₂ + n₃ − 2·(discordant pairs)
/// ```
/// n₁, n₂: pairs tied in x, in y; n₃: pairs tied in both. NaN when x or y is constant or m < 2.
/// Knight's algorithm, O(m log m) time, O(m) memory.
///
/// References: Knight (1966), JASA 61(314) 436–439, doi:10.1080/01621459.1966.10480879.
/// Validated against: R 4.2 `cor(method = "kendall")`.
public func kendallTauB(_ x: [Double], _ y: [Double]) -> Double {
  precondition(x.count == y.count, "kendallTauB: \(x.count) vs \(y.count) values")
  let m = x.count
  guard m >= 2 else { return .nan }
  let order = (0..<m).sorted { x[$0] < x[$1] || (x[$0] == x[$1] && y[$0] < y[$1]) }
  var n1 = 0, n3 = 0
  var s = 0
  while s < m {
    var e = s + 1
    while e < m && x[order[e]] == x[order[s]] { e += 1 }
    n1 += (e - s) * (e - s - 1) / 2
    var t = s
    while t < e {
      var u = t + 1
      while u < e && y[order[u]] == y[order[t]] { u += 1 }
      n3 += (u - t) * (u - t - 1) / 2
      t = u
    }
    s = e
  }
  var ys = order.map { y[$0] }
  var buffer = ys
  let discordant = _mergeSortCountingInversions(&ys, &buffer, 0, m)
  var n2 = 0
  s = 0
  while s < m {
    var e = s + 1
    while e < m && ys[e] == ys[s] { e += 1 }
    n2 += (e - s) * (e - s - 1) / 2
    s = e
  }
  let n0 = m * (m - 1) / 2
  let numerator = Double(n0 - n1 - n2 + n3 - 2 * discordant)
  let denominator = (Double(n0 - n1) * Double(n0 - n2)).squareRoot()
  return denominator > 0 ? numerator / denominator : .nan
}

/// Sorts a[lo..<hi] ascending (stable) and returns the number of strict inversions (i < j, a[i] > a[j]).
func _mergeSortCountingInversions(_ a: inout [Double], _ buf: inout [Double], _ lo: Int, _ hi: Int) -> Int {
  if hi - lo < 2 { return 0 }
  let mid = (lo + hi) / 2
  var count = _mergeSortCountingInversions(&a, &buf, lo, mid) + _mergeSortCountingInversions(&a, &buf, mid, hi)
  var i = lo, j = mid, k = lo
  while i < mid && j < hi {
    if a[i] <= a[j] {
      buf[k] = a[i]; i += 1
    } else {
      buf[k] = a[j]; j += 1
      count += mid - i
    }
    k += 1
  }
  while i < mid { buf[k] = a[i]; i += 1; k += 1 }
  while j < hi { buf[k] = a[j]; j += 1; k += 1 }
  for t in lo..<hi { a[t] = buf[t] }
  return count
}

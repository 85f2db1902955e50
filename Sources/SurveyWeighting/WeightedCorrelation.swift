import LinearAlgebra

/// Survey-weighted covariance and Pearson correlation matrices.
public struct WeightedCorrelation: Sendable, Equatable {
  /// Weighted means.
  public let means: [Double]
  /// Weighted covariance, R `svyvar` convention: n/(n − 1)·Σ w (x − x̄)(x − x̄)ᵀ / Σ w.
  public let covariance: Matrix
  /// Pearson correlation from the covariance.
  public let correlation: Matrix
  /// Rows used (non-zero weight, complete).
  public let count: Int
}

/// Weighted covariance/correlation of the columns of `x` (rows with a missing value are dropped).
///
/// ```
/// x̄ = Xᵀw/Σw;  S = n/(n − 1) · (√w∘(X − 1x̄ᵀ))ᵀ(√w∘(X − 1x̄ᵀ)) / Σw   (one dsyrk)
/// ```
/// n = rows with non-zero weight. With unit weights this is the ordinary sample covariance
/// (denominator n − 1) and Pearson correlation. The n/(n − 1) factor follows R survey `svyvar`; it
/// cancels in the correlation.
public func weightedCorrelation(_ x: Matrix, weights: [Double]) throws(DesignError) -> WeightedCorrelation {
  let n = x.rows, p = x.columns
  if weights.count != n { throw .lengthMismatch(what: "weights", expected: n, found: weights.count) }
  var keep: [Int] = []
  for i in 0..<n where weights[i] != 0 {
    var ok = true
    for j in 0..<p where x.elements[j * n + i].isNaN { ok = false; break }
    if ok { keep.append(i) }
  }
  let m = keep.count
  if m < 2 { throw .noObservations(what: "a covariance (fewer than 2 complete rows)") }
  let w = keep.map { weights[$0] }
  let wsum = w.reduce(0, +)
  var means = [Double](repeating: 0, count: p)
  for j in 0..<p { for (r, i) in keep.enumerated() { means[j] += w[r] * x.elements[j * n + i] }; means[j] /= wsum }
  var y = Matrix(rows: m, columns: p)
  for j in 0..<p {
    for (r, i) in keep.enumerated() { y.elements[j * m + r] = w[r].squareRoot() * (x.elements[j * n + i] - means[j]) }
  }
  let cov = crossProduct(y) * (Double(m) / Double(m - 1) / wsum)
  var cor = cov
  for a in 0..<p { for b in 0..<p { cor[a, b] = a == b ? 1 : cov[a, b] / (cov[a, a] * cov[b, b]).squareRoot() } }
  return WeightedCorrelation(means: means, covariance: cov, correlation: cor, count: m)
}

extension SurveyDesign {
  /// Weighted covariance and correlation with the design's weights (see ``weightedCorrelation(_:weights:)``).
  public func correlation(_ x: Matrix) throws(DesignError) -> WeightedCorrelation {
    if x.rows != count { throw .lengthMismatch(what: "the analysis matrix", expected: count, found: x.rows) }
    return try weightedCorrelation(x, weights: weights)
  }
}

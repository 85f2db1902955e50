import LinearAlgebra
import Statistics

/// Survey-weighted covariance and Pearson correlation matrices.
public struct WeightedCorrelation: Sendable, Equatable {
  /// Weighted means Σwx/Σw of each column over its rows used (listwise: the complete rows;
  /// pairwise: the column's observed rows).
  public let means: [Double]
  /// Weighted covariance, R `svyvar` convention on the rows used: m/(m − 1)·Σw(x − x̄)(y − ȳ)/Σw
  /// (pairwise: each pair's rows, m = their number; a variance over its column's rows).
  public let covariance: Matrix
  /// Pearson correlation: each covariance over the SDs of the same rows.
  public let correlation: Matrix
  /// Rows used: listwise the complete rows of non-zero weight; pairwise the rows with non-zero
  /// weight and at least one observed value.
  public let count: Int
  /// p × p rows behind each element (listwise: all `count`).
  public let pairCounts: Matrix
  /// How missing values were treated (`.listwise` or `.pairwise`).
  public let missingPolicy: MissingPolicy
}

/// Weighted covariance/correlation of the columns of `x`: listwise (rows with a missing value are
/// dropped, the default) or pairwise (each pair's own rows, means and SDs).
///
/// ```
/// x̄ = Σw x/Σw;  S = m/(m − 1) · Σ w (x − x̄)(x − x̄)ᵀ / Σw        (one dsyrk of √w∘(X − 1x̄ᵀ))
/// ```
/// m = rows with non-zero weight among those used (rows of weight 0 are left out, as a design
/// subset). With unit weights this is the ordinary sample covariance (denominator m − 1) and
/// Pearson correlation, bit for bit (the kernel is Statistics' `covariance(_:missing:weights:)`,
/// whose unweighted form is the same code with wᵢ = 1). The m/(m − 1) factor follows R survey
/// `svyvar` on the subset design of the rows used; it cancels in the correlation.
///
/// Validated against: R survey 4.1.1 `svyvar` (listwise, and per pair for pairwise) on bfi with
/// weights 1 + (i mod 7)/3 (PsychometricsTests `WeightedCorrelationTests`, 1e-12).
public func weightedCorrelation(
  _ x: Matrix, weights: [Double], missing: MissingPolicy = .listwise
) throws(DesignError) -> WeightedCorrelation {
  let n = x.rows, p = x.columns
  if weights.count != n { throw .lengthMismatch(what: "weights", expected: n, found: weights.count) }
  for (i, w) in weights.enumerated() where !(w.isFinite && w >= 0) { throw .invalidWeight(row: i, value: w) }
  let policy: MissingPolicy = missing == .pairwise ? .pairwise : .listwise
  let cov: CovarianceMatrix, cor: CorrelationMatrix
  do {
    cov = try covariance(x, missing: policy, weights: weights)
    cor = try correlation(x, method: .pearson, missing: policy, weights: weights)
  } catch .tooFewObservations {
    throw .noObservations(what: "a covariance (fewer than 2 complete rows)")
  } catch {
    throw .invalidArgument(name: "x", value: "\(error)", allowed: "finite values or NaN (missing)")
  }
  var means = [Double](repeating: .nan, count: p)
  var used = [Bool](repeating: false, count: n)
  for i in 0..<n where weights[i] != 0 {
    let complete = (0..<p).allSatisfy { !x[i, $0].isNaN }
    used[i] = policy == .listwise ? complete : (0..<p).contains { !x[i, $0].isNaN }
  }
  for j in 0..<p {
    var s = 0.0, wsum = 0.0
    for i in 0..<n where used[i] && !x[i, j].isNaN {
      s += weights[i] * x[i, j]
      wsum += weights[i]
    }
    if wsum > 0 { means[j] = s / wsum }
  }
  let count = used.reduce(0) { $0 + ($1 ? 1 : 0) }
  if count < 2 { throw .noObservations(what: "a covariance (fewer than 2 complete rows)") }
  return WeightedCorrelation(
    means: means, covariance: cov.covariance, correlation: cor.correlation, count: count, pairCounts: cor.pairCounts,
    missingPolicy: policy)
}

extension SurveyDesign {
  /// Weighted covariance and correlation with the design's weights (see ``weightedCorrelation(_:weights:missing:)``).
  public func correlation(_ x: Matrix, missing: MissingPolicy = .listwise) throws(DesignError) -> WeightedCorrelation {
    if x.rows != count { throw .lengthMismatch(what: "the analysis matrix", expected: count, found: x.rows) }
    return try weightedCorrelation(x, weights: weights, missing: missing)
  }
}

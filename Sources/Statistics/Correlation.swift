import LinearAlgebra

/// How missing values (NaN) are treated by a statistic computed over several variables.
public enum MissingPolicy: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Any missing value is an error (the strict default).
  case fail
  /// Use only the rows where every variable is observed (R `use = "complete.obs"`).
  case listwise
  /// Use, for each pair of variables, the rows where both are observed (R `use = "pairwise.complete.obs"`).
  case pairwise
}

/// The correlation coefficient.
public enum CorrelationMethod: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Pearson's product-moment correlation.
  case pearson
  /// Spearman's ρ: Pearson's r of average ranks.
  case spearman
  /// Kendall's τ-b (tie-corrected).
  case kendall
}

/// Why a covariance or correlation matrix could not be computed.
public enum CorrelationError: Error, Sendable, Equatable, CustomStringConvertible {
  /// A value is NaN (missing) and the policy is `.fail`; row and column are 0-based.
  case missingValue(row: Int, column: Int)
  /// A value is ±∞; row and column are 0-based.
  case nonFiniteValue(row: Int, column: Int, value: Double)
  /// Fewer usable rows than the statistic needs (listwise: complete rows).
  case tooFewObservations(count: Int, required: Int)

  public var description: String {
    switch self {
    case .missingValue(let row, let column):
      return "missing value at row \(row + 1), column \(column + 1); choose missing: listwise or pairwise to allow missing values"
    case .nonFiniteValue(let row, let column, let value):
      return "value \(value) at row \(row + 1), column \(column + 1) is not finite; only finite numbers or NaN (missing) are allowed"
    case .tooFewObservations(let count, let required):
      return "\(count) usable rows; at least \(required) are required"
    }
  }
}

/// A covariance matrix with the number of rows behind each element.
public struct CovarianceMatrix: Sendable, Equatable {
  /// p × p sample covariances (denominator n − 1, n = the rows used for that element).
  public let covariance: Matrix
  /// p × p counts n_jk of rows used for element (j, k) (all equal for `.fail`/`.listwise`).
  public let pairCounts: Matrix
  /// How missing values were treated.
  public let missingPolicy: MissingPolicy
  /// Rows of the input (for `.listwise`: the complete rows that were used).
  public let rowCount: Int
}

/// A correlation matrix with the number of rows behind each element.
public struct CorrelationMatrix: Sendable, Equatable {
  /// p × p correlations; NaN where a pair has fewer than 2 rows or a zero variance (as R gives NA).
  public let correlation: Matrix
  /// p × p counts n_jk of rows used for element (j, k) (all equal for `.fail`/`.listwise`).
  public let pairCounts: Matrix
  /// The coefficient.
  public let method: CorrelationMethod
  /// How missing values were treated.
  public let missingPolicy: MissingPolicy
  /// Rows of the input (for `.listwise`: the complete rows that were used).
  public let rowCount: Int
}

/// Sample covariance matrix of the columns of an n × p matrix; NaN marks a missing value.
///
/// ```
/// s_jk = Σᵢ (x_ij − x̄_j(jk)) (x_ik − x̄_k(jk)) / (n_jk − 1)
/// ```
/// over the rows i used for the pair: all rows (`.fail`), the complete rows (`.listwise`) or the rows
/// where both j and k are observed (`.pairwise`, each pair with its own means x̄_j(jk), x̄_k(jk), as R).
/// Denominator n_jk − 1. Elements with n_jk < 2 are NaN.
///
/// Implementation (goals: accuracy, then level-3 BLAS, then memory): columns are first shifted by
/// their observed means (which removes most cancellation and changes no covariance). Listwise and
/// complete data use one `dsyrk` on the centred rows. Pairwise uses four masked level-3 products
/// and no loop over the rows of a pair: with M the 0/1 indicator of observed values and X0 the
/// shifted data with missing set to 0,
/// ```
/// N = MᵀM (dsyrk), S = X0ᵀM, SS = (X0∘X0)ᵀM, C = X0ᵀX0 (dsyrk)
/// x̄_j(jk) = S[j,k]/N[j,k];  s_jk = (C[j,k] − S[j,k]·S[k,j]/N[j,k]) / (N[j,k] − 1)
/// s_j(jk)² = (SS[j,k] − S[j,k]²/N[j,k]) / (N[j,k] − 1)
/// ```
/// Cost 4·n·p² flops (pairwise), n·p² (complete); memory three n × p work matrices.
///
/// Validated against: R 4.2 `cov(x, use = "pairwise.complete.obs" | "complete.obs")`.
public func covariance(_ x: Matrix, missing: MissingPolicy = .fail) throws(CorrelationError) -> CovarianceMatrix {
  let m = try _moments(x, missing: missing)
  return CovarianceMatrix(covariance: m.cov, pairCounts: m.n, missingPolicy: missing, rowCount: m.rows)
}

/// Correlation matrix (Pearson, Spearman or Kendall τ-b) of the columns of an n × p matrix; NaN = missing.
///
/// Pearson:
/// ```
/// r_jk = s_jk / (s_j(jk) · s_k(jk))
/// ```
/// with the covariance and both standard deviations taken over the same rows (for `.pairwise`, the
/// pair's complete rows and the pair's own means and SDs, exactly as R `cor(use = "pairwise")`);
/// see `covariance(_:missing:)` for the masked level-3 BLAS products. Results are clamped to
/// [−1, 1] and the diagonal is 1, as R does; pairs with n_jk < 2 or a zero SD give NaN (R: NA with
/// a warning).
///
/// Spearman: Pearson's r of average ranks (ties get the mean rank). With `.pairwise`, each pair's
/// complete rows are ranked afresh, as R's `cor(method = "spearman", use = "pairwise")` does; each
/// column is sorted once, so a pair costs O(n). With `.listwise`, the complete rows are ranked once.
///
/// Kendall τ-b:
/// ```
/// τ_b = (n_c − n_d) / √((n₀ − n₁)(n₀ − n₂)),   n₀ = m(m − 1)/2
/// ```
/// (n₁, n₂ tied pairs in x, y), computed per pair by Knight's (1966) O(m log m) algorithm; R
/// `cor(method = "kendall")`. Intended for a moderate number of columns (p² / 2 pairs).
///
/// References: Knight (1966), JASA 61(314) 436–439, doi:10.1080/01621459.1966.10480879.
///
/// Validated against: R 4.2 `cor()` on psych::bfi (tests: `CorrelationTests`).
///
/// Example:
/// ```swift
/// let x = Matrix([[1, 2], [2, .nan], [3, 7], [4, 8]])
/// let r = try correlation(x, method: .pearson, missing: .pairwise)
/// // r.correlation[0, 1] uses rows 1, 3, 4; r.pairCounts[0, 1] == 3
/// ```
public func correlation(
  _ x: Matrix, method: CorrelationMethod = .pearson, missing: MissingPolicy = .fail
) throws(CorrelationError) -> CorrelationMatrix {
  switch method {
  case .pearson:
    let m = try _moments(x, missing: missing)
    let p = x.columns
    var r = Matrix(rows: p, columns: p)
    for k in 0..<p {
      for j in 0..<p {
        if j == k {
          r[j, j] = m.varJ[j, j] > 0 ? 1 : .nan
          continue
        }
        // varJ[j, k]: variance of j over the rows of pair (j, k); varJ[k, j]: that of k.
        let v = m.varJ[j, k] * m.varJ[k, j]
        r[j, k] = v > 0 ? Swift.min(1, Swift.max(-1, m.cov[j, k] / v.squareRoot())) : .nan
      }
    }
    return CorrelationMatrix(correlation: r, pairCounts: m.n, method: .pearson, missingPolicy: missing, rowCount: m.rows)
  case .spearman, .kendall:
    return try _rankCorrelation(x, method: method, missing: missing)
  }
}

/// Pair-specific second moments: n (counts), cov, varJ[j,k] = variance of j over pair (j,k)'s rows.
struct _PairMoments {
  var n: Matrix
  var cov: Matrix
  var varJ: Matrix
  var rows: Int
}

/// Checks values: ±∞ is always an error, NaN is an error under `.fail`. Returns whether any NaN exists.
func _scan(_ x: Matrix, missing: MissingPolicy) throws(CorrelationError) -> Bool {
  var anyMissing = false
  for j in 0..<x.columns {
    for i in 0..<x.rows {
      let v = x[i, j]
      if v.isNaN {
        if missing == .fail { throw .missingValue(row: i, column: j) }
        anyMissing = true
      } else if v.isInfinite {
        throw .nonFiniteValue(row: i, column: j, value: v)
      }
    }
  }
  return anyMissing
}

/// Indices of the rows with no NaN.
func _completeRows(_ x: Matrix) -> [Int] {
  (0..<x.rows).filter { i in (0..<x.columns).allSatisfy { !x[i, $0].isNaN } }
}

func _moments(_ x: Matrix, missing: MissingPolicy) throws(CorrelationError) -> _PairMoments {
  let p = x.columns
  let anyMissing = try _scan(x, missing: missing)
  if !anyMissing || missing == .listwise {
    let data = anyMissing ? x.submatrix(rows: _completeRows(x), columns: 0..<p) : x
    let n = data.rows
    guard n >= 2 else { throw .tooFewObservations(count: n, required: 2) }
    // Two-pass: centre each column by its mean, then one dsyrk.
    var centred = data
    for j in 0..<p {
      var s = 0.0
      for i in 0..<n { s += data[i, j] }
      let mean = s / Double(n)
      var c = 0.0  // R-style refinement of the mean: add the mean residual.
      for i in 0..<n { c += data[i, j] - mean }
      let refined = mean + c / Double(n)
      for i in 0..<n { centred[i, j] = data[i, j] - refined }
    }
    let cov = crossProduct(centred) / Double(n - 1)
    var varJ = Matrix(rows: p, columns: p)
    for k in 0..<p { for j in 0..<p { varJ[j, k] = cov[j, j] } }
    return _PairMoments(n: Matrix(rows: p, columns: p, repeating: Double(n)), cov: cov, varJ: varJ, rows: n)
  }
  // Pairwise: masked level-3 products.
  let n = x.rows
  var mask = Matrix(rows: n, columns: p)
  var x0 = Matrix(rows: n, columns: p)
  for j in 0..<p {
    var s = 0.0, c = 0
    for i in 0..<n where !x[i, j].isNaN { s += x[i, j]; c += 1 }
    let shift = c > 0 ? s / Double(c) : 0
    for i in 0..<n where !x[i, j].isNaN {
      mask[i, j] = 1
      x0[i, j] = x[i, j] - shift
    }
  }
  let x2 = x0.hadamard(x0)
  let counts = crossProduct(mask)  // N = MᵀM
  let sums = crossProduct(x0, mask)  // S[j,k] = Σ_{i: k observed} x0_ij
  let squares = crossProduct(x2, mask)  // SS[j,k] = Σ_{i: k observed} x0_ij²
  let cross = crossProduct(x0)  // C = X0ᵀX0
  var cov = Matrix(rows: p, columns: p)
  var varJ = Matrix(rows: p, columns: p)
  for k in 0..<p {
    for j in 0..<p {
      let njk = counts[j, k]
      guard njk >= 2 else {
        cov[j, k] = .nan
        varJ[j, k] = .nan
        continue
      }
      cov[j, k] = (cross[j, k] - sums[j, k] * sums[k, j] / njk) / (njk - 1)
      varJ[j, k] = Swift.max(0, (squares[j, k] - sums[j, k] * sums[j, k] / njk) / (njk - 1))
    }
  }
  return _PairMoments(n: counts, cov: cov, varJ: varJ, rows: n)
}

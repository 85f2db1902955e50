import LinearAlgebra

/// Why a factor analysis, rotation or factor-number analysis could not be computed.
///
/// Properties of the data that still give a result (Heywood cases, a smoothed non-positive-definite
/// matrix) are reported as warnings on the result (``FactorAnalysisWarning``), not thrown.
public enum FactorAnalysisError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The correlation matrix is not square.
  case notSquare(rows: Int, columns: Int)
  /// The correlation matrix has a NaN/±∞ entry at (row, column), zero-based.
  case nonFiniteEntry(row: Int, column: Int)
  /// The matrix is not symmetric: |R[i, j] − R[j, i]| exceeds the tolerance at (row, column).
  case notSymmetric(row: Int, column: Int, difference: Double)
  /// A diagonal element is not positive.
  case nonPositiveDiagonal(index: Int, value: Double)
  /// The number of factors must be in 1...allowed (allowed = number of variables − 1, or p for components).
  case invalidFactorCount(requested: Int, allowed: ClosedRange<Int>)
  /// A count (observations, iterations, …) is outside its allowed range.
  case invalidCount(name: String, value: Int, allowed: ClosedRange<Int>)
  /// An iterative method did not converge (method, iterations used).
  case notConverged(method: String, iterations: Int)
  /// Data for scores / resampling contain NaN at (row, column).
  case missingData(row: Int, column: Int)
  /// Data have the wrong number of columns.
  case columnCountMismatch(expected: Int, found: Int)
  /// The pair-count matrix is not p × p for a p × p correlation matrix.
  case pairCountsMismatch(rows: Int, columns: Int, expected: Int)
  /// A LAPACK routine failed (eigen, Cholesky, SVD, solve).
  case linearAlgebra(LAPACKError)

  public var description: String {
    switch self {
    case .notSquare(let r, let c): return "the correlation matrix is \(r)×\(c); a square matrix is required"
    case .nonFiniteEntry(let i, let j): return "the correlation matrix has a NaN or infinite entry at [\(i), \(j)] (0-based)"
    case .notSymmetric(let i, let j, let d):
      return "the correlation matrix is not symmetric: [\(i), \(j)] and [\(j), \(i)] differ by \(d)"
    case .nonPositiveDiagonal(let i, let v): return "diagonal element \(i) (0-based) is \(v); it must be > 0"
    case .invalidFactorCount(let n, let allowed):
      return "\(n) factors requested; allowed are \(allowed.lowerBound)...\(allowed.upperBound) for this matrix"
    case .invalidCount(let name, let v, let allowed):
      return "\(name) = \(v); allowed are \(allowed.lowerBound)...\(allowed.upperBound)"
    case .notConverged(let m, let it): return "\(m) did not converge in \(it) iterations"
    case .missingData(let i, let j): return "the data have a missing value at row \(i), column \(j) (0-based); complete data are required"
    case .columnCountMismatch(let e, let f): return "the data have \(f) columns; \(e) were expected"
    case .pairCountsMismatch(let r, let c, let p): return "the pair-count matrix is \(r)×\(c); it must be \(p)×\(p) like the correlation matrix"
    case .linearAlgebra(let e): return e.description
    }
  }
}

/// A condition worth reporting that still gives a result.
public enum FactorAnalysisWarning: Sendable, Equatable, Hashable, CustomStringConvertible {
  /// An item's fitted communality reached 1 or more (psych "ultra-Heywood case"), or its
  /// uniqueness is at the lower bound 0.005 of the optimiser (Heywood case).
  case heywoodCase(item: Int, communality: Double)
  /// The correlation or model matrix was not positive definite and was smoothed (psych `cor.smooth`).
  case smoothed
  /// The rotation stopped at its iteration limit (psych/GPArotation warn and continue).
  case rotationNotConverged(rotation: String, iterations: Int)

  public var description: String {
    switch self {
    case .heywoodCase(let i, let h): return "Heywood case: item \(i) (0-based) has communality \(h)"
    case .smoothed: return "a matrix was not positive definite and was smoothed (psych cor.smooth)"
    case .rotationNotConverged(let r, let it): return "\(r) rotation did not converge in \(it) iterations"
    }
  }
}

/// Validates a correlation matrix: square, finite, symmetric to 1e-10·max|R|, positive diagonal.
func _validateCorrelation(_ r: Matrix) throws(FactorAnalysisError) {
  guard r.isSquare else { throw .notSquare(rows: r.rows, columns: r.columns) }
  let p = r.rows
  for j in 0..<p {
    for i in 0..<p where !r[i, j].isFinite { throw .nonFiniteEntry(row: i, column: j) }
  }
  let scale = r.elements.reduce(0) { Swift.max($0, Swift.abs($1)) }
  for j in 0..<p {
    for i in (j + 1)..<Swift.max(p, j + 1) {
      let d = Swift.abs(r[i, j] - r[j, i])
      if d > 1e-10 * Swift.max(scale, 1) { throw .notSymmetric(row: i, column: j, difference: d) }
    }
    if r[j, j] <= 0 { throw .nonPositiveDiagonal(index: j, value: r[j, j]) }
  }
}

/// Runs a throwing LAPACK call and wraps its error.
@inline(__always)
func _la<T>(_ body: () throws(LAPACKError) -> T) throws(FactorAnalysisError) -> T {
  do { return try body() } catch { throw .linearAlgebra(error) }
}

/// psych `cov2cor` of a validated matrix (symmetrised first).
func _standardize(_ m: Matrix) throws(FactorAnalysisError) -> Matrix {
  do { return try m.symmetrized.correlationFromCovariance() } catch {
    if case .nonPositiveVariance(let i, let v) = error { throw .nonPositiveDiagonal(index: i, value: v) }
    throw .notSquare(rows: m.rows, columns: m.columns)
  }
}

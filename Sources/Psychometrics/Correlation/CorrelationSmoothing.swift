import LinearAlgebra

/// A correlation matrix made positive definite by eigenvalue smoothing, as psych's `cor.smooth`.
public struct SmoothedCorrelation: Sendable, Equatable {
  /// The smoothed matrix (the input unchanged when no smoothing was needed).
  public let correlation: Matrix
  /// True when the smallest eigenvalue was below ε (2.2e-16) and the matrix was rebuilt.
  public let wasSmoothed: Bool
  /// Eigenvalues of the input, descending.
  public let originalEigenvalues: [Double]
}

/// Smooths a non-positive-definite correlation matrix (psych 2.2 `cor.smooth`).
///
/// When the smallest eigenvalue of R is below machine ε:
/// ```
/// λᵢ ← 100·tol  where λᵢ < tol          (tol = eig.tol = 1e-12)
/// λᵢ ← λᵢ · p / Σλ                        (eigenvalues sum to p again)
/// R̃ = cov2cor(V · diag(λ) · Vᵀ)
/// ```
/// Otherwise R is returned unchanged. Only the lower triangle of R is read. Cost O(p³).
///
/// Validated against: psych 2.2.9 `cor.smooth` (Datasets/reference/psychometrics/correlation_extra_cor_smooth.json).
///
/// Example:
/// ```swift
/// let r = Matrix([[1, 0.9, 0.2], [0.9, 1, 0.9], [0.2, 0.9, 1]])
/// let s = try smoothCorrelation(r)   // s.wasSmoothed == true
/// ```
public func smoothCorrelation(_ r: Matrix, eigenvalueTolerance tol: Double = 1e-12) throws(LAPACKError) -> SmoothedCorrelation {
  let eigen = try SymmetricEigen(r, sign: .asComputed)
  let values = eigen.eigenvalues
  guard let smallest = values.last, smallest < Double.ulpOfOne else {
    return SmoothedCorrelation(correlation: r, wasSmoothed: false, originalEigenvalues: values)
  }
  let p = Double(r.rows)
  var l = values.map { $0 < tol ? 100 * tol : $0 }
  let total = l.reduce(0, +)
  l = l.map { $0 * p / total }
  var scaled = eigen.eigenvectors
  for j in 0..<scaled.columns { for i in 0..<scaled.rows { scaled[i, j] *= l[j] } }
  let rebuilt = gemm(transB: .transposed, a: scaled, b: eigen.eigenvectors)
  do {
    return SmoothedCorrelation(correlation: try rebuilt.correlationFromCovariance(), wasSmoothed: true, originalEigenvalues: values)
  } catch {
    // All rebuilt eigenvalues are ≥ 100·tol > 0, so every diagonal element is positive.
    preconditionFailure("smoothCorrelation: \(error)")
  }
}

// Principal components with psych `principal` conventions.
import Foundation
import LinearAlgebra

/// Principal components of a correlation matrix, rotated, equal to R psych 2.2.9 `principal()`.
///
/// ```
/// R = VΛVᵀ,  A = V₁..ₖ · diag(√max(λ, ε))     (loadings of the first k components)
/// h² = rowSums(A²),  u² = 1 − h²
/// ```
/// Then psych's rules: columns with negative sums flipped, rotation (varimax = `stats::varimax`
/// with Kaiser normalisation; promax = `stats::promax`, i.e. *without* psych's Kaiser row weighting
/// that `fa` uses; GPA rotations as ``Rotation``), columns flipped again, components ordered by
/// their sums of squared pattern loadings diag(AᵀA) — also for oblique rotations, unlike `fa`. Fit statistics as psych's `factor.stats(fm = "pc")`.
///
/// Validated against: psych 2.2.9 `principal(R, 5, rotate = "varimax", n.obs = 2800)` on bfi.
public struct PrincipalComponents: Sendable, Equatable {
  public let rotation: Rotation
  public let componentCount: Int
  /// Component loadings (p × k) after rotation, sign and order rules.
  public let loadings: Matrix
  /// Component correlations for oblique rotations.
  public let phi: Matrix?
  /// Structure AΦ.
  public let structure: Matrix
  /// psych `rot.mat` (nil for none).
  public let rotationMatrix: Matrix?
  /// h² = rowSums(A²) of the unrotated loadings.
  public let communality: [Double]
  /// 1 − h².
  public let uniquenesses: [Double]
  /// All eigenvalues of R (psych `values`).
  public let eigenvalues: [Double]
  public let varianceAccounted: VarianceAccounted
  public let fit: FactorFit
  public let warnings: [FactorAnalysisWarning]

  public init(
    correlation: Matrix, components k: Int, observationCount: Int? = nil, rotation: Rotation = .varimax
  ) throws(FactorAnalysisError) {
    try _validateCorrelation(correlation)
    let p = correlation.rows
    guard k >= 1 && k <= p else { throw .invalidFactorCount(requested: k, allowed: 1...p) }
    let r = try _standardize(correlation)
    let e = try _la { () throws(LAPACKError) in try SymmetricEigen(r, sign: .asComputed) }
    var a = Matrix(rows: p, columns: k)
    for j in 0..<k {
      let s = Foundation.sqrt(Swift.max(e.eigenvalues[j], Double.ulpOfOne))
      for i in 0..<p { a[i, j] = e.eigenvectors[i, j] * s }
    }
    let h2 = a.rowSumsOfSquares
    a = a.scalingColumns(a.columnSums.map(_signPositiveZero))
    var warnings: [FactorAnalysisWarning] = []
    let rot: RotatedLoadings
    if rotation == .promax && k > 1 {
      rot = try _promax(a)
    } else {
      rot = try rotate(a, rotation)
    }
    if !rot.converged { warnings.append(.rotationNotConverged(rotation: rotation.rawValue, iterations: rot.iterations)) }
    let signs = rot.loadings.columnSums.map(_signPositiveZero)
    var l = rot.loadings.scalingColumns(signs)
    var phi = rot.phi.map { $0.scalingRows(signs).scalingColumns(signs) }
    if k > 1 {
      // psych `principal` orders by diag(AᵀA) even for oblique rotations (unlike `fa`).
      let ev = l.hadamard(l).columnSums
      let order = _orderDecreasing(ev)
      l = l.selectingColumns(order)
      phi = phi.map { $0.selectingColumns(order).transposed.selectingColumns(order).transposed }
    }
    self.rotation = rotation
    self.componentCount = k
    self.loadings = l
    self.phi = phi
    self.structure = phi.map { l * $0 } ?? l
    self.rotationMatrix = rotation == .none || k < 2 ? nil : rot.rotationMatrix
    self.communality = h2
    self.uniquenesses = (0..<p).map { r[$0, $0] - h2[$0] }
    self.eigenvalues = e.eigenvalues
    self.varianceAccounted = VarianceAccounted(loadings: l, phi: phi, totalVariance: Double(p))
    self.fit = try FactorFit(correlation: r, loadings: l, phi: phi, observationCount: observationCount)
    if fit.smoothed { warnings.append(.smoothed) }
    self.warnings = warnings
  }
}

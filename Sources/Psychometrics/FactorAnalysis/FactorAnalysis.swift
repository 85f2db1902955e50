// Exploratory factor analysis of a correlation matrix (R psych `fa`).
import Foundation
import LinearAlgebra

/// psych's "Vaccounted" table: variance accounted for by each factor.
///
/// ```
/// SS loadings  vⱼ = Σᵢ λ²ᵢⱼ (orthogonal) or diag(Φ ΛᵀΛ)ⱼ (oblique)
/// Proportion Var vⱼ / Σᵢ (h²ᵢ + u²ᵢ),  Cumulative Var, Proportion Explained vⱼ/Σv, Cumulative Proportion
/// ```
public struct VarianceAccounted: Sendable, Equatable {
  public let ssLoadings: [Double]
  public let proportionOfVariance: [Double]
  public let cumulativeVariance: [Double]
  public let proportionExplained: [Double]
  public let cumulativeProportion: [Double]

  init(loadings: Matrix, phi: Matrix?, totalVariance: Double) {
    let vx: [Double]
    if let phi {
      vx = gemm(a: phi, b: gemm(transA: .transposed, a: loadings, b: loadings)).diagonalElements
    } else {
      vx = loadings.hadamard(loadings).columnSums
    }
    ssLoadings = vx
    proportionOfVariance = vx.map { $0 / totalVariance }
    var c = 0.0
    cumulativeVariance = proportionOfVariance.map { c += $0; return c }
    let s = vx.reduce(0, +)
    proportionExplained = vx.map { $0 / s }
    c = 0
    cumulativeProportion = proportionExplained.map { c += $0; return c }
  }
}

/// An exploratory factor analysis of a correlation matrix, equal to R psych 2.2.9 `fa()`.
///
/// ```
/// R ≈ ΛΦΛᵀ + Ψ      (p items, k factors; Φ = I for orthogonal rotations)
/// ```
/// Steps as psych `fa` (`psych:::fac`): extraction (``FactorMethod``) → columns with negative sums
/// flipped → rotation (``Rotation``, GPArotation/stats semantics) → columns flipped again so that
/// every column sum is ≥ 0 (Φ flipped alike) → factors ordered by decreasing SS loadings
/// (diag(ΦΛᵀΛ) when oblique). psych's `fa.sort` (item reordering) is *not* applied.
///
/// - communality: diag(ΛΛᵀ) of the unrotated fit (invariant under rotation); uniquenesses diag(R − ΛΛᵀ).
/// - ``fittedCommunalities``: 1 − Ψ̂ of the optimiser (minres, ml) or the last PA diagonal
///   (psych `communalities`; psych reports only its sum for pa).
/// - ``eigenvalues``: eigen(R) (psych `e.values`); ``commonFactorEigenvalues``: eigenvalues of R
///   with the communalities on its diagonal (psych `values`; for pa those of the last iteration).
///
/// Input: a correlation matrix (a covariance matrix is converted with cov2cor as psych does), the
/// number of observations n (needed for χ², RMSEA, TLI, BIC; optional) and, for a matrix computed
/// from raw data, its pair counts (psych's `np.obs`, used by the residual statistics). Missing
/// data are handled where R was computed (pairwise or listwise); this type sees no raw data.
/// Cost: one p×p eigendecomposition per optimiser step (minres/ml: typically 20–60 steps) and
/// O(p k² ) per rotation iteration.
///
/// References: Harman & Jones (1966) minres, Psychometrika 31, 351–368, doi:10.1007/BF02289468;
/// Jöreskog (1967) ML, Psychometrika 32, 443–482, doi:10.1007/BF02289658; Revelle (2022) psych.
///
/// Validated against: R 4.2.2, psych 2.2.9, GPArotation 2022.10.2 on bfi (25 items, n = 2800,
/// pairwise correlations) for minres/ml/pa × none/varimax/oblimin/promax/geomin/quartimin and on
/// Holzinger–Swineford (9 items, n = 301) against `factanal` (tests `FactorAnalysisTests`).
///
/// Example:
/// ```swift
/// let fa = try FactorAnalysis(correlation: r, factors: 5, observationCount: 2800,
///                             method: .minres, rotation: .oblimin)
/// print(fa.loadings, fa.phi as Any, fa.fit.rmsea?.estimate as Any)
/// ```
public struct FactorAnalysis: Sendable, Equatable {
  public let method: FactorMethod
  public let rotation: Rotation
  public let factorCount: Int
  public let observationCount: Int?
  /// Pattern loadings Λ (p × k) after rotation, sign and order rules.
  public let loadings: Matrix
  /// Unrotated loadings after psych's first sign rule (input to the rotation).
  public let unrotatedLoadings: Matrix
  /// Factor correlations Φ (oblique rotations), nil otherwise.
  public let phi: Matrix?
  /// Structure matrix ΛΦ (= Λ for orthogonal rotations).
  public let structure: Matrix
  /// psych `rot.mat` (maps the unrotated to the rotated loadings before the final sign/order step); nil for none.
  public let rotationMatrix: Matrix?
  /// The permutation applied after rotation: column j of ``loadings`` is rotated factor `factorOrder[j]`.
  public let factorOrder: [Int]
  /// diag(ΛΛᵀ) of the fit (psych `communality`).
  public let communality: [Double]
  /// Optimiser communalities (psych `communalities`).
  public let fittedCommunalities: [Double]
  /// diag(R − ΛΛᵀ) (psych `uniquenesses`).
  public let uniquenesses: [Double]
  /// Eigenvalues of R.
  public let eigenvalues: [Double]
  /// Eigenvalues of R with communalities on the diagonal (psych `values`).
  public let commonFactorEigenvalues: [Double]
  /// SS loadings and proportions.
  public let varianceAccounted: VarianceAccounted
  /// Fit statistics.
  public let fit: FactorFit
  /// Iterations of the extraction (optimiser steps or PA iterations).
  public let extractionIterations: Int
  /// Iterations of the rotation.
  public let rotationIterations: Int
  /// Heywood cases, smoothing, rotation non-convergence.
  public let warnings: [FactorAnalysisWarning]

  /// Fits `factors` common factors to the correlation matrix `correlation` (see the type docs).
  ///
  /// `pairCounts` (p × p, the rows behind each correlation; psych `np.obs`) is what psych uses
  /// when `fa()` is given the data: the residual statistics (empirical χ², RMSR, fit.off, crms)
  /// weight each off-diagonal residual by its count (see ``FactorFit``). Pass the counts of the
  /// correlation matrix computed from raw data; leave nil for a matrix given as such.
  public init(
    correlation: Matrix, factors: Int, observationCount: Int? = nil, pairCounts: Matrix? = nil,
    method: FactorMethod = .minres, rotation: Rotation = .oblimin
  ) throws(FactorAnalysisError) {
    try _validateCorrelation(correlation)
    let p = correlation.rows
    guard factors >= 1 && factors < p else {
      throw .invalidFactorCount(requested: factors, allowed: 1...Swift.max(1, p - 1))
    }
    if let n = observationCount, n < 2 { throw .invalidCount(name: "observationCount", value: n, allowed: 2...Int.max) }
    let r = try _standardize(correlation)
    let ex = try _extract(r, factors: factors, method: method)
    var warnings: [FactorAnalysisWarning] = []
    // First sign rule, then psych's zero guard.
    var l = ex.loadings.scalingColumns(ex.loadings.columnSums.map(_signPositiveZero))
    for i in 0..<l.elements.count where l.elements[i] == 0 { l.elements[i] = 1e-15 }
    let model = _outer(l)
    let rot = try rotate(l, rotation)
    if !rot.converged { warnings.append(.rotationNotConverged(rotation: rotation.rawValue, iterations: rot.iterations)) }
    let signs = rot.loadings.columnSums.map(_signPositiveZero)
    var rotated = rot.loadings.scalingColumns(signs)
    var phi = rot.phi.map { $0.scalingRows(signs).scalingColumns(signs) }
    var order = Array(0..<factors)
    if factors > 1 {
      let ev: [Double]
      if let phi {
        ev = gemm(a: phi, b: gemm(transA: .transposed, a: rotated, b: rotated)).diagonalElements
      } else {
        ev = rotated.hadamard(rotated).columnSums
      }
      order = _orderDecreasing(ev)
      rotated = rotated.selectingColumns(order)
      phi = phi.map { $0.selectingColumns(order).transposed.selectingColumns(order).transposed }
    }
    self.method = method
    self.rotation = rotation
    self.factorCount = factors
    self.observationCount = observationCount
    self.loadings = rotated
    self.unrotatedLoadings = l
    self.phi = phi
    self.structure = phi.map { rotated * $0 } ?? rotated
    self.rotationMatrix = rotation == .none || factors < 2 ? nil : rot.rotationMatrix
    self.factorOrder = order
    let communality = model.diagonalElements
    self.communality = communality
    self.fittedCommunalities = ex.fittedCommunalities
    self.uniquenesses = (0..<p).map { r[$0, $0] - model[$0, $0] }
    self.eigenvalues = try _la { () throws(LAPACKError) in try SymmetricEigen.eigenvalues(of: r) }
    self.commonFactorEigenvalues = ex.values
    let total = (0..<p).reduce(0.0) { $0 + communality[$1] + (r[$1, $1] - model[$1, $1]) }
    self.varianceAccounted = VarianceAccounted(loadings: rotated, phi: phi, totalVariance: total)
    self.fit = try FactorFit(correlation: r, loadings: rotated, phi: phi, observationCount: observationCount, pairCounts: pairCounts)
    if fit.smoothed { warnings.append(.smoothed) }
    for i in 0..<p where communality[i] >= 1 || ex.uniquenessAtBound.contains(i) {
      warnings.append(.heywoodCase(item: i, communality: communality[i]))
    }
    self.extractionIterations = ex.iterations
    self.rotationIterations = rot.iterations
    self.warnings = warnings
  }
}

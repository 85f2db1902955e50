// Factor score weights and scores (psych `factor.scores`).
import Foundation
import LinearAlgebra

/// How factor scores are estimated (psych `factor.scores(method = …)`).
public enum FactorScoreMethod: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Thurstone (1935) regression: W = R⁻¹ΛΦ.
  case regression
  /// Bartlett (1937): W = U⁻²Λ(ΛᵀU⁻²Λ)⁻¹ with U² = 1 − diag(ΛΦΛᵀ).
  case bartlett
  /// ten Berge et al. (1999) correlation-preserving: L = ΛΦ^½, C = R^(−½)L(LᵀR⁻¹L)^(−½), W = R^(−½)CΦ^½.
  case tenBerge
}

/// Factor score weights W (p × k) and scores Z·W for standardised data Z.
///
/// Formulas per ``FactorScoreMethod`` exactly as psych 2.2.9 `factor.scores` (R is smoothed with
/// `cor.smooth` for tenBerge as psych does). Scores are `scale(x) %*% W`: the caller passes data
/// standardised with the sample mean and the n − 1 standard deviation (R `scale`), complete rows.
///
/// References: Thurstone (1935) The Vectors of Mind; Bartlett (1937) Br J Psychol 28, 97–104;
/// ten Berge, Krijnen, Wansbeek & Shapiro (1999) Linear Algebra Appl 289, 311–318,
/// doi:10.1016/S0024-3795(97)10007-6; Grice (2001) Psychol Methods 6, 430–450.
/// Validated against: the defining identities (RW = ΛΦ; WᵀΛ = I; WᵀRW = Φ) in `FactorAnalysisTests`.
public struct FactorScores: Sendable, Equatable {
  public let method: FactorScoreMethod
  /// Score weights W (p × k).
  public let weights: Matrix

  public init(
    correlation r: Matrix, loadings: Matrix, phi: Matrix? = nil, method: FactorScoreMethod = .tenBerge
  ) throws(FactorAnalysisError) {
    try _validateCorrelation(r)
    let k = loadings.columns
    let phiM = phi ?? .identity(k)
    self.method = method
    switch method {
    case .regression:
      let s = loadings * phiM
      weights = try _la { () throws(LAPACKError) in try LUDecomposition(r).solve(s) }
    case .bartlett:
      let h2 = _sandwich(loadings, phiM).diagonalElements
      let invU2 = h2.map { 1 / (1 - $0) }
      let ul = loadings.scalingRows(invU2)
      let m = gemm(transA: .transposed, a: loadings, b: ul)
      let mInv = try _la { () throws(LAPACKError) in try LUDecomposition(m).inverse() }
      weights = ul * mInv
    case .tenBerge:
      let phiHalf = try _la { () throws(LAPACKError) in try _symmetricPower(phiM, 0.5) }
      let l = loadings * phiHalf
      let rHalfInv = try _la { () throws(LAPACKError) in try _symmetricPower(r, -0.5) }
      let rs = try _la { () throws(LAPACKError) in try _corSmooth(r) }.matrix
      let rInv = try _la { () throws(LAPACKError) in try LUDecomposition(rs).inverse() }
      let inner = try _la { () throws(LAPACKError) in try _symmetricPower(_sandwich(l.transposed, rInv), -0.5) }
      let c = rHalfInv * l * inner
      weights = rHalfInv * c * phiHalf
    }
  }

  /// Scores Z·W for standardised data Z (n × p, complete).
  public func scores(standardizedData z: Matrix) throws(FactorAnalysisError) -> Matrix {
    guard z.columns == weights.rows else { throw .columnCountMismatch(expected: weights.rows, found: z.columns) }
    for j in 0..<z.columns {
      for i in 0..<z.rows where z[i, j].isNaN { throw .missingData(row: i, column: j) }
    }
    return z * weights
  }
}

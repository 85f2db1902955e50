// Goodness-of-fit statistics of a factor model (psych `fa.stats` / `factor.stats`).
import Foundation
import Statistics
import LinearAlgebra

/// RMSEA with its confidence interval (psych `factor.stats`, Steiger & Lind 1980).
public struct RMSEA: Sendable, Equatable {
  /// √max(χ²/(df·n) − 1/(n − 1), 0) — note psych divides by df·n, not df·(n − 1).
  public let estimate: Double
  /// Lower bound: √(ncp_L/((n − 1)·df)) with P(χ²_df(ncp_L) ≤ χ²) = 1 − α/2; 0 if not bracketed; nil when psych gives NA.
  public let lower: Double?
  /// Upper bound with P(χ²_df(ncp_U) ≤ χ²) = α/2; nil when psych gives NA.
  public let upper: Double?
  /// Confidence level (0.9 for `fa`).
  public let confidenceLevel: Double
}

/// Fit statistics of a factor model Λ (and Φ) for a correlation matrix R (psych `fa.stats`).
///
/// ```
/// model M = ΛΦΛᵀ with diag(M) := diag(R);  F = tr(M⁻¹R) − log det(M⁻¹R) − p
/// χ² = F·(n − 1 − (2p + 5)/6 − 2k/3)            (Bartlett-corrected, clamped at 0)
/// df = p(p − 1)/2 − p·k + k(k − 1)/2
/// F₀ = tr(R) − log det R − p,  χ²₀ = F₀·(n − 1 − (2p + 5)/6),  df₀ = p(p − 1)/2
/// TLI = (M₀ − M_m)/(M₀ − 1/nₘ),  M₀ = 2F₀/(p(p − 1)),  M_m = F/df,  nₘ = n − 1 − (2p + 5)/6 − 2k/3
/// BIC = χ² − df·log n,  SABIC = χ² − df·log((n + 2)/24)
/// empirical χ²ₑ = n·Σ_{i≠j} (R − ΛΦΛᵀ)²ᵢⱼ,  rms = √(Σ_{i≠j} res²/(p(p − 1))),  crms = √(Σ_{i≠j} res²/(2df))
/// fit = 1 − Σ res²/Σ R²,  fit.off = 1 − Σ_{i≠j} res²/Σ_{i≠j} R²
/// ```
/// R and M are smoothed with psych `cor.smooth` when not positive definite (flagged in `smoothed`).
///
/// Raw data (psych `fa(x)` given the data rather than a matrix): with the pairwise counts N
/// (`pairCounts`, psych `np.obs = pairwiseCount(x)`) the residual-based statistics weight each
/// off-diagonal element by its count, as psych 2.2.9 `factor.stats(np.obs =)` does:
/// ```
/// χ²ₑ = Σ_{i≠j} res²ᵢⱼ Nᵢⱼ,  fit.off = 1 − χ²ₑ / Σ_{i≠j} R²ᵢⱼ Nᵢⱼ,  n_h = p² / Σᵢⱼ 1/Nᵢⱼ (all p² entries)
/// rms = √(χ²ₑ/(n_h p(p − 1))),  crms = √(χ²ₑ/(2 n_h df)),  EBIC = χ²ₑ − df·log n_h
/// ```
/// `fit` (all elements), χ², RMSEA, TLI and BIC keep n = `observationCount` (psych: nrow(x)).
/// With equal counts N ≡ n both forms coincide.
///
/// Validated against: psych 2.2.9 `fa()` on bfi (n = 2800) and Holzinger–Swineford (n = 301);
/// `fa(bfi[1:25], 5)` given the data for minres/ml/pa and Spearman/Kendall/polychoric correlations
/// (`bfi_fa_data.json`; from psych's own loadings 1e-10 relative).
public struct FactorFit: Sendable, Equatable {
  /// The ML discrepancy F of the model (psych `objective`).
  public let objective: Double
  /// Degrees of freedom df.
  public let degreesOfFreedom: Double
  /// Bartlett-corrected χ² (psych `STATISTIC`); nil without n.
  public let chiSquare: Double?
  /// P(χ²_df > χ²) (psych `PVAL`); nil without n or when df ≤ 0.
  public let pValue: Double?
  /// Empirical χ² from the off-diagonal residuals (psych `chi`); nil without n.
  public let empiricalChiSquare: Double?
  /// P-value of the empirical χ² (psych `EPVAL`).
  public let empiricalPValue: Double?
  /// Empirical BIC χ²ₑ − df·log n (psych `EBIC`; n_h with pair counts); nil without n or df ≤ 0.
  public let empiricalBIC: Double?
  /// Sample-size adjusted empirical BIC χ²ₑ − df·log((n + 2)/24) (psych `ESABIC`).
  public let empiricalSampleSizeAdjustedBIC: Double?
  /// The n of the residual statistics: `observationCount`, or with pair counts their harmonic
  /// mean over all p² entries (psych `nh`); nil without either.
  public let residualCount: Double?
  /// Null-model discrepancy F₀ (psych `null.model`).
  public let nullObjective: Double
  /// Null-model df p(p − 1)/2.
  public let nullDegreesOfFreedom: Double
  /// Null-model χ² (psych `null.chisq`).
  public let nullChiSquare: Double?
  /// Tucker–Lewis index.
  public let tuckerLewisIndex: Double?
  /// RMSEA and its 90% interval.
  public let rmsea: RMSEA?
  /// BIC = χ² − df·log n.
  public let bic: Double?
  /// Sample-size adjusted BIC.
  public let sampleSizeAdjustedBIC: Double?
  /// Root mean square off-diagonal residual (psych `rms`).
  public let rootMeanSquareResidual: Double
  /// df-corrected rms (psych `crms`).
  public let correctedRootMeanSquareResidual: Double?
  /// 1 − Σres²/ΣR² (psych `fit`).
  public let fit: Double
  /// Same on the off-diagonal elements (psych `fit.off`).
  public let fitOffDiagonal: Double
  /// Hofmann's item complexity (Σλ²)²/Σλ⁴ per item (of the pattern matrix).
  public let itemComplexity: [Double]
  /// True when R or the model matrix had to be smoothed.
  public let smoothed: Bool

  /// Fit of loadings Λ (and factor correlations Φ) to R with `observationCount` cases
  /// (`alpha` = 0.1 gives psych `fa`'s 90% RMSEA interval); `pairCounts` (p × p, the rows behind
  /// each correlation) switches the residual statistics to psych's raw-data form.
  public init(
    correlation r: Matrix, loadings f: Matrix, phi: Matrix? = nil, observationCount nObs: Int?,
    pairCounts: Matrix? = nil, alpha: Double = 0.1
  ) throws(FactorAnalysisError) {
    let p = r.rows, k = f.columns
    let pd = Double(p), kd = Double(k)
    let model = phi.map { _sandwich(f, $0) } ?? _outer(f)
    var residual = r - model
    let r2 = r.sumOfSquares
    let rstar2 = residual.sumOfSquares
    let dof = pd * (pd - 1) / 2 - pd * kd + kd * (kd - 1) / 2
    degreesOfFreedom = dof
    for i in 0..<p { residual[i, i] = 0 }
    let chi: Double?
    let nh: Double?
    if let np = pairCounts {
      guard np.rows == p, np.columns == p else { throw .pairCountsMismatch(rows: np.rows, columns: np.columns, expected: p) }
      for j in 0..<p {
        for i in 0..<p where !(np[i, j] >= 1) {
          throw .invalidCount(name: "pairCounts[\(i), \(j)]", value: np[i, j].isFinite ? Int(np[i, j]) : 0, allowed: 1...Int.max)
        }
      }
      // psych factor.stats(np.obs =): counts weight the off-diagonal squared residuals and correlations.
      var weighted = 0.0, r2offWeighted = 0.0, inverseSum = 0.0
      for j in 0..<p {
        for i in 0..<p {
          let c = np[i, j]
          inverseSum += 1 / c
          if i != j {
            weighted += residual[i, j] * residual[i, j] * c
            r2offWeighted += r[i, j] * r[i, j] * c
          }
        }
      }
      let h = pd * pd / inverseSum
      chi = weighted
      nh = h
      rootMeanSquareResidual = Foundation.sqrt(weighted / (h * pd * (pd - 1)))
      correctedRootMeanSquareResidual = dof > 0 ? Foundation.sqrt(weighted / (2 * h * dof)) : nil
      fitOffDiagonal = 1 - weighted / r2offWeighted
    } else {
      let r2off = r2 - r.trace
      let rstarOff = residual.sumOfSquares
      chi = nObs.map { rstarOff * Double($0) }
      nh = nObs.map(Double.init)
      rootMeanSquareResidual = Foundation.sqrt(rstarOff / (pd * (pd - 1)))
      correctedRootMeanSquareResidual = dof > 0 ? Foundation.sqrt(rstarOff / (2 * dof)) : nil
      fitOffDiagonal = 1 - rstarOff / r2off
    }
    empiricalChiSquare = chi
    residualCount = nh
    if let chi, let nh, dof > 0 {
      empiricalPValue = ChiSquaredDistribution(degreesOfFreedom: dof).complementaryCDF(chi)
      empiricalBIC = chi - dof * Foundation.log(nh)
      empiricalSampleSizeAdjustedBIC = chi - dof * Foundation.log((nh + 2) / 24)
    } else {
      empiricalPValue = nil
      empiricalBIC = nil
      empiricalSampleSizeAdjustedBIC = nil
    }
    fit = 1 - rstar2 / r2
    itemComplexity = (0..<p).map { i in
      var s2 = 0.0, s4 = 0.0
      for j in 0..<k { let v = f[i, j] * f[i, j]; s2 += v; s4 += v * v }
      return s2 * s2 / s4
    }
    var m = model.replacingDiagonal(r.diagonalElements)
    let ms = try _la { () throws(LAPACKError) in try _corSmooth(m) }
    m = ms.matrix
    let rs = try _la { () throws(LAPACKError) in try _corSmooth(r) }
    let rr = rs.matrix
    smoothed = ms.smoothed || rs.smoothed
    // tr(M⁻¹R) − log det(M⁻¹R) − p with log det(M⁻¹R) = log det R − log det M.
    let lu = LUDecomposition(m)
    let mInvR = try _la { () throws(LAPACKError) in try lu.solve(rr) }
    let logDetR = LUDecomposition(rr).logAbsDeterminant
    let objective = mInvR.trace - (logDetR - lu.logAbsDeterminant) - pd
    self.objective = objective
    let f0 = rr.trace - logDetR - pd
    nullObjective = f0
    nullDegreesOfFreedom = pd * (pd - 1) / 2
    guard let n = nObs else {
      chiSquare = nil; pValue = nil; nullChiSquare = nil; tuckerLewisIndex = nil; rmsea = nil; bic = nil
      sampleSizeAdjustedBIC = nil
      return
    }
    let nd = Double(n)
    let nm = (nd - 1) - (2 * pd + 5) / 6 - 2 * kd / 3
    var chisq = objective * nm
    if chisq < 0 { chisq = 0 }
    chiSquare = chisq
    pValue = dof > 0 ? ChiSquaredDistribution(degreesOfFreedom: dof).complementaryCDF(chisq) : nil
    nullChiSquare = f0 * ((nd - 1) - (2 * pd + 5) / 6)
    let mm = objective / dof
    let m0 = f0 * 2 / (pd * (pd - 1))
    tuckerLewisIndex = (m0 - mm) / (m0 - 1 / nm)
    if dof > 0 {
      // psych uses the uncorrected objective·nm (before clamping) for RMSEA; chisq ≥ 0 here equals it unless negative.
      let est = Foundation.sqrt(Swift.max(chisq / (dof * nd) - 1 / (nd - 1), 0))
      let tail = alpha / 2
      let hi = Swift.max(nd, chisq) + 2 * nd
      let central = ChiSquaredDistribution(degreesOfFreedom: dof).cdf(chisq)
      var upper: Double? = 0
      if central > tail {
        if let root = _bisect(0, hi, tolerance: 1e-12, { NoncentralChiSquaredDistribution(degreesOfFreedom: dof, noncentrality: $0).cdf(chisq) - tail }) {
          upper = Foundation.sqrt(root / (nd - 1) / dof)
        } else {
          upper = est <= 0 ? 0 : nil
        }
      }
      var lower: Double? = 0
      if central > 1 - tail {
        if let root = _bisect(0, hi, tolerance: 1e-12, { NoncentralChiSquaredDistribution(degreesOfFreedom: dof, noncentrality: $0).cdf(chisq) - 1 + tail }) {
          lower = Foundation.sqrt(root / (nd - 1) / dof)
        } else {
          lower = nil
        }
      }
      if let u = upper, u < est { upper = nil }
      if let l = lower, l > est { lower = nil }
      rmsea = RMSEA(estimate: est, lower: lower, upper: upper, confidenceLevel: 1 - alpha)
      bic = chisq - dof * Foundation.log(nd)
      sampleSizeAdjustedBIC = chisq - dof * Foundation.log((nd + 2) / 24)
    } else {
      rmsea = nil; bic = nil; sampleSizeAdjustedBIC = nil
    }
  }
}

import Foundation
import LinearAlgebra

/// How σ²_u of the Fay–Herriot model is estimated.
public enum FayHerriotMethod: String, Sendable, CaseIterable {
  /// Restricted maximum likelihood (R sae `eblupFH(method = "REML")`, the default there and here).
  case reml
  /// Maximum likelihood.
  case ml
}

/// Options of `fayHerriot`.
public struct FayHerriotOptions: Sendable, Equatable {
  /// REML (default) or ML.
  public var method: FayHerriotMethod = .reml
  /// Stop when |σ²ₜ₊₁ − σ²ₜ| ≤ tolerance·max(σ²ₜ, 1e-300) (relative change, as samplics and sae).
  public var tolerance: Double = 1e-12
  /// Maximum Fisher-scoring iterations.
  public var maxIterations: Int = 200
  public init(method: FayHerriotMethod = .reml, tolerance: Double = 1e-12, maxIterations: Int = 200) {
    self.method = method; self.tolerance = tolerance; self.maxIterations = maxIterations
  }
}

/// A fitted Fay–Herriot area-level model with EBLUPs and their MSE estimates.
public struct FayHerriotFit: Sendable, Equatable {
  /// REML or ML.
  public let method: FayHerriotMethod
  /// σ̂²_u ≥ 0 (truncated at 0).
  public let randomEffectVariance: Double
  /// Asymptotic variance of σ̂²_u: 2 / Σ_d (σ̂²_u + ψ_d)⁻² (inverse Fisher information).
  public let randomEffectVarianceVariance: Double
  /// GLS coefficients β̂ = (XᵀV⁻¹X)⁻¹XᵀV⁻¹ŷ.
  public let coefficients: [Double]
  /// Their covariance (XᵀV⁻¹X)⁻¹.
  public let coefficientCovariance: Matrix
  /// Shrinkage factors γ_d = σ̂²_u / (σ̂²_u + ψ_d) (weight on the direct estimate).
  public let shrinkage: [Double]
  /// Synthetic (regression) estimates x_dᵀβ̂.
  public let synthetic: [Double]
  /// EBLUPs θ̂_d = γ_d ŷ_d + (1 − γ_d) x_dᵀβ̂.
  public let eblup: [Double]
  /// MSE estimates (see `fayHerriot` for the formula per method).
  public let mse: [Double]
  /// g₁_d = γ_d ψ_d.
  public let g1: [Double]
  /// g₂_d = (1 − γ_d)² x_dᵀ(XᵀV⁻¹X)⁻¹x_d.
  public let g2: [Double]
  /// g₃_d = ψ_d² / (σ̂²_u + ψ_d)³ · 2 / Σ(σ̂²_u + ψ_d)⁻².
  public let g3: [Double]
  /// ML only: the bias term b_ML of σ̂²_u (0 for REML).
  public let varianceBias: Double
  /// Fisher-scoring iterations used.
  public let iterations: Int
}

/// Fay–Herriot area-level model, EBLUP and MSE (R `sae::eblupFH` + `sae::mseFH`; Python samplics
/// `EblupAreaModel`).
///
/// Model, for areas d = 1…m with direct estimates ŷ_d, known sampling variances ψ_d and
/// covariates x_d (include a column of ones for an intercept):
/// ```
/// ŷ_d = x_dᵀβ + u_d + e_d,   u_d ~ N(0, σ²_u),   e_d ~ N(0, ψ_d),   V = diag(σ²_u + ψ_d)
/// Fisher scoring  σ²ₜ₊₁ = σ²ₜ + S(σ²ₜ) / I(σ²ₜ):
///   REML  S = −½ tr P + ½ ŷᵀP²ŷ,                I = ½ tr P²,   P = V⁻¹ − V⁻¹X(XᵀV⁻¹X)⁻¹XᵀV⁻¹
///   ML    S = −½ Σ v_d⁻¹ + ½ Σ (ŷ_d − x_dᵀβ̂)² v_d⁻²,  I = ½ Σ v_d⁻²,   v_d = σ²_u + ψ_d
/// β̂ = (XᵀV⁻¹X)⁻¹XᵀV⁻¹ŷ,   γ_d = σ̂²_u/(σ̂²_u + ψ_d),   θ̂_d = γ_d ŷ_d + (1 − γ_d) x_dᵀβ̂
/// MSE  REML: g₁ + g₂ + 2g₃                    (Prasad & Rao 1990 form; Datta & Lahiri 2000 show
///                                               it is second-order unbiased for REML)
///      ML:   g₁ + g₂ + 2g₃ − b_ML (1 − γ_d)²,  b_ML = −tr[(XᵀV⁻¹X)⁻¹XᵀV⁻²X] / Σ v_d⁻²
///                                               (Datta & Lahiri 2000)
/// ```
/// The iteration starts at σ²₀ = mean ψ_d (samplics starts at 10⁻⁶; the fixed point is the same). If a
/// step goes below 0, σ²_u is set to 0; if the score at 0 is ≤ 0 the estimate is 0 (boundary),
/// and then γ_d = 0 and θ̂_d is the synthetic estimate. Cost O(m²p) per REML step (m×m P).
///
/// References: R. E. Fay and R. A. Herriot (1979), JASA 74, 269–277, doi:10.1080/01621459.1979.10482505;
/// N. G. N. Prasad and J. N. K. Rao (1990), JASA 85, 163–171, doi:10.1080/01621459.1990.10475320;
/// G. S. Datta and P. Lahiri (2000), Statistica Sinica 10, 613–627; J. N. K. Rao and I. Molina
/// (2015), Small Area Estimation, 2nd ed., Wiley, §6.1–6.2.
/// Validated against: Python samplics 0.6.1 `EblupAreaModel` (REML; ML via samplics' own score
/// function, see `Datasets/reference/scripts/ranking_fayherriot.py`), 1e-6 relative.
public func fayHerriot(
  directEstimates y: [Double], samplingVariances psi: [Double], covariates x: Matrix,
  options: FayHerriotOptions = FayHerriotOptions()
) throws(RankingError) -> FayHerriotFit {
  let m = y.count, p = x.columns
  guard psi.count == m else { throw .lengthMismatch(what: "samplingVariances", expected: m, found: psi.count) }
  guard x.rows == m else { throw .lengthMismatch(what: "covariates rows", expected: m, found: x.rows) }
  guard m > p else { throw .tooFewUnits(found: m, required: p + 1) }
  for (i, v) in y.enumerated() where !v.isFinite { throw .nonFiniteValue(what: "directEstimates", index: i) }
  for (i, v) in psi.enumerated() where !(v.isFinite && v > 0) {
    throw .invalidVariance(what: "samplingVariances", index: i, value: v)
  }
  for (i, v) in x.elements.enumerated() where !v.isFinite { throw .nonFiniteValue(what: "covariates", index: i) }

  struct Step { var beta: [Double]; var xtvxInverse: Matrix; var score: Double; var information: Double }
  func evaluate(_ s2: Double) throws(RankingError) -> Step {
    let w = psi.map { 1 / (s2 + $0) }
    var wx = x
    for j in 0..<p { for d in 0..<m { wx[d, j] *= w[d] } }
    let xtwx = crossProduct(x, wx)  // XᵀV⁻¹X
    let chol: Cholesky
    do { chol = try Cholesky(xtwx) } catch { throw .singularDesign }
    let inverse = chol.inverse()
    let beta = chol.solve(wx.transposeTimes(y))
    let fitted = x * beta
    switch options.method {
    case .ml:
      var score = 0.0, info = 0.0
      for d in 0..<m {
        let r = y[d] - fitted[d]
        score += -0.5 * w[d] + 0.5 * r * r * w[d] * w[d]
        info += 0.5 * w[d] * w[d]
      }
      return Step(beta: beta, xtvxInverse: inverse, score: score, information: info)
    case .reml:
      // P = V⁻¹ − (V⁻¹X)(XᵀV⁻¹X)⁻¹(V⁻¹X)ᵀ
      var pm = -1 * gemm(transB: .transposed, a: gemm(a: wx, b: inverse), b: wx)
      for d in 0..<m { pm[d, d] += w[d] }
      let py = pm * y
      var trP = 0.0, trPP = 0.0, yPPy = 0.0
      for d in 0..<m { trP += pm[d, d]; yPPy += py[d] * py[d] }
      for v in pm.elements { trPP += v * v }  // tr(P²) = ‖P‖²_F for symmetric P
      return Step(beta: beta, xtvxInverse: inverse, score: -0.5 * trP + 0.5 * yPPy, information: 0.5 * trPP)
    }
  }

  var s2 = psi.reduce(0, +) / Double(m)
  var iterations = 0
  var lastChange = Double.infinity
  var converged = false
  while iterations < options.maxIterations {
    let step = try evaluate(s2)
    var next = s2 + step.score / step.information
    iterations += 1
    if next < 0 {
      if s2 == 0 { converged = true; break }  // boundary: the score at 0 points below 0
      next = 0
    }
    lastChange = Swift.abs(next - s2) / Swift.max(s2, 1e-300)
    s2 = next
    if lastChange <= options.tolerance { converged = true; break }
  }
  guard converged else { throw .noConvergence(iterations: iterations, lastChange: lastChange) }

  let final = try evaluate(s2)
  let v = psi.map { s2 + $0 }
  let sumInvV2 = v.reduce(0) { $0 + 1 / ($1 * $1) }
  let varS2 = 2 / sumInvV2
  var bias = 0.0
  if options.method == .ml {
    // b_ML = −tr[(XᵀV⁻¹X)⁻¹ XᵀV⁻²X] / Σ v⁻²
    var w2x = x
    for j in 0..<p { for d in 0..<m { w2x[d, j] /= v[d] * v[d] } }
    let xtw2x = crossProduct(x, w2x)
    let prod = final.xtvxInverse * xtw2x
    var tr = 0.0
    for j in 0..<p { tr += prod[j, j] }
    bias = -tr / sumInvV2
  }
  let synthetic = x * final.beta
  var gamma = [Double](), eblup = [Double](), mse = [Double](), g1 = [Double](), g2 = [Double](), g3 = [Double]()
  for d in 0..<m {
    let gd = s2 / v[d]
    let xd = x.row(d)
    let q = (0..<p).reduce(0.0) { acc, i in acc + xd[i] * (0..<p).reduce(0.0) { $0 + final.xtvxInverse[i, $1] * xd[$1] } }
    let t1 = gd * psi[d]
    let t2 = (1 - gd) * (1 - gd) * q
    let t3 = psi[d] * psi[d] / (v[d] * v[d] * v[d]) * varS2
    gamma.append(gd)
    eblup.append(gd * y[d] + (1 - gd) * synthetic[d])
    g1.append(t1); g2.append(t2); g3.append(t3)
    mse.append(t1 + t2 + 2 * t3 - bias * (1 - gd) * (1 - gd))
  }
  return FayHerriotFit(
    method: options.method, randomEffectVariance: s2, randomEffectVarianceVariance: varS2,
    coefficients: final.beta, coefficientCovariance: final.xtvxInverse, shrinkage: gamma,
    synthetic: synthetic, eblup: eblup, mse: mse, g1: g1, g2: g2, g3: g3, varianceBias: bias,
    iterations: iterations)
}

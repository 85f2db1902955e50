import Foundation
import LinearAlgebra

/// Factor-score methods (lavaan `lavPredict(method =)`).
public enum CFAScoreMethod: String, Sendable, CaseIterable {
  /// η̂ = α + Ψ Λᵀ Σ⁻¹ (x − μ) (Thomson/Thurstone regression scores).
  case regression
  /// η̂ = α + (Λᵀ Θ⁻¹ Λ)⁻¹ Λᵀ Θ⁻¹ (x − μ).
  case bartlett
}

/// Composite reliability ω of one factor (semTools `compRelSEM`).
public struct FactorOmega: Sendable, Equatable {
  public var factor: String
  public var group: Int
  /// ω with the observed variance of the composite in the denominator (compRelSEM `obs.var = TRUE`, the default).
  public var observed: Double
  /// ω with the model-implied variance of the composite (compRelSEM `obs.var = FALSE`).
  public var model: Double
}

extension CFAFit {
  /// Factor scores of the rows of `data` (n × p in the model's item order, NaN = missing) for group g.
  ///
  /// lavaan `lavPredict`: μ is the implied mean (the sample mean without a mean structure). Rows
  /// with missing items use their observed items only (Σ_oo, Λ_o, Θ_oo; lavaan does the same under
  /// FIML); a row without any observed indicator of the model gets NaN.
  /// These are respondent-level values (microdata): for the analyst, not for publication.
  public func factorScores(_ data: Matrix, group g: Int = 0, method: CFAScoreMethod = .regression) throws(MeasurementModelError) -> Matrix {
    let mm = matrices(group: g)
    let sigma = mm.sigma
    let mu = impliedMean(group: g)
    let p = table.p, m = table.m
    var out = Matrix(rows: data.rows, columns: m, repeating: .nan)
    var cache: [[Bool]: Matrix] = [:]   // pattern → m × |o| weights
    for i in 0..<data.rows {
      let mask = (0..<p).map { !data[i, $0].isNaN }
      let o = (0..<p).filter { mask[$0] }
      if o.isEmpty { continue }
      let w: Matrix
      if let c = cache[mask] { w = c } else {
        let lo = mm.lambda.submatrix(rows: o, columns: 0..<m)
        switch method {
        case .regression:
          guard let c = try? Cholesky(sigma.submatrix(rows: o, columns: o)) else { throw .notPositiveDefinite("the implied covariance") }
          w = (mm.psi * c.solve(lo).transposed)                          // Ψ Λ_oᵀ Σ_oo⁻¹
        case .bartlett:
          guard let c = try? Cholesky(mm.theta.submatrix(rows: o, columns: o)) else { throw .notPositiveDefinite("the residual covariance matrix Θ") }
          let tl = c.solve(lo)                                           // Θ⁻¹ Λ
          guard let c2 = try? Cholesky(crossProduct(lo, tl)) else { throw .notPositiveDefinite("ΛᵀΘ⁻¹Λ (a factor without observed indicators)") }
          w = c2.solve(tl.transposed)                                    // (ΛᵀΘ⁻¹Λ)⁻¹ ΛᵀΘ⁻¹
        }
        cache[mask] = w
      }
      for f in 0..<m {
        var s = meanStructure ? mm.alpha[f] : 0
        for (a, k) in o.enumerated() { s += w[f, a] * (data[i, k] - mu[k]) }
        out[i, f] = s
      }
    }
    return out
  }

  /// ω per factor and group (semTools 0.5.6 `compRelSEM`, simple structure): with the composite
  /// s = Σ_i k_i x_i over the factor's indicators (k_i = ±1 keys; default +1, as semTools),
  /// ```
  /// ω = (Σ k_i λ_i)² ψ / Var(s),  Var(s) = kᵀ S k (observed: lavaan's sample covariance, denominator N,
  ///     as semTools takes it) or kᵀ Σ̂ k (model)
  /// ```
  /// With keys = −1 for reverse-keyed items the composite is the scale score as scored (reverse items
  /// reflected), which is what a scale's ω should describe; semTools sums the raw items.
  public func omega(keys: [String: Double] = [:]) -> [FactorOmega] {
    var out: [FactorOmega] = []
    for g in 0..<groupNames.count {
      let mm = matrices(group: g)
      let sigma = mm.sigma
      let s = sampleCovariances[g]
      for j in 0..<table.m {
        let items = (0..<table.p).filter { mm.lambda[$0, j] != 0 }
        let k = items.map { keys[table.model.observed[$0]] ?? 1 }
        let num = pow(zip(items, k).reduce(0.0) { $0 + $1.1 * mm.lambda[$1.0, j] }, 2) * mm.psi[j, j]
        var vo = 0.0, vm = 0.0
        for (a, i) in items.enumerated() { for (b, l) in items.enumerated() {
          vo += k[a] * k[b] * s[i, l]; vm += k[a] * k[b] * sigma[i, l]
        } }
        out.append(FactorOmega(factor: table.model.factors[j], group: g, observed: num / vo, model: num / vm))
      }
    }
    return out
  }
}

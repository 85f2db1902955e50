import Foundation
import LinearAlgebra

/// The LISREL-style matrices of one group at a parameter vector: Λ (p×m), Θ (p×p), Ψ (m×m), ν, α,
/// and the implied moments Σ = ΛΨΛᵀ + Θ, μ = ν + Λα.
public struct ModelMatrices: Sendable, Equatable {
  public var lambda: Matrix
  public var theta: Matrix
  public var psi: Matrix
  public var nu: [Double]
  public var alpha: [Double]

  public var sigma: Matrix {
    let lp = lambda * psi
    var s = gemm(transB: .transposed, a: lp, b: lambda)
    s += theta
    return s.symmetrized
  }
  public var mu: [Double] {
    let la = lambda * alpha
    return (0..<nu.count).map { nu[$0] + la[$0] }
  }
}

/// How one free parameter moves Σ and μ of a group: Σ terms c·(u vᵀ + v uᵀ) and μ terms coef·w over
/// the basis V = [I_p | ΛΨ | Λ] (column indices: e_i → i, (ΛΨ)_j → p + j, Λ_j → p + m + j).
struct DerivativeTerms {
  var sigma: [(u: Int, v: Int, c: Double, k: Int)] = []
  var mean: [(w: Int, c: Double, k: Int)] = []
}

extension ParameterTable {
  /// Model matrices of group `g` at the free-parameter vector `x`.
  func matrices(_ x: [Double], group g: Int) -> ModelMatrices {
    var mm = ModelMatrices(lambda: Matrix(rows: p, columns: m), theta: Matrix(rows: p, columns: p),
                           psi: Matrix(rows: m, columns: m), nu: [Double](repeating: 0, count: p),
                           alpha: [Double](repeating: 0, count: m))
    for r in rows where r.group == g {
      let v = r.free.map { x[$0] } ?? r.value
      switch r.kind {
      case .loading(let i, let j): mm.lambda[i, j] = v
      case .residual(let i, let k): mm.theta[i, k] = v; mm.theta[k, i] = v
      case .factorCovariance(let j, let l): mm.psi[j, l] = v; mm.psi[l, j] = v
      case .intercept(let i): mm.nu[i] = v
      case .latentMean(let j): mm.alpha[j] = v
      }
    }
    return mm
  }

  /// The basis V = [I_p | ΛΨ | Λ] (p × (p + 2m)).
  func basis(_ mm: ModelMatrices) -> Matrix {
    var v = Matrix(rows: p, columns: p + 2 * m)
    let lp = mm.lambda * mm.psi
    for i in 0..<p { v[i, i] = 1 }
    for j in 0..<m { for i in 0..<p { v[i, p + j] = lp[i, j]; v[i, p + m + j] = mm.lambda[i, j] } }
    return v
  }

  /// Derivative terms of group `g` for every free row (all rows of the group map to free indices).
  func derivativeTerms(group g: Int, alpha: [Double], meanStructure: Bool) -> DerivativeTerms {
    var t = DerivativeTerms()
    for r in rows where r.group == g {
      guard let k = r.free else { continue }
      switch r.kind {
      case .loading(let i, let j):
        t.sigma.append((i, p + j, 1, k))
        if meanStructure && alpha[j] != 0 { t.mean.append((i, alpha[j], k)) }
      case .residual(let i, let l): t.sigma.append((i, l, i == l ? 0.5 : 1, k))
      case .factorCovariance(let j, let l): t.sigma.append((p + m + j, p + m + l, j == l ? 0.5 : 1, k))
      case .intercept(let i): if meanStructure { t.mean.append((i, 1, k)) }
      case .latentMean(let j): if meanStructure { t.mean.append((p + m + j, 1, k)) }
      }
    }
    return t
  }

  /// Δ of group g: the (p* [+ p]) × npar Jacobian of (vech Σ [, μ]) — vech in lavaan's order
  /// (column-wise lower triangle), means after — at `x` (used for robust corrections).
  func jacobian(_ x: [Double], group g: Int, meanStructure: Bool) -> Matrix {
    let mm = matrices(x, group: g)
    let v = basis(mm)
    let terms = derivativeTerms(group: g, alpha: mm.alpha, meanStructure: meanStructure)
    let pstar = p * (p + 1) / 2
    var d = Matrix(rows: pstar + (meanStructure ? p : 0), columns: freeCount)
    for t in terms.sigma {
      var idx = 0
      for j in 0..<p {
        for i in j..<p {
          d[idx, t.k] += t.c * (v[i, t.u] * v[j, t.v] + v[i, t.v] * v[j, t.u])
          idx += 1
        }
      }
    }
    for t in terms.mean { for i in 0..<p { d[pstar + i, t.k] += t.c * v[i, t.w] } }
    return d
  }
}

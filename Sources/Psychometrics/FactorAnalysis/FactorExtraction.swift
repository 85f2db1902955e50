// Factor extraction from a correlation matrix: minres, principal axis, maximum likelihood.
import Foundation
import LinearAlgebra

/// The factor extraction method (R psych `fa(fm = …)`).
public enum FactorMethod: String, Sendable, Equatable, Hashable, CaseIterable {
  /// Minimum residual (ULS): minimise Σ (R − ΛΛᵀ − Ψ)² over the uniquenesses Ψ (psych `fm = "minres"`).
  case minres
  /// Iterated principal axes from SMC communalities (psych `fm = "pa"`, min.err 0.001, max.iter 50).
  case principalAxis = "pa"
  /// Maximum likelihood: minimise tr(Σ⁻¹R) − log det(Σ⁻¹R) − p (psych `fm = "ml"`, as `factanal`).
  case maximumLikelihood = "ml"
}

struct _Extraction {
  var loadings: Matrix
  /// Communalities the method fitted: 1 − Ψ (minres, ml) or the last PA iteration's diagonal.
  var fittedCommunalities: [Double]
  /// Eigenvalues of R with the model communalities on the diagonal (psych `values`).
  var values: [Double]
  var iterations: Int
  var uniquenessAtBound: [Int]
}

/// Unrotated extraction, psych `fac` conventions (before sign normalisation).
///
/// Implementation notes:
/// 1. minres: psych's objective is the off-diagonal residual sum of squares, but its gradient
///    (`FAgr.minres`, diag(ΛΛᵀ + Ψ − R)) is that of the full ULS criterion ½‖R − Ψ − ΛΛᵀ‖², whose
///    stationary point L-BFGS-B reaches. We minimise that ULS criterion (value ½Σ of the squared
///    non-retained eigenvalues of R − Ψ, exact gradient) with bounds 0.005 ≤ ψ ≤ max(SMC, 1) from
///    ψ = 1 − SMC, as psych. Loadings are `FAout.wls`: top-k eigenvectors of R − Ψ × √max(λ, 0).
/// 2. ml: psych `FAfn`/`FAgr` (Jöreskog 1967): F(Ψ) = −Σ_{j>k}(log eⱼ − eⱼ) + k − p with eⱼ the
///    eigenvalues of Ψ^(−½)RΨ^(−½); loadings Ψ^(½)·V·√max(e − 1, 0).
/// 3. pa: psych's loop exactly (SMC start, stop when |Σh²_new − Σh²_old| < 0.001, error after 50).
func _extract(
  _ r: Matrix, factors k: Int, method: FactorMethod, minError: Double = 0.001, maxIterations: Int = 50
) throws(FactorAnalysisError) -> _Extraction {
  let p = r.rows
  let smc = try _la { () throws(LAPACKError) in try _smc(r) }
  switch method {
  case .principalAxis:
    var rmat = r.replacingDiagonal(smc)
    var comm = smc.reduce(0, +)
    var err = comm
    var i = 1
    var loadings = Matrix(rows: p, columns: k)
    var values: [Double] = []
    var newDiag: [Double] = smc
    while err > minError {
      let e = try _la { () throws(LAPACKError) in try SymmetricEigen(rmat, sign: .asComputed) }
      loadings = _topLoadings(e, count: k)
      values = e.eigenvalues
      newDiag = loadings.rowSumsOfSquares
      let comm1 = newDiag.reduce(0, +)
      rmat = rmat.replacingDiagonal(newDiag)
      err = Swift.abs(comm - comm1)
      comm = comm1
      i += 1
      if i > maxIterations && err > minError {
        throw .notConverged(method: "principal axis factoring (fm = \"pa\", min.err = \(minError))", iterations: maxIterations)
      }
    }
    return _Extraction(loadings: loadings, fittedCommunalities: newDiag, values: values, iterations: i - 1, uniquenessAtBound: [])
  case .minres, .maximumLikelihood:
    let upper = Swift.max(smc.max() ?? 1, 1)
    let lower = 0.005
    let start = (0..<p).map { r[$0, $0] - smc[$0] }
    let diagR = r.diagonalElements
    let result: _BoxMinimum
    if method == .minres {
      result = try _minimizeInBox(start: start, lower: lower, upper: upper) { (psi) throws(FactorAnalysisError) in
        var a = r
        for i in 0..<p { a[i, i] -= psi[i] }
        let e = try _la { () throws(LAPACKError) in try SymmetricEigen(a, sign: .asComputed) }
        var value = 0.0
        var grad = [Double](repeating: 0, count: p)
        for j in 0..<p where j >= k || e.eigenvalues[j] < 0 {
          let l = e.eigenvalues[j]
          value += 0.5 * l * l
          for i in 0..<p { let v = e.eigenvectors[i, j]; grad[i] -= l * v * v }
        }
        return (value, grad)
      }
    } else {
      result = try _minimizeInBox(start: start, lower: lower, upper: upper) { (psi) throws(FactorAnalysisError) in
        let sc = psi.map { 1 / Foundation.sqrt($0) }
        let sstar = r.scalingRows(sc).scalingColumns(sc)
        let e = try _la { () throws(LAPACKError) in try SymmetricEigen(sstar, sign: .asComputed) }
        var value = 0.0
        for j in k..<p { value -= Foundation.log(e.eigenvalues[j]) - e.eigenvalues[j] }
        value += Double(k) - Double(p)
        let load = _topLoadings(e, count: k, shift: 1).scalingRows(psi.map { Foundation.sqrt($0) })
        let h = load.rowSumsOfSquares
        var grad = [Double](repeating: 0, count: p)
        for i in 0..<p {
          let num: Double = h[i] + psi[i] - diagR[i]
          grad[i] = num / (psi[i] * psi[i])
        }
        return (value.isNaN ? .infinity : value, grad)
      }
    }
    if !result.converged {
      throw .notConverged(method: method == .minres ? "minres uniqueness optimisation" : "maximum-likelihood uniqueness optimisation", iterations: result.iterations)
    }
    let psi = result.x
    let loadings: Matrix
    if method == .minres {
      var a = r
      for i in 0..<p { a[i, i] -= psi[i] }
      loadings = _topLoadings(try _la { () throws(LAPACKError) in try SymmetricEigen(a, sign: .asComputed) }, count: k)
    } else {
      let sc = psi.map { 1 / Foundation.sqrt($0) }
      let e = try _la { () throws(LAPACKError) in try SymmetricEigen(r.scalingRows(sc).scalingColumns(sc), sign: .asComputed) }
      loadings = _topLoadings(e, count: k, shift: 1).scalingRows(psi.map { Foundation.sqrt($0) })
    }
    let s = r.replacingDiagonal(loadings.rowSumsOfSquares)
    let values = try _la { () throws(LAPACKError) in try SymmetricEigen.eigenvalues(of: s) }
    let atBound = (0..<p).filter { psi[$0] <= lower * (1 + 1e-9) }
    return _Extraction(
      loadings: loadings, fittedCommunalities: psi.map { 1 - $0 }, values: values, iterations: result.iterations,
      uniquenessAtBound: atBound)
  }
}

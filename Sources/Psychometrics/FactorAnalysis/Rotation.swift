// Factor rotations with GPArotation / stats / psych semantics.
import Foundation
import LinearAlgebra

/// A factor rotation (closed set; names as in R psych `fa(rotate = …)`).
///
/// | Case | R function called by psych `fa` | Criterion / rule | Φ |
/// | --- | --- | --- | --- |
/// | `none` | — | unrotated | — |
/// | `varimax` | `stats::varimax(L)` (Kaiser-normalised, eps 1e-5) | Σⱼ Var(λ²ᵢⱼ) on normalised rows | — |
/// | `quartimax` | `GPArotation::quartimax` (GPForth) | −¼ Σ λ⁴ | — |
/// | `promax` | `psych::kaiser(L, "Promax")`: rows ÷ √h², varimax, target λ·|λ|³, rows × √h² | Hendrickson & White (1964) | yes |
/// | `oblimin` | `GPArotation::oblimin` (GPFoblq, γ = 0) | ¼ Σᵢ Σⱼ≠ₖ λ²ᵢⱼ λ²ᵢₖ | yes |
/// | `quartimin` | `GPArotation::quartimin` (GPFoblq) | same as oblimin γ = 0 | yes |
/// | `geominQ` | `GPArotation::geominQ` (GPFoblq, δ = 0.01) | Σᵢ (Πⱼ (λ²ᵢⱼ + δ))^(1/k) | yes |
/// | `geominT` | `GPArotation::geominT` (GPForth, δ = 0.01) | as geominQ, orthogonal | — |
///
/// GPA rotations (Jennrich 2001, 2002; Bernaards & Jennrich 2005) start from the identity, use
/// normalize = FALSE, eps = 1e-5 and maxit = 1000 exactly as GPArotation 2022.10, so the local
/// optimum reached is the same as R's. psych `principal(rotate = "promax")` uses `stats::promax`
/// (no Kaiser row weighting); ``PrincipalComponents`` follows that.
public enum Rotation: String, Sendable, Equatable, Hashable, CaseIterable {
  case none, varimax, quartimax, promax, oblimin, quartimin, geominQ, geominT

  /// True for rotations that allow correlated factors (they return Φ).
  public var isOblique: Bool {
    switch self {
    case .promax, .oblimin, .quartimin, .geominQ: return true
    case .none, .varimax, .quartimax, .geominT: return false
    }
  }
}

/// Rotated loadings as the R rotation function returns them (before psych's sign/order rules).
public struct RotatedLoadings: Sendable, Equatable {
  /// The rotated pattern loadings Λ_rot (p × k).
  public let loadings: Matrix
  /// Factor correlations Φ (oblique rotations), nil for orthogonal ones.
  public let phi: Matrix?
  /// psych's `rot.mat`: Λ_rot = Λ·rotationMatrix (for GPA rotations t(solve(Th)); varimax `rotmat`;
  /// promax the Promax transformation including the varimax step).
  public let rotationMatrix: Matrix
  /// Iterations of the outer algorithm (GPA iterations; varimax sweeps).
  public let iterations: Int
  /// False when the iteration limit was reached (R warns and returns the last iterate too).
  public let converged: Bool
}

/// Rotates a loading matrix (p × k, k ≥ 2) with GPArotation/stats semantics (see ``Rotation``).
///
/// Validated against: R 4.2.2 `stats::varimax`, GPArotation 2022.10.2 `GPFoblq`/`GPForth`,
/// psych 2.2.9 `kaiser`/`Promax` through `fa()` on bfi (tests `RotationTests`).
public func rotate(_ loadings: Matrix, _ rotation: Rotation) throws(FactorAnalysisError) -> RotatedLoadings {
  let k = loadings.columns
  if rotation == .none || k < 2 {
    return RotatedLoadings(loadings: loadings, phi: nil, rotationMatrix: .identity(k), iterations: 0, converged: true)
  }
  switch rotation {
  case .none:
    return RotatedLoadings(loadings: loadings, phi: nil, rotationMatrix: .identity(k), iterations: 0, converged: true)
  case .varimax:
    return try _varimax(loadings, normalize: true)
  case .quartimax:
    return try _gpaOrthogonal(loadings, criterion: .quartimax)
  case .geominT:
    return try _gpaOrthogonal(loadings, criterion: .geomin(delta: 0.01))
  case .oblimin, .quartimin:
    return try _gpaOblique(loadings, criterion: .oblimin(gamma: 0))
  case .geominQ:
    return try _gpaOblique(loadings, criterion: .geomin(delta: 0.01))
  case .promax:
    return try _kaiserPromax(loadings)
  }
}

// MARK: - Criteria (GPArotation vgQ.*)

enum _GPACriterion {
  case oblimin(gamma: Double)
  case quartimax
  case geomin(delta: Double)

  /// Criterion value f and its gradient Gq = ∂f/∂Λ.
  func evaluate(_ l: Matrix) -> (f: Double, gq: Matrix) {
    let p = l.rows, k = l.columns
    var gq = Matrix(rows: p, columns: k)
    switch self {
    case .oblimin(let gamma):
      // X = L² (11ᵀ − I); with γ ≠ 0: X ← (I − γ/p 11ᵀ) X. Gq = L ∘ X, f = Σ L² ∘ X / 4.
      let l2 = l.hadamard(l)
      var x = Matrix(rows: p, columns: k)
      for i in 0..<p {
        var rowSum = 0.0
        for j in 0..<k { rowSum += l2[i, j] }
        for j in 0..<k { x[i, j] = rowSum - l2[i, j] }
      }
      if gamma != 0 {
        let means = x.columnSums.map { $0 / Double(p) }
        for j in 0..<k { for i in 0..<p { x[i, j] -= gamma * means[j] } }
      }
      var f = 0.0
      for idx in 0..<(p * k) {
        gq.elements[idx] = l.elements[idx] * x.elements[idx]
        f += l2.elements[idx] * x.elements[idx]
      }
      return (f / 4, gq)
    case .quartimax:
      var f = 0.0
      for idx in 0..<(p * k) {
        let v = l.elements[idx]
        gq.elements[idx] = -v * v * v
        f += v * v * v * v
      }
      return (-f / 4, gq)
    case .geomin(let delta):
      var f = 0.0
      for i in 0..<p {
        var logSum = 0.0
        for j in 0..<k { logSum += Foundation.log(l[i, j] * l[i, j] + delta) }
        let pro = Foundation.exp(logSum / Double(k))
        f += pro
        for j in 0..<k { gq[i, j] = (2 / Double(k)) * (l[i, j] / (l[i, j] * l[i, j] + delta)) * pro }
      }
      return (f, gq)
    }
  }
}

// MARK: - GPA algorithms

private func _inverse(_ a: Matrix) throws(FactorAnalysisError) -> Matrix {
  try _la { () throws(LAPACKError) in try LUDecomposition(a).inverse() }
}

/// GPArotation `GPFoblq` (oblique gradient projection), line by line.
func _gpaOblique(
  _ a: Matrix, criterion: _GPACriterion, eps: Double = 1e-5, maxit: Int = 1000
) throws(FactorAnalysisError) -> RotatedLoadings {
  let k = a.columns
  var tmat = Matrix.identity(k)
  var al = 1.0
  var l = gemm(transB: .transposed, a: a, b: try _inverse(tmat))
  var vgq = criterion.evaluate(l)
  // G = −(Lᵀ Gq T⁻¹)ᵀ
  var g = -(gemm(transA: .transposed, a: l, b: vgq.gq) * (try _inverse(tmat))).transposed
  var f = vgq.f
  var s = 0.0
  var iterations = 0
  var tmatt = tmat
  for iter in 0...maxit {
    iterations = iter
    // Gp = G − T diag(colSums(T ∘ G))
    let d = tmat.hadamard(g).columnSums
    let gp = g - tmat.scalingColumns(d)
    s = Foundation.sqrt(gp.sumOfSquares)
    if s < eps { break }
    al *= 2
    for _ in 0...10 {
      let x = tmat - al * gp
      let v = x.hadamard(x).columnSums.map { 1 / Foundation.sqrt($0) }
      tmatt = x.scalingColumns(v)
      l = gemm(transB: .transposed, a: a, b: try _inverse(tmatt))
      vgq = criterion.evaluate(l)
      let improvement = f - vgq.f
      if improvement > 0.5 * s * s * al { break }
      al /= 2
    }
    tmat = tmatt
    f = vgq.f
    g = -(gemm(transA: .transposed, a: l, b: vgq.gq) * (try _inverse(tmatt))).transposed
  }
  let converged = s < eps
  let phi = gemm(transA: .transposed, a: tmat, b: tmat)
  return RotatedLoadings(
    loadings: l, phi: phi, rotationMatrix: try _inverse(tmat).transposed, iterations: iterations, converged: converged)
}

/// GPArotation `GPForth` (orthogonal gradient projection), line by line.
func _gpaOrthogonal(
  _ a: Matrix, criterion: _GPACriterion, eps: Double = 1e-5, maxit: Int = 1000
) throws(FactorAnalysisError) -> RotatedLoadings {
  let k = a.columns
  var tmat = Matrix.identity(k)
  var al = 1.0
  var l = a * tmat
  var vgq = criterion.evaluate(l)
  var g = gemm(transA: .transposed, a: a, b: vgq.gq)
  var f = vgq.f
  var s = 0.0
  var iterations = 0
  var tmatt = tmat
  for iter in 0...maxit {
    iterations = iter
    let m = gemm(transA: .transposed, a: tmat, b: g)
    let sym = 0.5 * (m + m.transposed)
    let gp = g - tmat * sym
    s = Foundation.sqrt(gp.sumOfSquares)
    if s < eps { break }
    al *= 2
    for _ in 0...10 {
      let x = tmat - al * gp
      let svd = try _la { () throws(LAPACKError) in try SVD(x) }
      tmatt = svd.u * svd.vt
      l = a * tmatt
      vgq = criterion.evaluate(l)
      if vgq.f < f - 0.5 * s * s * al { break }
      al /= 2
    }
    tmat = tmatt
    f = vgq.f
    g = gemm(transA: .transposed, a: a, b: vgq.gq)
  }
  return RotatedLoadings(
    loadings: l, phi: nil, rotationMatrix: try _inverse(tmat).transposed, iterations: iterations, converged: s < eps)
}

// MARK: - varimax and promax

/// R `stats::varimax(x, normalize, eps = 1e-5)`, line by line (Kaiser 1958; the SVD form of the
/// update). Its stopping rule is on the criterion (d < d_past·(1 + eps)), at most 1000 sweeps.
func _varimax(_ x0: Matrix, normalize: Bool, eps: Double = 1e-5) throws(FactorAnalysisError) -> RotatedLoadings {
  let k = x0.columns, p = x0.rows
  var x = x0
  var sc = [Double](repeating: 1, count: p)
  if normalize {
    sc = x.rowSumsOfSquares.map { Foundation.sqrt($0) }
    x = x.scalingRows(sc.map { 1 / $0 })
  }
  var tt = Matrix.identity(k)
  var d = 0.0
  var sweeps = 0
  var converged = false
  for i in 1...1000 {
    sweeps = i
    let z = x * tt
    let z2sums = z.hadamard(z).columnSums
    var target = Matrix(rows: p, columns: k)
    for j in 0..<k {
      for r in 0..<p {
        let v = z[r, j]
        target[r, j] = v * v * v - v * z2sums[j] / Double(p)
      }
    }
    let b = gemm(transA: .transposed, a: x, b: target)
    let svd = try _la { () throws(LAPACKError) in try SVD(b) }
    tt = svd.u * svd.vt
    let dpast = d
    d = svd.singularValues.reduce(0, +)
    if d < dpast * (1 + eps) { converged = true; break }
  }
  var z = x * tt
  if normalize { z = z.scalingRows(sc) }
  return RotatedLoadings(loadings: z, phi: nil, rotationMatrix: tt, iterations: sweeps, converged: converged)
}

/// psych `Promax(x, m)` / R `stats::promax` core: varimax, then least-squares fit of the target
/// λ·|λ|^(m−1), columns rescaled so that Φ has a unit diagonal; Φ = U⁻¹U⁻ᵀ.
func _promax(_ x0: Matrix, power m: Double = 4) throws(FactorAnalysisError) -> RotatedLoadings {
  let vm = try _varimax(x0, normalize: true)
  let x = vm.loadings
  var q = x
  for idx in 0..<q.elements.count {
    let v = x.elements[idx]
    q.elements[idx] = v * Foundation.pow(Swift.abs(v), m - 1)
  }
  var u = try _la { () throws(LAPACKError) in try leastSquares(x, q, method: .qr).coefficients }
  let utuInv = try _inverse(gemm(transA: .transposed, a: u, b: u))
  u = u.scalingColumns(utuInv.diagonalElements.map { Foundation.sqrt($0) })
  let z = x * u
  let full = vm.rotationMatrix * u
  let ui = try _inverse(full)
  let phi = gemm(transB: .transposed, a: ui, b: ui)
  return RotatedLoadings(loadings: z, phi: phi, rotationMatrix: full, iterations: vm.iterations, converged: vm.converged)
}

/// psych `kaiser(L, rotate = "Promax")`: rows divided by √h², Promax (m = 4), rows multiplied back.
func _kaiserPromax(_ f: Matrix) throws(FactorAnalysisError) -> RotatedLoadings {
  let h = f.rowSumsOfSquares.map { Foundation.sqrt($0) }
  let r = try _promax(f.scalingRows(h.map { 1 / $0 }))
  return RotatedLoadings(
    loadings: r.loadings.scalingRows(h), phi: r.phi, rotationMatrix: r.rotationMatrix, iterations: r.iterations,
    converged: r.converged)
}

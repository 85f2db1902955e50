// Internal matrix helpers shared by extraction, rotation, fit statistics and scores.
import Foundation
import LinearAlgebra

extension Matrix {
  /// Column j multiplied by d[j] (A·diag(d)).
  func scalingColumns(_ d: [Double]) -> Matrix {
    var m = self
    for j in 0..<columns {
      let s = d[j]
      for i in 0..<rows { m[i, j] *= s }
    }
    return m
  }

  /// Row i multiplied by d[i] (diag(d)·A).
  func scalingRows(_ d: [Double]) -> Matrix {
    var m = self
    for j in 0..<columns {
      for i in 0..<rows { m[i, j] *= d[i] }
    }
    return m
  }

  /// The columns listed in `order`, in that order.
  func selectingColumns(_ order: [Int]) -> Matrix {
    Matrix(columnVectors: order.map { column($0) })
  }

  /// A copy with `d` on the diagonal.
  func replacingDiagonal(_ d: [Double]) -> Matrix {
    var m = self
    for i in 0..<Swift.min(rows, columns) { m[i, i] = d[i] }
    return m
  }

  /// Column sums.
  var columnSums: [Double] {
    (0..<columns).map { j in
      var s = 0.0
      for i in 0..<rows { s += self[i, j] }
      return s
    }
  }

  /// Row sums of squares (communalities of a loading matrix).
  var rowSumsOfSquares: [Double] {
    var out = [Double](repeating: 0, count: rows)
    for j in 0..<columns {
      for i in 0..<rows { out[i] += self[i, j] * self[i, j] }
    }
    return out
  }

  /// Sum of all elements.
  var elementSum: Double { elements.reduce(0, +) }

  /// Sum of squared elements.
  var sumOfSquares: Double { elements.reduce(0) { $0 + $1 * $1 } }

  /// Trace.
  var trace: Double { diagonalElements.reduce(0, +) }
}

/// A·Aᵀ (level-3 BLAS).
func _outer(_ a: Matrix) -> Matrix { gemm(transB: .transposed, a: a, b: a) }

/// A·B·Aᵀ.
func _sandwich(_ a: Matrix, _ b: Matrix) -> Matrix { gemm(transB: .transposed, a: a * b, b: a) }

/// The first `k` eigenvectors scaled by √max(λ − shift, 0) (psych `FAout.wls` / `FAout` core).
func _topLoadings(_ eigen: SymmetricEigen, count k: Int, shift: Double = 0) -> Matrix {
  let p = eigen.eigenvectors.rows
  var l = Matrix(rows: p, columns: k)
  for j in 0..<k {
    let s = Foundation.sqrt(Swift.max(eigen.eigenvalues[j] - shift, 0))
    for i in 0..<p { l[i, j] = eigen.eigenvectors[i, j] * s }
  }
  return l
}

/// Squared multiple correlations 1 − 1/diag(R⁻¹) (psych `smc`, clamped to [0, 1]). psych inverts
/// with `Pinv`; for a positive-definite R this equals the Cholesky inverse used here, otherwise the
/// Moore–Penrose inverse from the eigendecomposition is used (eigenvalues below ε·λ₁·p dropped).
func _smc(_ r: Matrix) throws(LAPACKError) -> [Double] {
  let p = r.rows
  var inv: Matrix
  if let c = try? Cholesky(r) {
    inv = c.inverse()
  } else {
    let e = try SymmetricEigen(r)
    let tol = Double(p) * Double.ulpOfOne * Swift.max(e.eigenvalues.first ?? 0, 0)
    let d = e.eigenvalues.map { $0 > tol ? 1 / $0 : 0 }
    inv = gemm(transB: .transposed, a: e.eigenvectors.scalingColumns(d), b: e.eigenvectors)
  }
  return (0..<p).map { i in Swift.min(1, Swift.max(0, 1 - 1 / inv[i, i])) }
}

/// psych `cor.smooth`: if an eigenvalue is below machine ε, eigenvalues < 1e-12 become 1e-10,
/// are rescaled to sum p, and the matrix is rebuilt and turned back into a correlation matrix.
/// Returns the input unchanged when it is positive definite.
func _corSmooth(_ r: Matrix) throws(LAPACKError) -> (matrix: Matrix, smoothed: Bool) {
  let e = try SymmetricEigen(r)
  guard e.eigenvalues.contains(where: { $0 < Double.ulpOfOne }) else { return (r, false) }
  var values = e.eigenvalues.map { $0 < 1e-12 ? 100 * 1e-12 : $0 }
  let total = values.reduce(0, +)
  values = values.map { $0 * Double(r.rows) / total }
  let rebuilt = gemm(transB: .transposed, a: e.eigenvectors.scalingColumns(values), b: e.eigenvectors)
  let cor = (try? rebuilt.symmetrized.correlationFromCovariance()) ?? rebuilt
  return (cor, true)
}

/// The symmetric square root A^(power) via the eigendecomposition (psych `matSqrt` for power ½,
/// `invMatSqrt` for −½; negative eigenvalues are set to 0 for ½, as psych does).
func _symmetricPower(_ a: Matrix, _ power: Double) throws(LAPACKError) -> Matrix {
  let e = try SymmetricEigen(a)
  let d = e.eigenvalues.map { v -> Double in
    let x = Swift.max(v, 0)
    return x == 0 ? 0 : Foundation.pow(x, power)
  }
  return gemm(transB: .transposed, a: e.eigenvectors.scalingColumns(d), b: e.eigenvectors)
}

/// R `sign()` with 0 ↦ +1 (psych's column-sign rule).
@inline(__always) func _signPositiveZero(_ x: Double) -> Double { x < 0 ? -1 : 1 }

/// Indices sorting `values` in decreasing order, ties in original order (R `order(decreasing = TRUE)`).
func _orderDecreasing(_ values: [Double]) -> [Int] {
  values.indices.sorted { a, b in values[a] != values[b] ? values[a] > values[b] : a < b }
}

/// A root of the monotone function `f` on [lo, hi] by bisection to `tolerance` (absolute; used for
/// the RMSEA interval, where the noncentrality is solved from the noncentral χ² cdf).
func _bisect(_ lo: Double, _ hi: Double, tolerance: Double = 1e-10, _ f: (Double) -> Double) -> Double? {
  var a = lo, b = hi
  var fa = f(a)
  let fb = f(b)
  if fa == 0 { return a }
  if fb == 0 { return b }
  if (fa > 0) == (fb > 0) { return nil }
  for _ in 0..<200 {
    let m = 0.5 * (a + b)
    let fm = f(m)
    if fm == 0 { return m }
    if (fm > 0) == (fa > 0) { a = m; fa = fm } else { b = m }
    if b - a < tolerance * Swift.max(1, Swift.abs(m)) { break }
  }
  return 0.5 * (a + b)
}

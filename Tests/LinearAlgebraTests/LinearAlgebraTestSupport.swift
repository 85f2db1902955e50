// Helpers shared by the LinearAlgebra tests: a seeded generator, test matrices, naive reference
// products and norm-wise error measures. Not API.
import LinearAlgebra
import _TestSupport

/// SplitMix64 (Steele, Lea & Flood 2014; `_TestSupport`): a tiny, seedable, platform-independent
/// generator, so every "random" test matrix is the same on every machine and run.
typealias SplitMix64 = TestSplitMix

extension TestSplitMix {
  /// Uniform on [−1, 1) with 53 random bits.
  mutating func nextSigned() -> Double { Double(next() >> 11) * 0x1p-52 - 1 }
}

/// An m×n matrix of independent uniform(−1, 1) entries from `seed`.
func randomMatrix(_ m: Int, _ n: Int, seed: UInt64) -> Matrix {
  var g = SplitMix64(seed: seed)
  return Matrix(rows: m, columns: n, columnMajor: (0..<(m * n)).map { _ in g.nextSigned() })
}

/// A random symmetric positive-definite n×n matrix XᵀX/(2n) + I (well conditioned), from `seed`.
func randomSPD(_ n: Int, seed: UInt64) -> Matrix {
  let x = randomMatrix(2 * n, n, seed: seed)
  var a = crossProduct(x) / Double(2 * n)
  for i in 0..<n { a[i, i] += 1 }
  return a
}

/// A random symmetric (indefinite) n×n matrix (X + Xᵀ)/2, from `seed`.
func randomSymmetric(_ n: Int, seed: UInt64) -> Matrix {
  randomMatrix(n, n, seed: seed).symmetrized
}

/// The n×n Hilbert matrix H[i, j] = 1/(i + j + 1) (zero-based); κ₂(H₈) ≈ 1.5258e10.
func hilbert(_ n: Int) -> Matrix {
  var h = Matrix(rows: n, columns: n)
  for j in 0..<n { for i in 0..<n { h[i, j] = 1 / Double(i + j + 1) } }
  return h
}

/// The exact inverse of the n×n Hilbert matrix (integers; exact in Double for n ≤ 10):
/// (H⁻¹)ᵢⱼ = (−1)^(i+j) (i+j−1) C(n+i−1, n−j) C(n+j−1, n−i) C(i+j−2, i−1)²  (1-based i, j).
func hilbertInverse(_ n: Int) -> Matrix {
  func binom(_ n: Int, _ k: Int) -> Int {
    if k < 0 || k > n { return 0 }
    var r = 1
    for i in 0..<k { r = r * (n - i) / (i + 1) }
    return r
  }
  var m = Matrix(rows: n, columns: n)
  for j in 1...n {
    for i in 1...n {
      let c = binom(i + j - 2, i - 1)
      let v = (i + j - 1) * binom(n + i - 1, n - j) * binom(n + j - 1, n - i) * c * c
      m[i - 1, j - 1] = Double((i + j) % 2 == 0 ? v : -v)
    }
  }
  return m
}

/// ‖A − B‖_F / ‖B‖_F (Frobenius norm), the relative error measure used throughout these tests.
func relativeFrobeniusError(_ a: Matrix, _ reference: Matrix) -> Double {
  (a - reference).frobeniusNorm / reference.frobeniusNorm
}

/// Naive triple-loop product op(A)·op(B), summing k in increasing order (reference for BLAS).
func naiveProduct(_ a: Matrix, _ b: Matrix, transA: Bool = false, transB: Bool = false) -> Matrix {
  let opA = transA ? a.transposed : a
  let opB = transB ? b.transposed : b
  precondition(opA.columns == opB.rows)
  var c = Matrix(rows: opA.rows, columns: opB.columns)
  for i in 0..<opA.rows {
    for j in 0..<opB.columns {
      var s = 0.0
      for k in 0..<opA.columns { s += opA[i, k] * opB[k, j] }
      c[i, j] = s
    }
  }
  return c
}

/// Machine epsilon 2⁻⁵² ≈ 2.22e-16.
let eps = Double.ulpOfOne

import COpenBLAS

// Level-2 and level-3 BLAS products on column-major `Matrix` (OpenBLAS CBLAS).
//
// Conventions: dimension mismatches are programming errors (precondition); empty operands give
// correctly shaped empty or zero results without calling BLAS; NaN and ±∞ propagate as in BLAS.
// Leading dimensions are max(1, rows) as BLAS requires.

/// Whether a BLAS operand is used as stored (`op(A) = A`) or transposed (`op(A) = Aᵀ`).
public enum Transpose: Sendable, Equatable, Hashable, CaseIterable {
  /// op(A) = A.
  case none
  /// op(A) = Aᵀ.
  case transposed

  var cblas: CBLAS_TRANSPOSE { self == .none ? CblasNoTrans : CblasTrans }
}

@inline(__always) func _ld(_ rows: Int) -> Int32 { Int32(Swift.max(1, rows)) }

@inline(__always) func _checkedInt32(_ n: Int, _ what: @autoclosure () -> String) -> Int32 {
  precondition(n <= Int(Int32.max), "\(what()): dimension \(n) exceeds the 32-bit BLAS index range")
  return Int32(n)
}

/// General matrix product in place: C ← α·op(A)·op(B) + β·C (BLAS `dgemm`).
///
/// ```
/// C[i, j] ← α Σₖ op(A)[i, k]·op(B)[k, j] + β C[i, j]
/// ```
/// `op(A)` is m×k, `op(B)` is k×n and `c` must be m×n. With β = 0, `c` is not read (NaN in
/// `c` does not propagate). Cost 2mnk flops; no temporary copies of `a` or `b`.
public func gemm(
  transA: Transpose = .none, transB: Transpose = .none, alpha: Double = 1,
  a: Matrix, b: Matrix, beta: Double = 0, c: inout Matrix
) {
  let (m, ka) = transA == .none ? (a.rows, a.columns) : (a.columns, a.rows)
  let (kb, n) = transB == .none ? (b.rows, b.columns) : (b.columns, b.rows)
  precondition(ka == kb, "gemm: op(A) is \(m)×\(ka) but op(B) is \(kb)×\(n)")
  precondition(c.rows == m && c.columns == n, "gemm: C is \(c.rows)×\(c.columns), expected \(m)×\(n)")
  if m == 0 || n == 0 { return }
  if ka == 0 {
    // Empty inner dimension: C ← β·C (β = 0 sets C to zero without reading it).
    if beta == 0 { c = Matrix(rows: m, columns: n) } else { c = beta * c }
    return
  }
  let m32 = _checkedInt32(m, "gemm"), n32 = _checkedInt32(n, "gemm"), k32 = _checkedInt32(ka, "gemm")
  let lda = _ld(a.rows), ldb = _ld(b.rows), ldc = _ld(m)
  let ta = transA.cblas, tb = transB.cblas
  a.elements.withUnsafeBufferPointer { pa in
    b.elements.withUnsafeBufferPointer { pb in
      c.elements.withUnsafeMutableBufferPointer { pc in
        cblas_dgemm(
          CblasColMajor, ta, tb, m32, n32, k32, alpha, pa.baseAddress, lda, pb.baseAddress, ldb,
          beta, pc.baseAddress, ldc)
      }
    }
  }
}

/// General matrix product α·op(A)·op(B) as a new matrix (BLAS `dgemm` with β = 0).
public func gemm(
  transA: Transpose = .none, transB: Transpose = .none, alpha: Double = 1, a: Matrix, b: Matrix
) -> Matrix {
  let m = transA == .none ? a.rows : a.columns
  let n = transB == .none ? b.columns : b.rows
  var c = Matrix(rows: m, columns: n)
  gemm(transA: transA, transB: transB, alpha: alpha, a: a, b: b, beta: 0, c: &c)
  return c
}

/// The cross-product XᵀX, a symmetric p×p matrix for an n×p `x` (R `crossprod(x)`; BLAS `dsyrk`).
///
/// ```
/// (XᵀX)[i, j] = Σₖ X[k, i]·X[k, j]
/// ```
/// `dsyrk` computes the lower triangle (n·p² flops, half of `dgemm`); the upper triangle is then
/// copied from it, so the result is exactly symmetric.
public func crossProduct(_ x: Matrix) -> Matrix {
  let p = x.columns, n = x.rows
  var c = Matrix(rows: p, columns: p)
  if p == 0 || n == 0 { return c }
  let p32 = _checkedInt32(p, "crossProduct"), n32 = _checkedInt32(n, "crossProduct")
  let lda = _ld(n), ldc = _ld(p)
  x.elements.withUnsafeBufferPointer { px in
    c.elements.withUnsafeMutableBufferPointer { pc in
      cblas_dsyrk(CblasColMajor, CblasLower, CblasTrans, p32, n32, 1, px.baseAddress, lda, 0, pc.baseAddress, ldc)
      _fillUpperFromLower(pc, p)
    }
  }
  return c
}

/// The cross-product XᵀY of an n×p `x` and an n×q `y` (R `crossprod(x, y)`; BLAS `dgemm`).
public func crossProduct(_ x: Matrix, _ y: Matrix) -> Matrix {
  precondition(x.rows == y.rows, "crossProduct: x has \(x.rows) rows, y has \(y.rows)")
  return gemm(transA: .transposed, a: x, b: y)
}

/// Copies the strict lower triangle of an n×n column-major buffer onto its upper triangle.
@inline(__always) func _fillUpperFromLower(_ p: UnsafeMutableBufferPointer<Double>, _ n: Int) {
  guard n > 1 else { return }
  for j in 1..<n {
    for i in 0..<j { p[i + j * n] = p[j + i * n] }
  }
}

extension Matrix {
  /// The matrix product A·B (BLAS `dgemm`). A's column count must equal B's row count.
  public static func * (lhs: Matrix, rhs: Matrix) -> Matrix {
    gemm(a: lhs, b: rhs)
  }

  /// The matrix–vector product A·x (BLAS `dgemv`); `x.count` must equal `columns`.
  public static func * (lhs: Matrix, rhs: [Double]) -> [Double] {
    precondition(lhs.columns == rhs.count, "Matrix * vector: \(lhs.rows)×\(lhs.columns) times \(rhs.count)")
    return lhs._gemv(.none, rhs)
  }

  /// The product Aᵀ·x (BLAS `dgemv` with `CblasTrans`); `x.count` must equal `rows`.
  public func transposeTimes(_ x: [Double]) -> [Double] {
    precondition(rows == x.count, "transposeTimes: \(rows)×\(columns) matrix, vector of \(x.count)")
    return _gemv(.transposed, x)
  }

  /// The product Aᵀ·B (BLAS `dgemm`), the same as `crossProduct(self, b)`.
  public func transposeTimes(_ b: Matrix) -> Matrix { crossProduct(self, b) }

  func _gemv(_ trans: Transpose, _ x: [Double]) -> [Double] {
    let outCount = trans == .none ? rows : columns
    var y = [Double](repeating: 0, count: outCount)
    if outCount == 0 || x.isEmpty { return y }
    let m32 = _checkedInt32(rows, "gemv"), n32 = _checkedInt32(columns, "gemv"), lda = _ld(rows)
    let t = trans.cblas
    elements.withUnsafeBufferPointer { pa in
      x.withUnsafeBufferPointer { px in
        y.withUnsafeMutableBufferPointer { py in
          cblas_dgemv(CblasColMajor, t, m32, n32, 1, pa.baseAddress, lda, px.baseAddress, 1, 0, py.baseAddress, 1)
        }
      }
    }
    return y
  }
}

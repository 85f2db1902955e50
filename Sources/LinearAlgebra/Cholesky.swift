import COpenBLAS

/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// ```
/// A = L·Lᵀ,   L lower triangular with Lᵢᵢ > 0
/// ```
/// Only the lower triangle of `A` is read. Throws `LAPACKError(routine: "dpotrf", info: k)` when
/// the leading minor of order k is not positive, i.e. the matrix is not positive definite, and
/// `LAPACKError.nonFiniteInput(routine: "dpotrf")` for NaN/±∞ input. Cost n³/3 flops.
///
/// Uses: `solve(_:)` (`dpotrs`), ``inverse()`` (`dpotri`), ``logDeterminant``.
public struct Cholesky: Sendable, Equatable {
  /// The lower-triangular factor L (upper triangle zero).
  public let lower: Matrix

  /// Factorises the symmetric matrix `a` (only its lower triangle is read).
  public init(_ a: Matrix) throws(LAPACKError) {
    precondition(a.isSquare, "Cholesky: matrix is \(a.rows)×\(a.columns), not square")
    try LAPACKError.checkFinite("dpotrf", a.elements)
    var l = a
    var n = Int32(a.rows)
    var lda = Swift.max(1, n)
    var info: Int32 = 0
    if n > 0 {
      l.elements.withUnsafeMutableBufferPointer { p in
        dpotrf_("L", &n, p.baseAddress, &lda, &info, 1)
      }
    }
    try LAPACKError.check("dpotrf", info)
    for j in 0..<a.columns { for i in 0..<j { l[i, j] = 0 } }
    lower = l
  }

  /// The order n of the factorised matrix.
  public var order: Int { lower.rows }

  /// log det(A) = 2 Σ log Lᵢᵢ (finite for every factorised matrix; no overflow for large n).
  public var logDeterminant: Double {
    2 * lower.diagonalElements.reduce(0) { $0 + _log($1) }
  }

  /// The solution X of A·X = B for an n×k right-hand side (LAPACK `dpotrs`: two triangular solves).
  ///
  /// Cost 2n²k flops. Does not throw: `dpotrs` has no data-dependent failure once A = L·Lᵀ exists.
  public func solve(_ b: Matrix) -> Matrix {
    precondition(b.rows == order, "Cholesky.solve: right-hand side has \(b.rows) rows, matrix is \(order)×\(order)")
    var x = b
    if order == 0 || b.columns == 0 { return x }
    var n = Int32(order), nrhs = _checkedInt32(b.columns, "dpotrs"), lda = _ld(order), ldb = _ld(order)
    var info: Int32 = 0
    lower.elements.withUnsafeBufferPointer { pl in
      x.elements.withUnsafeMutableBufferPointer { px in
        dpotrs_("L", &n, &nrhs, pl.baseAddress, &lda, px.baseAddress, &ldb, &info, 1)
      }
    }
    precondition(info == 0, "dpotrs: illegal value in argument \(-info) (a TrustMetrics bug)")
    return x
  }

  /// The solution x of A·x = b for one right-hand side (LAPACK `dpotrs`).
  public func solve(_ b: [Double]) -> [Double] {
    solve(Matrix(rows: b.count, columns: 1, columnMajor: b)).elements
  }

  /// The inverse A⁻¹ = L⁻ᵀ·L⁻¹, exactly symmetric (LAPACK `dpotri`, upper triangle filled from lower).
  ///
  /// Cost 2n³/3 flops. Prefer `solve(_:)` when only A⁻¹B is needed.
  /// Does not throw: `dpotri` fails only for a zero diagonal element of L, which `dpotrf` excludes.
  public func inverse() -> Matrix {
    var inv = lower
    let nInt = order
    if nInt == 0 { return inv }
    var n = Int32(nInt), lda = _ld(nInt), info: Int32 = 0
    inv.elements.withUnsafeMutableBufferPointer { p in
      dpotri_("L", &n, p.baseAddress, &lda, &info, 1)
      _fillUpperFromLower(p, nInt)
    }
    precondition(info == 0, "dpotri returned info = \(info) after a successful dpotrf (a TrustMetrics bug)")
    return inv
  }
}

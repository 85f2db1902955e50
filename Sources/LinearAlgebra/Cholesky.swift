import COpenBLAS
#if canImport(Glibc)
import Glibc
#endif

/// The Cholesky factorisation A = L·Lᵀ of a symmetric positive-definite matrix (LAPACK `dpotrf`).
///
/// Throws `LAPACKError(routine: "dpotrf", info: k)` when the leading minor of order k is not
/// positive, i.e. the matrix is not positive definite.
public struct Cholesky: Sendable, Equatable {
  /// The lower-triangular factor L (upper triangle zero).
  public let lower: Matrix

  /// Factorises the symmetric matrix `a` (only its lower triangle is read).
  public init(_ a: Matrix) throws(LAPACKError) {
    precondition(a.isSquare, "Cholesky: matrix is \(a.rows)×\(a.columns), not square")
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

  /// log det(A) = 2 Σ log Lᵢᵢ.
  public var logDeterminant: Double {
    2 * lower.diagonalElements.reduce(0) { $0 + _log($1) }
  }
}

@inline(__always) func _log(_ x: Double) -> Double {
  #if canImport(Glibc)
  return Glibc.log(x)
  #else
  return Foundation.log(x)
  #endif
}

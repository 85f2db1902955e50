/// A LAPACK routine reported a property of the data (`info > 0`).
///
/// `info < 0` means an illegal argument — a bug in this module — and stops the program with
/// a precondition failure instead. `info > 0` depends on the data and is thrown, so callers
/// can report it ("the correlation matrix is not positive definite") instead of trapping.
public struct LAPACKError: Error, Sendable, Equatable, CustomStringConvertible {
  /// The routine, e.g. `dpotrf`.
  public var routine: String
  /// The positive `info` value it returned.
  public var info: Int32

  public init(routine: String, info: Int32) {
    self.routine = routine
    self.info = info
  }

  /// What the code means for the routines this module calls.
  public var meaning: String {
    switch routine {
    case "dpotrf", "dpotri":
      return "the matrix is not positive definite (leading minor of order \(info) is not positive)"
    case "dgetrf", "dgetri", "dgetrs":
      return "the matrix is exactly singular (U[\(info),\(info)] is zero)"
    case "dsyevr": return "the eigenvalue algorithm failed to converge (internal error \(info))"
    case "dgesdd": return "the SVD did not converge (\(info) superdiagonals did not converge)"
    case "dgels": return "the matrix does not have full rank (diagonal element \(info) of R is zero)"
    case "dgelsd": return "the SVD in the least-squares solver did not converge"
    default: return "LAPACK returned info = \(info)"
    }
  }

  public var description: String { "\(routine): \(meaning)" }

  /// Throws for `info > 0`; stops for `info < 0` (an argument error is a programming error).
  @usableFromInline
  static func check(_ routine: String, _ info: Int32) throws(LAPACKError) {
    precondition(info >= 0, "\(routine): illegal value in argument \(-info) (a TrustMetrics bug)")
    if info > 0 { throw LAPACKError(routine: routine, info: info) }
  }
}

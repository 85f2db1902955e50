/// A LAPACK routine reported a property of the data (`info > 0`), or was refused non-finite input.
///
/// `info < 0` means an illegal argument — a bug in this module — and stops the program with
/// a precondition failure instead. `info > 0` depends on the data and is thrown, so callers
/// can report it ("the correlation matrix is not positive definite") instead of trapping.
///
/// Routines whose behaviour on NaN or ±∞ is undefined or an argument error (`dsyevr`,
/// `dgesdd`, `dgels`, `dgelsd`, `dpotrf`) are not called on such input: the decomposition
/// throws ``LAPACKError/nonFiniteInput(routine:)`` (``kind`` `.nonFiniteInput`, `info` 0).
public struct LAPACKError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Why the routine failed.
  public enum Kind: Sendable, Equatable, Hashable {
    /// The routine returned a positive `info` (see ``LAPACKError/meaning``).
    case info
    /// The input held NaN or ±∞, so the routine was not called.
    case nonFiniteInput
  }

  /// The routine, e.g. `dpotrf`.
  public var routine: String
  /// The positive `info` value it returned (0 for ``Kind/nonFiniteInput``).
  public var info: Int32
  /// Whether `info` came from LAPACK or the input was refused before the call.
  public var kind: Kind

  /// An error for a positive `info` returned by `routine`.
  public init(routine: String, info: Int32) {
    self.routine = routine
    self.info = info
    self.kind = .info
  }

  /// An error for input containing NaN or ±∞, refused before calling `routine`.
  public static func nonFiniteInput(routine: String) -> LAPACKError {
    var e = LAPACKError(routine: routine, info: 0)
    e.kind = .nonFiniteInput
    return e
  }

  /// What the code means for the routines this module calls.
  public var meaning: String {
    if kind == .nonFiniteInput { return "the input contains NaN or infinite values" }
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

  /// Throws ``nonFiniteInput(routine:)`` when any element is NaN or ±∞.
  static func checkFinite(_ routine: String, _ elements: [Double]) throws(LAPACKError) {
    let allFinite = elements.withUnsafeBufferPointer { p -> Bool in
      // Sum of x·0 is NaN exactly when some x is NaN or ±∞; one pass, no branches.
      var acc = 0.0
      for x in p { acc += x * 0 }
      return acc == 0
    }
    if !allFinite { throw LAPACKError.nonFiniteInput(routine: routine) }
  }
}

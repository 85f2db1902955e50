// Elementwise arithmetic on `Matrix`: +, −, negation, scalar multiples and the Hadamard product.
//
// Each operation is one pass over contiguous storage through unsafe buffer pointers (no
// per-element closures, no bounds checks), which the optimiser vectorises. IEEE semantics
// hold exactly (0 · NaN = NaN), unlike BLAS `dscal`, whose α = 0 behaviour varies by version.
// Shapes must agree (precondition: a shape mismatch is a programming error).

extension Matrix {
  enum _Elementwise { case add, subtract, multiply }

  /// lhs ← lhs ∘ rhs for one of +, −, ×; the switch is outside the loops.
  static func _apply(_ lhs: inout Matrix, _ rhs: Matrix, _ op: _Elementwise) {
    precondition(lhs.rows == rhs.rows && lhs.columns == rhs.columns,
      "Matrix \(op): \(lhs.rows)×\(lhs.columns) vs \(rhs.rows)×\(rhs.columns)")
    let count = rhs.elements.count
    lhs.elements.withUnsafeMutableBufferPointer { pr in
      rhs.elements.withUnsafeBufferPointer { pb in
        switch op {
        case .add: for i in 0..<count { pr[i] += pb[i] }
        case .subtract: for i in 0..<count { pr[i] -= pb[i] }
        case .multiply: for i in 0..<count { pr[i] *= pb[i] }
        }
      }
    }
  }

  static func _binary(_ a: Matrix, _ b: Matrix, _ op: _Elementwise) -> Matrix {
    var r = a
    _apply(&r, b, op)
    return r
  }

  /// Elementwise sum A + B.
  public static func + (lhs: Matrix, rhs: Matrix) -> Matrix { _binary(lhs, rhs, .add) }

  /// Elementwise difference A − B.
  public static func - (lhs: Matrix, rhs: Matrix) -> Matrix { _binary(lhs, rhs, .subtract) }

  /// The elementwise (Hadamard, Schur) product A ∘ B, (A ∘ B)[i, j] = A[i, j]·B[i, j].
  public func hadamard(_ other: Matrix) -> Matrix { Matrix._binary(self, other, .multiply) }

  /// Elementwise negation −A.
  public static prefix func - (m: Matrix) -> Matrix { -1 * m }

  /// The scalar multiple s·A.
  public static func * (lhs: Double, rhs: Matrix) -> Matrix {
    var r = rhs
    r *= lhs
    return r
  }

  /// The scalar multiple A·s.
  public static func * (lhs: Matrix, rhs: Double) -> Matrix { rhs * lhs }

  /// The scalar quotient A / s (each element divided by `s`).
  public static func / (lhs: Matrix, rhs: Double) -> Matrix {
    var r = lhs
    let count = r.elements.count
    r.elements.withUnsafeMutableBufferPointer { p in
      for i in 0..<count { p[i] /= rhs }
    }
    return r
  }

  /// A ← A + B.
  public static func += (lhs: inout Matrix, rhs: Matrix) { _apply(&lhs, rhs, .add) }

  /// A ← A − B.
  public static func -= (lhs: inout Matrix, rhs: Matrix) { _apply(&lhs, rhs, .subtract) }

  /// A ← s·A.
  public static func *= (lhs: inout Matrix, rhs: Double) {
    let count = lhs.elements.count
    lhs.elements.withUnsafeMutableBufferPointer { p in
      for i in 0..<count { p[i] *= rhs }
    }
  }
}

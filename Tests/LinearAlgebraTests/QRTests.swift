import LinearAlgebra
import Testing

@Suite struct QRTests {
  /// ‖A − QR‖_F/‖A‖_F ≤ 1e-12, max|QᵀQ − I| ≤ 1e-12, R exactly upper triangular.
  @Test(arguments: [(40, 12), (12, 40), (15, 15)])
  func reconstructionOrthogonalityTriangularity(shape: (Int, Int)) {
    let (m, n) = shape
    let a = randomMatrix(m, n, seed: UInt64(200 + m))
    let f = QR(a)
    let k = min(m, n)
    #expect(f.q.rows == m && f.q.columns == k && f.r.rows == k && f.r.columns == n)
    #expect(relativeFrobeniusError(f.q * f.r, a) <= 1e-12)
    #expect(maxAbsDifference(crossProduct(f.q), .identity(k)) <= 1e-12)
    for j in 0..<n { for i in (j + 1)..<max(j + 1, k) { #expect(f.r[i, j] == 0) } }
  }

  @Test func rankDeficientAndIllConditioned() {
    let a = randomMatrix(25, 4, seed: 31) * randomMatrix(4, 8, seed: 32)  // rank 4
    let f = QR(a)
    #expect(relativeFrobeniusError(f.q * f.r, a) <= 1e-12)
    #expect(maxAbsDifference(crossProduct(f.q), .identity(8)) <= 1e-12)
    // R's trailing diagonal is at rounding level: |R₅₅| … ≤ 25·ε·‖A‖_F.
    for i in 4..<8 { #expect(abs(f.r[i, i]) <= 25 * eps * a.frobeniusNorm) }
    let h = hilbert(8)
    let g = QR(h)
    #expect(relativeFrobeniusError(g.q * g.r, h) <= 1e-12)
  }

  @Test func knownExample() {
    // A = [[3], [4]]: Householder gives R = [[−5]] and Q = [[−0.6], [−0.8]] (LAPACK sign convention).
    let f = QR(Matrix([[3], [4]]))
    #expect(abs(abs(f.r[0, 0]) - 5) <= 4 * eps * 5)
    #expect(abs(f.q[0, 0] * f.r[0, 0] - 3) <= 4 * eps * 3)
    #expect(QR(Matrix(rows: 3, columns: 0)).q.columns == 0)
  }
}

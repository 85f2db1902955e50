import Foundation
import LinearAlgebra
import Testing
import _TestSupport

@testable import CompositeIndices

@Suite struct SaltelliDesignTests {
  static func ishigami(_ x: [Double], a: Double = 7, b: Double = 0.1) -> Double {
    sin(x[0]) + a * sin(x[1]) * sin(x[1]) + b * pow(x[2], 4) * sin(x[0])
  }

  /// SALib 1.6 on the Ishigami function with the same A and B (Datasets/reference/scripts/indices_sobol.py).
  /// Outputs agree to 1e-12 relative (1e-12 absolute near 0: sin of the same doubles, libm vs numpy);
  /// the indices to 1e-12 absolute.
  @Test func ishigamiMatchesSALib() throws {
    let ref = try ReferenceJSON("sobol_ishigami")
    let design = SaltelliDesign(a: ref.matrix("A"), b: ref.matrix("B"))
    let n = design.baseSamples, d = design.dimensions
    #expect(n == 512 && d == 3)
    let runs = design.runs
    let y = (0..<runs.rows).map { Self.ishigami(runs.row($0)) }
    let yA = Array(y[0..<n]), yB = Array(y[n..<(2 * n)])
    let yAB = (0..<d).map { Array(y[((2 + $0) * n)..<((3 + $0) * n)]) }
    #expect(firstMismatch(yA, ref.vector("yA"), relative: 1e-12, absolute: 1e-12) == nil)
    #expect(firstMismatch(yB, ref.vector("yB"), relative: 1e-12, absolute: 1e-12) == nil)
    let refAB = ref.object["yAB"] as? [[Any]] ?? []
    for i in 0..<d {
      #expect(firstMismatch(yAB[i], refAB[i].map(ReferenceJSON.number), relative: 1e-12, absolute: 1e-12) == nil)
    }
    let salib = sobolIndices(yA: yA, yB: yB, yAB: yAB, estimator: .salib)
    #expect(firstMismatch(salib.firstOrder, ref.sub("salib").vector("S1"), relative: 0, absolute: 1e-12) == nil)
    #expect(firstMismatch(salib.totalEffect, ref.sub("salib").vector("ST"), relative: 0, absolute: 1e-12) == nil)
    let coinr = sobolIndices(yA: yA, yB: yB, yAB: yAB, estimator: .coinr)
    #expect(firstMismatch(coinr.firstOrder, ref.sub("coinr").vector("S1"), relative: 0, absolute: 1e-12) == nil)
    #expect(firstMismatch(coinr.totalEffect, ref.sub("coinr").vector("ST"), relative: 0, absolute: 1e-12) == nil)
    // Sanity against the analytic values (0.3139, 0.4424, 0) / (0.5576, 0.4424, 0.2437): N = 512 → ±0.02.
    #expect(firstMismatch(salib.firstOrder, [0.3139, 0.4424, 0], relative: 0, absolute: 0.02) == nil)
    #expect(firstMismatch(salib.totalEffect, [0.5576, 0.4424, 0.2437], relative: 0, absolute: 0.02) == nil)
  }

  /// Run layout: A, B, then A with column i from B.
  @Test func runLayout() {
    let design = SaltelliDesign(baseSamples: 4, dimensions: 2, seed: 9)
    let runs = design.runs
    #expect(runs.rows == 16)
    for r in 0..<4 {
      #expect(runs.row(r) == design.a.row(r))
      #expect(runs.row(4 + r) == design.b.row(r))
      #expect(runs.row(8 + r) == [design.b[r, 0], design.a[r, 1]])
      #expect(runs.row(12 + r) == [design.a[r, 0], design.b[r, 1]])
    }
    #expect(SaltelliDesign(baseSamples: 4, dimensions: 2, seed: 9) == design)
    #expect(SaltelliDesign(baseSamples: 4, dimensions: 2, seed: 10) != design)
  }
}

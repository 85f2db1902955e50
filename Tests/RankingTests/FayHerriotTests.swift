import LinearAlgebra
import Testing
import _TestSupport

@testable import Ranking

@Suite struct FayHerriotTests {
  @Test func matchesSamplics() throws {
    // Tolerance 1e-6 relative (iterative Fisher scoring on both sides; both run to a relative
    // change ≤ 1e-12/1e-13, so agreement is in practice ~1e-10).
    let ref = try loadReference("fayherriot.json")
    let cases = ref["cases"] as? [[String: Any]] ?? []
    #expect(cases.count == 4)
    for c in cases {
      let name = c["name"] as? String ?? "?"
      let method: FayHerriotMethod = (c["method"] as? String) == "ml" ? .ml : .reml
      let fit = try fayHerriot(
        directEstimates: doubles(c["direct"]), samplingVariances: doubles(c["psi"]),
        covariates: Matrix(rowsOf(c["X"])), options: .init(method: method))
      #expect(isClose(fit.randomEffectVariance, double(c["sigma2_u"]), relative: 1e-6), "\(name) σ²")
      #expect(firstMismatch(fit.coefficients, doubles(c["beta"]), relative: 1e-6) == nil, "\(name) β")
      #expect(firstMismatch(fit.eblup, doubles(c["eblup"]), relative: 1e-6) == nil, "\(name) EBLUP")
      #expect(firstMismatch(fit.mse, doubles(c["mse"]), relative: 1e-6) == nil, "\(name) MSE")
    }
  }

  @Test func identities() throws {
    let y = [3.1, 2.8, 3.5, 2.9, 3.3, 3.0, 2.7, 3.6]
    let psi = [0.02, 0.05, 0.01, 0.08, 0.03, 0.04, 0.06, 0.02]
    let x = Matrix(columnVectors: [[Double](repeating: 1, count: 8), [1, 0, 2, 0, 1, 1, 0, 2]])
    let fit = try fayHerriot(directEstimates: y, samplingVariances: psi, covariates: x)
    for d in y.indices {
      // EBLUP between direct and synthetic; MSE below the direct variance ψ_d for these data.
      let lo = Swift.min(y[d], fit.synthetic[d]), hi = Swift.max(y[d], fit.synthetic[d])
      #expect(fit.eblup[d] >= lo - 1e-15 && fit.eblup[d] <= hi + 1e-15)
      #expect(isClose(fit.shrinkage[d], fit.randomEffectVariance / (fit.randomEffectVariance + psi[d]), relative: 1e-15))
      #expect(isClose(fit.mse[d], fit.g1[d] + fit.g2[d] + 2 * fit.g3[d], relative: 1e-15))
    }
  }

  @Test func boundaryAtZeroGivesSynthetic() throws {
    // Direct estimates exactly on a line with big ψ: σ̂²_u = 0, γ = 0, EBLUP = synthetic.
    let x = Matrix(columnVectors: [[1, 1, 1, 1, 1], [0, 1, 2, 3, 4]])
    let y = [1.0, 1.1, 1.2, 1.3, 1.4]
    for method in FayHerriotMethod.allCases {
      let fit = try fayHerriot(directEstimates: y, samplingVariances: [1, 1, 1, 1, 1], covariates: x, options: .init(method: method))
      #expect(fit.randomEffectVariance == 0)
      #expect(fit.shrinkage.allSatisfy { $0 == 0 })
      #expect(firstMismatch(fit.eblup, fit.synthetic, relative: 0) == nil)
    }
  }

  @Test func errors() {
    let x = Matrix(columnVectors: [[1, 1, 1]])
    #expect(throws: RankingError.invalidVariance(what: "samplingVariances", index: 1, value: 0)) {
      try fayHerriot(directEstimates: [1, 2, 3], samplingVariances: [1, 0, 1], covariates: x)
    }
    #expect(throws: RankingError.lengthMismatch(what: "samplingVariances", expected: 3, found: 2)) {
      try fayHerriot(directEstimates: [1, 2, 3], samplingVariances: [1, 1], covariates: x)
    }
    #expect(throws: RankingError.singularDesign) {
      try fayHerriot(
        directEstimates: [1, 2, 3], samplingVariances: [1, 1, 1],
        covariates: Matrix(columnVectors: [[1, 1, 1], [2, 2, 2]]))
    }
  }
}

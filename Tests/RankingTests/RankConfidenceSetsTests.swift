import LinearAlgebra
import Testing
import _TestSupport

@testable import Ranking

@Suite struct RankConfidenceSetsTests {
  @Test func wellSeparatedUnitsGetSingletonSets() throws {
    // Differences of 10 with σ_jk = √2: far beyond any critical value for 3 units.
    let sets = try rankConfidenceSets(
      estimates: [0, 20, 10], covariance: Matrix.identity(3), scope: .simultaneous)
    #expect(sets.estimatedRanks == [3, 1, 2])
    #expect(sets.lower == [3, 1, 2])
    #expect(sets.upper == [3, 1, 2])
    let marginal = try rankConfidenceSets(estimates: [0, 20, 10], covariance: Matrix.identity(3), scope: .marginal)
    #expect(marginal.lower == [3, 1, 2] && marginal.upper == [3, 1, 2])
  }

  @Test func identicalUnitsGetBothRanks() throws {
    for scope in RankConfidenceScope.allCases {
      let sets = try rankConfidenceSets(estimates: [1, 1], covariance: Matrix.identity(2), scope: scope)
      #expect(sets.lower == [1, 1] && sets.upper == [2, 2])
      #expect(sets.estimatedRanks == [1, 1])  // ties share the best rank (csranks irank, ω = 0)
    }
  }

  @Test func twoSeparatedPairsOfTies() throws {
    // {a, b} ≫ {c, d}: a, b ∈ {1, 2}; c, d ∈ {3, 4}.
    let s = try rankConfidenceSets(estimates: [10, 10, 0, 0], covariance: 0.01 * Matrix.identity(4))
    #expect(s.lower == [1, 1, 3, 3] && s.upper == [2, 2, 4, 4])
  }

  @Test func matchesIndependentImplementationOnSameDraws() throws {
    // Tolerance: integer bounds exactly; critical values 1e-12 relative (same draws, same order of
    // operations up to the BLAS product ε·Lᵀ).
    let ref = try loadReference("csranks.json")
    let cases = ref["cases"] as? [[String: Any]] ?? []
    #expect(cases.count == 2)
    for c in cases {
      let name = c["name"] as? String ?? "?"
      let theta = doubles(c["estimates"])
      let sigma = Matrix(rowsOf(c["covariance"]))
      let R = (c["replicates"] as? Int) ?? 0
      let blocks = (c["draws"] as? [Any] ?? []).map { Matrix(rowsOf($0)) }
      #expect(blocks.allSatisfy { $0.rows == R && $0.columns == theta.count })
      #expect(descendingRanks(theta) == ints(c["estimated_ranks"]))
      let variants = c["variants"] as? [String: [String: Any]] ?? [:]
      #expect(variants.count == 12)
      for (key, v) in variants {
        let parts = key.split(separator: "_").map(String.init)
        let scope: RankConfidenceScope = parts[0] == "simul" ? .simultaneous : .marginal
        let type: RankConfidenceSetType = parts[1] == "two-sided" ? .twoSided : (parts[1] == "lower" ? .lower : .upper)
        let options = RankConfidenceOptions(coverage: 0.95, type: type, stepdown: parts[2] == "stepdown", replicates: R)
        let sets = try rankConfidenceSets(
          estimates: theta, covariance: sigma, scope: scope, options: options,
          standardNormalDraws: { s in blocks[s] })
        #expect(sets.lower == ints(v["L"]), "\(name) \(key) L")
        #expect(sets.upper == ints(v["U"]), "\(name) \(key) U")
        let critical = (v["critical"] as? [Any] ?? []).map { doubles($0) }
        #expect(sets.criticalValues.count == critical.count, "\(name) \(key)")
        for (a, b) in zip(sets.criticalValues, critical) {
          #expect(firstMismatch(a, b, relative: 1e-12) == nil, "\(name) \(key)")
        }
      }
    }
  }

  @Test func seededRunIsDeterministicAndCoversPointRanks() throws {
    let theta = [3.42, 3.35, 3.31, 3.30, 3.22, 3.20]
    let cov = Matrix.diagonal([0.0025, 0.0016, 0.0036, 0.0009, 0.0025, 0.0064])
    let a = try rankConfidenceSets(estimates: theta, covariance: cov)
    let b = try rankConfidenceSets(estimates: theta, covariance: cov)
    #expect(a == b)
    for j in theta.indices { #expect(a.contains(unit: j, rank: a.estimatedRanks[j])) }
  }

  @Test func errors() {
    #expect(throws: RankingError.tooFewUnits(found: 1, required: 2)) {
      try rankConfidenceSets(estimates: [1], covariance: Matrix.identity(1))
    }
    #expect(throws: RankingError.covarianceNotPositiveDefinite) {
      try rankConfidenceSets(estimates: [1, 2], covariance: Matrix([[1, 1], [1, 1]]))
    }
    #expect(throws: RankingError.invalidLevel(1.5)) {
      try rankConfidenceSets(estimates: [1, 2], covariance: Matrix.identity(2), options: .init(coverage: 1.5))
    }
    #expect(throws: RankingError.nonFiniteValue(what: "estimates", index: 1)) {
      try rankConfidenceSets(estimates: [1, .nan], covariance: Matrix.identity(2))
    }
  }
}

@Suite struct RankConfidenceSetsSingularTests {
  /// Estimates that sum to zero (z-scores over the published regions) have a singular covariance;
  /// the procedure depends only on differences, so the sets are those of the same problem with
  /// the covariance of the differences kept and the common component added back: adding c·11ᵀ
  /// to Σ changes no difference Z_j − Z_k in distribution, and the sets agree within the Monte
  /// Carlo error of the critical value (identical here: well separated and tied units).
  @Test func singularCovarianceUsesTheEigenRoot() throws {
    let p = 4
    var a = Matrix(rows: p, columns: p)
    let base: [[Double]] = [[1, 0.2, 0.1, 0], [0.2, 1.5, 0.3, 0.1], [0.1, 0.3, 0.8, 0.2], [0, 0.1, 0.2, 1.2]]
    for i in 0..<p { for j in 0..<p { a[i, j] = base[i][j] } }
    // Centre: C = (I − 11ᵀ/p) A (I − 11ᵀ/p) is singular (C·1 = 0).
    var c = Matrix(rows: p, columns: p)
    for i in 0..<p { for j in 0..<p {
      var s = 0.0
      for k in 0..<p { for l in 0..<p { s += ((i == k ? 1 : 0) - 0.25) * a[k, l] * ((l == j ? 1 : 0) - 0.25) } }
      c[i, j] = s
    } }
    let est = [3.0, 1.0, -0.5, -3.5]
    #expect(throws: (any Error).self) { _ = try Cholesky(c) }
    let singular = try rankConfidenceSets(estimates: est, covariance: c, scope: .simultaneous)
    var shifted = c
    for i in 0..<p { for j in 0..<p { shifted[i, j] += 0.5 } }
    let regular = try rankConfidenceSets(estimates: est, covariance: shifted, scope: .simultaneous)
    #expect(singular.lower == regular.lower && singular.upper == regular.upper)
    #expect(singular.estimatedRanks == [1, 2, 3, 4])
  }
}

import Testing
import _TestSupport

@testable import Ranking

@Suite struct RankCorrelationTests {
  @Test func matchesRCorTest() throws {
    // Tolerance 1e-10 relative (closed form; p-values through erfc / incomplete beta), with an
    // absolute floor of 1e-15 for p-values near 0.
    let ref = try loadReference("cortest.json")
    let cases = ref["cases"] as? [[String: Any]] ?? []
    #expect(cases.count == 4)
    for c in cases {
      let name = c["name"] as? String ?? "?"
      let x = doubles(c["x"]), y = doubles(c["y"])
      for (key, alt) in [("two.sided", CorrelationAlternative.twoSided), ("less", .less), ("greater", .greater)] {
        let rs = c["spearman_\(key)"] as? [String: Any] ?? [:]
        let s = try spearmanTest(x, y, alternative: alt)
        #expect(isClose(s.estimate, double(rs["estimate"]), relative: 1e-10), "\(name) spearman \(key) rho")
        #expect(isClose(s.statistic, double(rs["statistic"]), relative: 1e-10), "\(name) spearman \(key) S")
        #expect(isClose(s.pValue, double(rs["p_value"]), relative: 1e-10, absolute: 1e-15), "\(name) spearman \(key) p \(s.pValue) vs \(double(rs["p_value"]))")
        let rk = c["kendall_\(key)"] as? [String: Any] ?? [:]
        let k = try kendallTest(x, y, alternative: alt)
        #expect(isClose(k.estimate, double(rk["estimate"]), relative: 1e-10), "\(name) kendall \(key) tau")
        #expect(isClose(k.statistic, double(rk["statistic"]), relative: 1e-10), "\(name) kendall \(key) stat")
        #expect(isClose(k.pValue, double(rk["p_value"]), relative: 1e-10, absolute: 1e-15), "\(name) kendall \(key) p \(k.pValue) vs \(double(rk["p_value"]))")
      }
    }
  }

  @Test func methodsChosenAsR() throws {
    let ties = try spearmanTest([1, 2, 2, 3, 4], [1, 3, 2, 4, 5])
    #expect(ties.hasTies && ties.pValueMethod == .asymptotic)
    let exact = try kendallTest([1, 2, 3, 4, 5], [2, 1, 4, 3, 5])
    #expect(exact.pValueMethod == .exact && exact.statistic == 8)  // 8 of 10 pairs concordant
    #expect(exact.fisherInterval != nil)
  }

  @Test func errors() {
    #expect(throws: RankingError.lengthMismatch(what: "y", expected: 3, found: 2)) { try spearmanTest([1, 2, 3], [1, 2]) }
    #expect(throws: RankingError.tooFewUnits(found: 2, required: 3)) { try kendallTest([1, 2], [1, 2]) }
    #expect(throws: RankingError.nonFiniteValue(what: "x", index: 0)) { try kendallTest([.nan, 1, 2], [1, 2, 3]) }
  }
}

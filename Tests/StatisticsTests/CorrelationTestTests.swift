// Pearson cor.test and p.adjust against R 4.2.2 (Datasets/reference/psychometrics/correlation_tests.json,
// made by Datasets/reference/scripts/correlation_tests.R).
import Foundation
import LinearAlgebra
import Testing
import _TestSupport

@testable import Statistics

@Suite struct CorrelationTestTests {
  static func reference() throws -> [String: Any] {
    try referenceJSON("Datasets/reference/psychometrics/correlation_tests.json")
  }

  static func numbers(_ any: Any?) -> [Double] {
    (any as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan } ?? []
  }

  /// p.adjust for every method on the 45 Pearson p-values of ten bfi items and on a vector with
  /// ties, an NA and a tiny value; closed form, 1e-14 relative (NA stays NaN and is not counted).
  @Test(arguments: PValueAdjustment.allCases) func pAdjustMatchesR(_ method: PValueAdjustment) throws {
    let ref = try Self.reference()
    let bfi = ref["p_adjust_bfi_pearson"] as? [String: Any] ?? [:]
    let raw = (ref["bfi_pearson"] as? [[String: Any]] ?? []).map { ($0["p"] as? NSNumber)?.doubleValue ?? .nan }
    #expect(raw.count == 45)
    let a = adjustedPValues(raw, method: method)
    #expect(firstMismatch(a, Self.numbers(bfi[method.rawValue]), relative: 1e-14) == nil, "\(method) bfi")
    let mixed = ref["p_adjust_mixed"] as? [String: Any] ?? [:]
    let p = Self.numbers(mixed["p"])
    let b = adjustedPValues(p, method: method)
    let expected = Self.numbers(mixed[method.rawValue])
    #expect(b[4].isNaN && expected[4].isNaN)
    let keep = p.indices.filter { $0 != 4 }
    #expect(firstMismatch(keep.map { b[$0] }, keep.map { expected[$0] }, relative: 1e-14) == nil, "\(method) mixed: \(b) vs \(expected)")
  }

  /// Pearson tests from r and n: t, df, p and the Fisher-z interval of every bfi pair (1e-10
  /// relative; r itself comes from R's JSON so only the test is compared) and of the small samples.
  @Test func pearsonMatchesCorTest() throws {
    let ref = try Self.reference()
    var checked = 0
    for key in ["bfi_pearson", "small_pearson"] {
      for pair in ref[key] as? [[String: Any]] ?? [] {
        let r = (pair["estimate"] as? NSNumber)?.doubleValue ?? .nan
        let n = (pair["n"] as? NSNumber)?.intValue ?? 0
        let t = try #require(pearsonCorrelationTest(r: r, count: n))
        let name = "\(key) \(pair["item1"] ?? "")–\(pair["item2"] ?? "")"
        #expect(isClose(t.statistic, (pair["statistic"] as? NSNumber)?.doubleValue ?? .nan, relative: 1e-12), "\(name) t")
        #expect(t.degreesOfFreedom == (pair["df"] as? NSNumber)?.doubleValue, "\(name) df")
        #expect(isClose(t.pValue, (pair["p"] as? NSNumber)?.doubleValue ?? .nan, relative: 1e-10), "\(name) p \(t.pValue)")
        let ci = Self.numbers(pair["conf_int"])
        #expect(isClose(t.interval?.lower ?? .nan, ci[0], relative: 1e-12) && isClose(t.interval?.upper ?? .nan, ci[1], relative: 1e-12), "\(name) ci")
        checked += 1
      }
    }
    #expect(checked == 51)
  }

  @Test func pearsonEdgeCases() {
    #expect(pearsonCorrelationTest(r: 0.5, count: 2) == nil)
    #expect(pearsonCorrelationTest(r: .nan, count: 20) == nil)
    let three = pearsonCorrelationTest(r: 0.5, count: 3)
    #expect(three?.interval == nil && three?.degreesOfFreedom == 1)
    let perfect = pearsonCorrelationTest(r: 1, count: 10)
    #expect(perfect?.pValue == 0 && perfect?.statistic == .infinity)
  }

  /// psych::corr.test's p matrix layout: unadjusted below the diagonal, Holm above.
  @Test func pValueMatrixLayout() throws {
    let ref = try Self.reference()
    let ct = ref["corr_test_pearson"] as? [String: Any] ?? [:]
    let r = referenceMatrix(ct["r"]), n = referenceMatrix(ct["n"]), p = referenceMatrix(ct["p"])
    let table = CorrelationTestTable(variables: 10, adjustment: .holm) { j, k in
      pearsonCorrelationTest(r: r[j, k], count: Int(n[j, k]))
    }
    let m = table.pValueMatrix
    for j in 0..<10 { for i in 0..<10 where i != j { #expect(isClose(m[i, j], p[i, j], relative: 1e-10), "[\(i), \(j)]: \(m[i, j]) vs \(p[i, j])") } }
    #expect(table.pairs.count == 45 && table.pairs[0] == (0, 1) && table.pairs[1] == (0, 2) && table.pairs[2] == (1, 2))
  }
}

// Per-pair correlation tests of `correlate` (ItemCorrelations.pairTests) against R 4.2.2 cor.test
// and psych 2.2.9 corr.test (Datasets/reference/psychometrics/correlation_tests.json).
import Foundation
import Testing
import TrustMetrics
import _TestSupport

@Suite struct CorrelationReportTests {
  static func reference() throws -> [String: Any] {
    try referenceJSON("Datasets/reference/psychometrics/correlation_tests.json")
  }

  static func numbers(_ any: Any?) -> [Double] { (any as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan } ?? [] }

  /// The ten bfi items as columns (NaN = missing).
  static func bfi(_ items: [String]) throws -> Matrix {
    let table = try CSVReader.read(path: repoPath("Datasets/real/bfi/bfi.csv"))
    return Matrix(columnVectors: items.map { name in
      let c = table.column(name)
      return (0..<table.rowCount).map { c?.number(at: $0) ?? .nan }
    })
  }

  /// Compares a table of tests with R's cor.test list (pairs matched by name): statistic, p,
  /// n, and for Pearson df and the interval; 1e-10 relative.
  func check(_ key: String, x: Matrix, names: [String], method: CorrelationChoice, ref: [String: Any], exactPairs: Int? = nil) throws {
    let m: CorrelationMethod = method == .pearson ? .pearson : method == .spearman ? .spearman : .kendall
    let c = try correlation(x, method: m, missing: .pairwise)
    let table = try #require(try ItemCorrelations.pairTests(x, method: method, correlation: c.correlation, counts: c.pairCounts,
                                                           adjustment: .holm, level: 0.95))
    let expected = ref[key] as? [[String: Any]] ?? []
    #expect(expected.count == table.pairs.count)
    var exact = 0
    for e in expected {
      let a = names.firstIndex(of: e["item1"] as? String ?? "") ?? -1, b = names.firstIndex(of: e["item2"] as? String ?? "") ?? -1
      let i = try #require(table.pairs.firstIndex { $0 == (Swift.min(a, b), Swift.max(a, b)) })
      let t = try #require(table.tests[i], "\(key) \(a)-\(b)")
      let name = "\(key) \(e["item1"] ?? "")–\(e["item2"] ?? "")"
      #expect(t.count == (e["n"] as? NSNumber)?.intValue, "\(name) n")
      #expect(isClose(t.estimate, (e["estimate"] as? NSNumber)?.doubleValue ?? .nan, relative: 1e-12), "\(name) estimate")
      #expect(t.statisticKind.rawValue == e["statistic_name"] as? String, "\(name) kind \(t.statisticKind)")
      #expect(isClose(t.statistic, (e["statistic"] as? NSNumber)?.doubleValue ?? .nan, relative: 1e-10), "\(name) statistic \(t.statistic)")
      #expect(isClose(t.pValue, (e["p"] as? NSNumber)?.doubleValue ?? .nan, relative: 1e-10), "\(name) p \(t.pValue) vs \(e["p"] ?? "")")
      if t.pValueMethod == .exact { exact += 1 }
      if method == .pearson {
        let ci = Self.numbers(e["conf_int"])
        #expect(isClose(t.interval?.lower ?? .nan, ci[0], relative: 1e-12) && isClose(t.interval?.upper ?? .nan, ci[1], relative: 1e-12))
      } else {
        #expect(t.interval == nil)
      }
    }
    if let exactPairs { #expect(exact == exactPairs, "\(key): \(exact) exact p-values") }
  }

  @Test func bfiPairsMatchCorTest() throws {
    let ref = try Self.reference()
    let names = (ref["items"] as? [String]) ?? []
    let x = try Self.bfi(names)
    try check("bfi_pearson", x: x, names: names, method: .pearson, ref: ref)
    try check("bfi_spearman", x: x, names: names, method: .spearman, ref: ref, exactPairs: 0)
    try check("bfi_kendall", x: x, names: names, method: .kendall, ref: ref, exactPairs: 0)
  }

  /// Small samples: Spearman exact (n = 8 enumeration, n = 30 and 60 Edgeworth), Kendall exact
  /// (n = 30) and asymptotic (n = 60 without ties; ties), a column with ties and one with NAs.
  @Test func smallSamplesTakeRsBranches() throws {
    let ref = try Self.reference()
    func data(_ key: String, _ names: [String]) -> Matrix {
      let d = ref[key] as? [String: Any] ?? [:]
      return Matrix(columnVectors: names.map { Self.numbers(d[$0]) })
    }
    let small = data("small_data", ["u", "v", "w", "z"])
    try check("small_pearson", x: small, names: ["u", "v", "w", "z"], method: .pearson, ref: ref)
    // u–v, u–z, v–z have no ties: exact Spearman (n = 30, 27) and exact Kendall.
    try check("small_spearman", x: small, names: ["u", "v", "w", "z"], method: .spearman, ref: ref, exactPairs: 3)
    try check("small_kendall", x: small, names: ["u", "v", "w", "z"], method: .kendall, ref: ref, exactPairs: 3)
    let tiny = data("tiny_data", ["u", "v"])
    try check("tiny_spearman", x: tiny, names: ["u", "v"], method: .spearman, ref: ref, exactPairs: 1)
    try check("tiny_kendall", x: tiny, names: ["u", "v"], method: .kendall, ref: ref, exactPairs: 1)
    let wide = data("wide_data", ["a", "b"])
    try check("wide_kendall", x: wide, names: ["a", "b"], method: .kendall, ref: ref, exactPairs: 0)
    try check("wide_spearman", x: wide, names: ["a", "b"], method: .spearman, ref: ref, exactPairs: 1)
  }

  /// The p matrix equals psych::corr.test's for Pearson and for Spearman (with ties psych's t
  /// formula is cor.test's approximation): unadjusted below, Holm above, 1e-10.
  @Test func pMatrixMatchesCorrTest() throws {
    let ref = try Self.reference()
    let names = (ref["items"] as? [String]) ?? []
    let x = try Self.bfi(names)
    for (key, method) in [("corr_test_pearson", CorrelationMethod.pearson), ("corr_test_spearman", .spearman)] {
      let c = try correlation(x, method: method, missing: .pairwise)
      let choice: CorrelationChoice = method == .pearson ? .pearson : .spearman
      let table = try #require(try ItemCorrelations.pairTests(x, method: choice, correlation: c.correlation, counts: c.pairCounts,
                                                             adjustment: .holm, level: 0.95))
      let ct = ref[key] as? [String: Any] ?? [:]
      #expect(matrixMismatch(c.correlation, referenceMatrix(ct["r"]), relative: 1e-12) == nil, "\(key)")
      let p = referenceMatrix(ct["p"]), m = table.pValueMatrix
      for j in 0..<10 { for i in 0..<10 where i != j { #expect(isClose(m[i, j], p[i, j], relative: 1e-10), "\(key) [\(i), \(j)]") } }
    }
  }

  /// The complete rows that listwise correlations use (Statistics `completeRows`): bfi's 25 items (2,436 of 2,800 rows
  /// complete in R: `sum(complete.cases(bfi[1:25]))`) and the same rows by a row-wise filter.
  @Test func completeRowsOfBFI() throws {
    let names = ["A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5", "E1", "E2", "E3", "E4", "E5",
                 "N1", "N2", "N3", "N4", "N5", "O1", "O2", "O3", "O4", "O5"]
    let x = try Self.bfi(names)
    let rows = completeRows(x)
    #expect(rows == (0..<x.rows).filter { i in (0..<x.columns).allSatisfy { !x[i, $0].isNaN } })
    #expect(rows.count == 2_436)
  }
}

// The Sobol' table with bootstrap intervals and the footnotes for impossible estimates.
import Foundation
import Testing
import TrustMetrics
import _TestSupport

@Suite struct SensitivityReportTests {
  /// The index model of indices_sobol.py (SALib's design), where the weights choice has a total
  /// effect below its first-order index: the table shows both intervals and a footnote names it.
  @Test func anomalyIsFootnotedWithItsInterval() throws {
    let ref = try referenceJSON("Datasets/reference/indices/sobol_index_model.json")
    func rows(_ key: String) -> Matrix { Matrix((ref[key] as? [[NSNumber]] ?? []).map { $0.map(\.doubleValue) }) }
    let data = rows("data"), a = rows("A"), b = rows("B")
    let dirs = (ref["directions"] as? [NSNumber] ?? []).map { $0.doubleValue < 0 ? Direction.negative : .positive }
    let spec = IndexSpec(
      indicatorNames: ["x1", "x2", "x3", "x4"], directions: dirs,
      root: IndexNode(name: "Index", children: [.node(IndexNode(name: "S1", indicators: [0, 1])), .node(IndexNode(name: "S2", indicators: [2, 3]))]),
      normalisation: .minMax(lower: 1, upper: 100))
    let sets = (ref["weight_sets"] as? [[String: [Double]]]) ?? []
    let choices = [
      UncertainChoice("normalisation", .normalisation([.minMax(lower: 1, upper: 100), .zScore(mean: 10, standardDeviation: 2)])),
      UncertainChoice("aggregation", .aggregation([.arithmetic, .geometric])),
      UncertainChoice("weights", .weights(sets)),
    ]
    let r = try sensitivityAnalysis(data, spec: spec, choices: choices, design: SaltelliDesign(a: a, b: b), seed: 1, estimator: .salib)
    let t = r.sobolTable(id: "sobol", title: "Sobol")
    #expect(t.columns.map(\.name) == ["choice", "first_order", "first_order_ci95_lower", "first_order_ci95_upper",
                                      "total_effect", "total_effect_ci95_lower", "total_effect_ci95_upper"])
    #expect(t.rows.count == 3)
    let note = try #require(t.notes.first { $0.hasPrefix("aggregation:") })
    #expect(note.contains("below the first-order") && note.contains("Monte Carlo error") && note.contains("intervals overlap"))
    // normalisation also comes out marginally below (0.0536 < 0.0537); weights (0.88 ≤ 0.98) is admissible.
    #expect(t.notes.contains { $0.hasPrefix("normalisation:") })
    #expect(!t.notes.contains { $0.hasPrefix("weights:") })
    #expect(r.anomalies == [.totalBelowFirstOrder(input: 0), .totalBelowFirstOrder(input: 1)])
  }
}

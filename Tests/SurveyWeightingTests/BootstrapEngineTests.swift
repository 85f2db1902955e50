import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

/// Bootstrap replicate designs keep no replicate weights: the replicate engine draws the
/// multipliers in blocks and raking per replicate keeps R × cells factors. These tests expand
/// the same replicate weights (n × R, `replicateWeights`) into a supplied-weights design — the
/// arithmetic every bootstrap estimate used before — and require the same estimates and SEs at
/// 1e-12 relative (only the order of summation differs), before and after raking (R's rake() on a
/// replicate design: every replicate raked for the full sample's number of sweeps).
@Suite struct BootstrapEngineTests {
  static func dense(_ d: ReplicateDesign) throws -> ReplicateDesign {
    try ReplicateDesign(weights: d.weights, replicateWeights: d.replicateWeights, scale: d.scale, rscales: d.rscales, mse: d.mse,
                        degreesOfFreedom: d.degreesOfFreedom)
  }

  static func compare(_ a: ReplicateDesign, _ b: ReplicateDesign, _ data: APIData, _ what: String) throws {
    let tol = 1e-12
    func same(_ x: [DesignEstimate], _ y: [DesignEstimate], _ label: String) {
      #expect(x.count == y.count && !x.isEmpty, "\(what) \(label) count")
      for (e, f) in zip(x, y) {
        #expect(isClose(e.estimate, f.estimate, relative: tol), "\(what) \(label) estimate \(e.estimate) vs \(f.estimate)")
        #expect(isClose(e.standardError, f.standardError, relative: tol), "\(what) \(label) SE \(e.standardError) vs \(f.standardError)")
        #expect(e.standardError > 0)
      }
    }
    var x = data.matrix(["api00", "api99", "enroll"])
    x[3, 0] = .nan  // a missing value: per-variable masks
    same(try a.mean(x, missing: .perVariable).items, try b.mean(x, missing: .perVariable).items, "mean")
    same(try a.total(x, missing: .perVariable).items, try b.total(x, missing: .perVariable).items, "total")
    same([try a.ratio(numerator: data.numbers("api00"), denominator: data.numbers("api99"))],
         [try b.ratio(numerator: data.numbers("api00"), denominator: data.numbers("api99"))], "ratio")
    let domains: [String?] = data.strings("comp.imp").enumerated().map { $0.offset % 17 == 0 ? nil : $0.element }
    let da = try a.domainMeans(x, domains: domains, missing: .perVariable), db = try b.domainMeans(x, domains: domains, missing: .perVariable)
    #expect(da.map(\.domain) == db.map(\.domain) && da.count == 2)
    for (p, q) in zip(da, db) { same(p.estimates.items, q.estimates.items, "domain \(p.domain)") }
    same([try a.cronbachAlpha(data.matrix(["api00", "api99", "api.stu"]))], [try b.cronbachAlpha(data.matrix(["api00", "api99", "api.stu"]))], "alpha")
  }

  @Test(arguments: ["strat", "clus1"])
  func engineEqualsExpandedWeights(design name: String) throws {
    let (design, data) = name == "strat" ? try APIDesigns.strat() : try APIDesigns.clus1()
    let boot = try design.replicateDesign(.bootstrap(replicates: 200, seed: 7))
    guard case .engine = boot.storage else { Issue.record("a bootstrap design stores replicate weights"); return }
    try Self.compare(boot, try Self.dense(boot), data, "\(name) unraked")
    let margins = [RakingMargin(name: "stype", categories: data.strings("stype"), populationTotals: apipopStype),
                   RakingMargin(name: "sch.wide", categories: data.strings("sch.wide"), populationTotals: apipopSchWide)]
    let raked = try boot.raked(margins: margins, epsilon: 1e-10, maxIterations: 100)
    let rakedDense = try Self.dense(boot).raked(margins: margins, epsilon: 1e-10, maxIterations: 100)
    guard case .engine(let e) = raked.design.storage else { Issue.record("raking expanded the replicate weights"); return }
    #expect(e.cellFactors?.count == 200 * e.cellCount)
    #expect(raked.iterations == rakedDense.iterations && raked.converged)
    #expect(firstMismatch(raked.design.weights, rakedDense.design.weights, relative: 1e-12) == nil)
    #expect(firstMismatch(raked.design.replicateWeights.elements, rakedDense.design.replicateWeights.elements, relative: 1e-12, absolute: 1e-12) == nil)
    try Self.compare(raked.design, rakedDense.design, data, "\(name) raked")
  }

  /// The block size does not change a bit of the result (every replicate is computed alone).
  @Test func blockSizeDoesNotMatter() throws {
    let (design, data) = try APIDesigns.clus1()
    let boot = try design.replicateDesign(.bootstrap(replicates: 64, seed: 3))
    guard case .engine(var e) = boot.storage else { Issue.record("engine expected"); return }
    let y = data.matrix(["api00", "enroll"])
    let a = e.totals(y, domainOfRow: nil, domainCount: 1)[0]
    e.memoryBudget = 8 * 2 * 5  // five replicates per block
    let b = e.totals(y, domainOfRow: nil, domainCount: 1)[0]
    #expect(a.elements == b.elements)
  }
}

import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

/// Designs of the R survey help pages on the api data.
enum APIDesigns {
  static func strat() throws -> (SurveyDesign, APIData) {
    let d = try APIData("apistrat")
    return (try SurveyDesign(weights: d.numbers("pw"), strata: d.strings("stype"), fpc: [.populationSize(d.numbers("fpc"))]), d)
  }
  static func clus1(_ policy: LonelyPSUPolicy = .fail) throws -> (SurveyDesign, APIData) {
    let d = try APIData("apiclus1")
    return (try SurveyDesign(weights: d.numbers("pw"), clusters: [d.strings("dnum")], fpc: [.populationSize(d.numbers("fpc"))], lonelyPSU: policy), d)
  }
  static func clus2() throws -> (SurveyDesign, APIData) {
    let d = try APIData("apiclus2")
    return (try SurveyDesign(clusters: [d.strings("dnum"), d.strings("snum")], fpc: [.populationSize(d.numbers("fpc1")), .populationSize(d.numbers("fpc2"))]), d)
  }
}

// Tolerance: closed-form Taylor estimates agree with R to rounding; 1e-10 relative leaves room
// for summation order over ≤ 200 rows (R's own print is 7 digits; the JSON has 17).
let closedForm = 1e-10

@Suite struct SurveyDesignTests {
  func check(_ name: String, _ design: SurveyDesign, _ data: APIData) throws {
    let ref = try Reference(name)
    let m = try design.mean(data.matrix(["api00", "api99"]), designEffect: .withoutReplacement)
    #expect(isClose(m[0].estimate, ref.double("svymean_api00_api99", "coef", "api00"), relative: closedForm))
    #expect(isClose(m[1].estimate, ref.double("svymean_api00_api99", "coef", "api99"), relative: closedForm))
    #expect(isClose(m[0].standardError, ref.double("svymean_api00_api99", "se", "api00"), relative: closedForm))
    #expect(isClose(m[1].standardError, ref.double("svymean_api00_api99", "se", "api99"), relative: closedForm))
    #expect(isClose(m[0].designEffect ?? .nan, ref.double("svymean_api00_api99", "deff", "api00"), relative: closedForm))
    #expect(isClose(m[1].designEffect ?? .nan, ref.double("svymean_api00_api99", "deff", "api99"), relative: closedForm))
    let mr = try design.mean(data.matrix(["api00", "api99"]), designEffect: .withReplacement)
    #expect(isClose(mr[0].designEffect ?? .nan, ref.double("svymean_api00_api99_deff_replace", "deff", "api00"), relative: closedForm))
    let t = try design.total(data.matrix(["enroll"]), designEffect: .withoutReplacement)
    #expect(isClose(t[0].estimate, ref.double("svytotal_enroll", "coef", "enroll"), relative: closedForm))
    #expect(isClose(t[0].standardError, ref.double("svytotal_enroll", "se", "enroll"), relative: closedForm))
    #expect(isClose(t[0].designEffect ?? .nan, ref.double("svytotal_enroll", "deff", "enroll"), relative: closedForm))
    let r = try design.ratio(numerator: data.numbers("api00"), denominator: data.numbers("api99"))
    #expect(isClose(r.estimate, ref.double("svyratio_api00_api99", "ratio"), relative: closedForm))
    #expect(isClose(r.standardError, ref.double("svyratio_api00_api99", "se"), relative: closedForm))
    #expect(design.degreesOfFreedom == Int(ref.double("degf")))
    // svyby(~api00, ~awards, design, svymean)
    let by = try design.domainMeans(data.matrix(["api00"]), domains: data.optionalStrings("awards"))
    #expect(by.map(\.domain) == ["No", "Yes"])
    #expect(firstMismatch(by.map { $0.estimates[0].estimate }, ref.doubles("svyby_awards_svymean_api00", "coef"), relative: closedForm) == nil)
    #expect(firstMismatch(by.map { $0.estimates[0].standardError }, ref.doubles("svyby_awards_svymean_api00", "se"), relative: closedForm) == nil)
    // svyquantile: quantile, CI bounds (data values) and se — closed form given the sort.
    let q = try design.quantiles(data.numbers("api00"), probabilities: [0.25, 0.5, 0.75])
    let rows = ref.rows("svyquantile_api00", "api00")
    for (k, row) in rows.enumerated() {
      #expect(q[k].estimate == row[0])
      #expect(q[k].lower == row[1])
      #expect(q[k].upper == row[2])
      #expect(isClose(q[k].standardError, row[3], relative: 1e-9), "quantile se \(k): \(q[k].standardError) vs \(row[3])")
    }
  }

  @Test func stratifiedMatchesR() throws { let (d, x) = try APIDesigns.strat(); try check("api_strat", d, x) }
  @Test func oneStageClusterMatchesR() throws { let (d, x) = try APIDesigns.clus1(); try check("api_clus1", d, x) }

  @Test func twoStageClusterMatchesR() throws {
    let (design, data) = try APIDesigns.clus2()
    let ref = try Reference("api_clus2")
    #expect(firstMismatch(Array(design.weights.prefix(10)), ref.doubles("weights_first10"), relative: 1e-14) == nil)
    let m = try design.mean(data.matrix(["api00"]), designEffect: .withoutReplacement)
    #expect(isClose(m[0].estimate, ref.double("svymean_api00", "coef", "api00"), relative: closedForm))
    #expect(isClose(m[0].standardError, ref.double("svymean_api00", "se", "api00"), relative: closedForm))
    #expect(isClose(m[0].designEffect ?? .nan, ref.double("svymean_api00", "deff", "api00"), relative: closedForm))
    let t = try design.total(data.matrix(["enroll"]), missing: .dropRows, designEffect: .withoutReplacement)
    #expect(isClose(t[0].estimate, ref.double("svytotal_enroll", "coef", "enroll"), relative: closedForm))
    #expect(isClose(t[0].standardError, ref.double("svytotal_enroll", "se", "enroll"), relative: closedForm))
    #expect(isClose(t[0].designEffect ?? .nan, ref.double("svytotal_enroll", "deff", "enroll"), relative: closedForm))
  }

  @Test func missingValuesFailByDefault() throws {
    let (design, data) = try APIDesigns.clus2()
    #expect(throws: DesignError.missingValues(column: 0, count: 6)) { try design.total(data.matrix(["enroll"])) }
  }

  @Test func confidenceIntervalIsNormalLikeRConfint() {
    let e = DesignEstimate(estimate: 10, standardError: 2, degreesOfFreedom: 14)
    let ci = e.confidenceInterval(level: 0.95)
    #expect(isClose(ci.upper, 10 + 2 * 1.959963984540054, relative: 1e-14))
    let ct = e.confidenceInterval(level: 0.95, distribution: .studentT)
    #expect(isClose(ct.upper, 10 + 2 * 2.1447866879169273, relative: 1e-12))  // qt(0.975, 14)
    #expect(DesignEstimate(estimate: 1, standardError: 1, degreesOfFreedom: 0).confidenceInterval(distribution: .studentT).lower.isNaN)
  }
}

import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

/// Taylor standard errors after raking, post-stratification and calibration use the calibration
/// residuals exactly as R survey 4.1.1 (api_calibrated_estimators.json, survey_calibration.R):
/// svymean, svytotal, svyratio, svyby and svyquantile (Woodruff) on apiclus1. Tolerance 1e-8
/// relative (closed-form or converged to 1e-10; bounded calibration: see its test).
@Suite struct CalibratedVarianceTests {
  static let totals: [Double] = [6194, 755, 1018, 5122]

  static func adjusted(_ block: String) throws -> (SurveyDesign, APIData) {
    let (design, data) = try APIDesigns.clus1()
    let model = try CalibrationModel(categorical: [("stype", data.strings("stype")), ("sch.wide", data.strings("sch.wide"))])
    switch block {
    case "rake":
      let m = [RakingMargin(name: "stype", categories: data.strings("stype"), populationTotals: apipopStype),
               RakingMargin(name: "sch.wide", categories: data.strings("sch.wide"), populationTotals: apipopSchWide)]
      return (try design.raked(margins: m, epsilon: 1e-10, maxIterations: 100).design, data)
    case "poststratify":
      return (try design.postStratified(cells: data.strings("stype"), populationTotals: apipopStype), data)
    case "calibrate_linear":
      return (try design.calibrated(model: model, populationTotals: totals).design, data)
    default:
      return (try design.calibrated(model: model, populationTotals: totals, lowerBound: 0.85, upperBound: 1.6).design, data)
    }
  }

  @Test(arguments: ["rake", "poststratify", "calibrate_linear", "calibrate_bounded"])
  func estimatorsMatchR(block: String) throws {
    let (d, data) = try Self.adjusted(block)
    let ref = try Reference("api_calibrated_estimators")
    let tol = 1e-8
    #expect(firstMismatch(Array(d.weights.prefix(10)), ref.doubles(block, "weights_first10"), relative: tol) == nil, "weights")
    let m = try d.mean(data.matrix(["api00", "api99"]))
    for (j, v) in ["api00", "api99"].enumerated() {
      #expect(isClose(m[j].estimate, ref.double(block, "svymean_api00_api99", "coef", v), relative: tol))
      #expect(isClose(m[j].standardError, ref.double(block, "svymean_api00_api99", "se", v), relative: tol), "svymean \(v) SE")
    }
    let t = try d.total(data.matrix(["enroll"]))
    #expect(isClose(t[0].estimate, ref.double(block, "svytotal_enroll", "coef", "enroll"), relative: tol))
    #expect(isClose(t[0].standardError, ref.double(block, "svytotal_enroll", "se", "enroll"), relative: tol), "svytotal SE")
    let r = try d.ratio(numerator: data.numbers("api00"), denominator: data.numbers("api99"))
    #expect(isClose(r.estimate, ref.double(block, "svyratio_api00_api99", "ratio"), relative: tol))
    #expect(isClose(r.standardError, ref.double(block, "svyratio_api00_api99", "se"), relative: tol), "svyratio SE")
    let by = try d.domainMeans(data.matrix(["api00"]), domains: data.optionalStrings("comp.imp"))
    let groups = (ref.node([block, "svyby_comp_imp_svymean_api00", "groups"]) as? [String]) ?? []
    let coef = ref.doubles(block, "svyby_comp_imp_svymean_api00", "coef"), se = ref.doubles(block, "svyby_comp_imp_svymean_api00", "se")
    #expect(groups.count == 2 && by.map(\.domain) == groups)
    for (k, e) in by.enumerated() {
      #expect(isClose(e.estimates[0].estimate, coef[k], relative: tol))
      #expect(isClose(e.estimates[0].standardError, se[k], relative: tol), "svyby \(e.domain) SE")
    }
    let q = try d.quantiles(data.numbers("api00"), probabilities: [0.25, 0.5, 0.75])
    let rows = ref.rows(block, "svyquantile_api00", "api00")
    #expect(rows.count == 3)
    for (k, e) in q.enumerated() where k < rows.count {
      #expect(isClose(e.estimate, rows[k][0], relative: tol))
      #expect(isClose(e.lower, rows[k][1], relative: tol), "quantile \(e.probability) lower")
      #expect(isClose(e.upper, rows[k][2], relative: tol), "quantile \(e.probability) upper")
      #expect(isClose(e.standardError, rows[k][3], relative: tol), "quantile \(e.probability) se")
    }
  }
}

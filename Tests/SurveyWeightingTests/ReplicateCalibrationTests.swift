import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

/// Calibration repeated on every replicate, against R survey 4.1.1 on the very same replicate
/// weights (R's JK1, JKn and subbootstrap weights exported to api_replicate_calibration.json):
/// rake() and calibrate(linear) on a svyrep.design, svymean/svytotal/svyratio SEs at 1e-8.
@Suite struct ReplicateCalibrationTests {
  @Test(arguments: ["jk1", "jkn", "bootstrap"])
  func rakeAndCalibrateMatchR(type: String) throws {
    let ref = try Reference("api_replicate_calibration")
    let file = (ref.node([type, "data"]) as? String) ?? ""
    let data = try APIData(file)
    let rows = ref.rows(type, "replicate_weights")
    let n = rows.count, R = rows.first?.count ?? 0
    #expect(n == data.strings("stype").count && R >= 15)
    var w = Matrix(rows: n, columns: R)
    for i in 0..<n { for r in 0..<R { w[i, r] = rows[i][r] } }
    let rep = try ReplicateDesign(weights: ref.doubles(type, "weights"), replicateWeights: w, scale: ref.double(type, "scale"),
                                  rscales: ref.doubles(type, "rscales"))
    let tol = 1e-8
    func check(_ d: ReplicateDesign, _ block: String) throws {
      let m = try d.mean(data.matrix(["api00"]))
      #expect(isClose(m[0].estimate, ref.double(type, block, "svymean_api00", "coef", "api00"), relative: tol), "\(type) \(block) mean")
      #expect(isClose(m[0].standardError, ref.double(type, block, "svymean_api00", "se", "api00"), relative: tol), "\(type) \(block) mean SE")
      let t = try d.total(data.matrix(["enroll"]), missing: .dropRows)
      #expect(isClose(t[0].estimate, ref.double(type, block, "svytotal_enroll", "coef", "enroll"), relative: tol), "\(type) \(block) total")
      #expect(isClose(t[0].standardError, ref.double(type, block, "svytotal_enroll", "se", "enroll"), relative: tol), "\(type) \(block) total SE")
      let r = try d.ratio(numerator: data.numbers("api00"), denominator: data.numbers("api99"))
      #expect(isClose(r.standardError, ref.double(type, block, "svyratio_api00_api99", "se"), relative: tol), "\(type) \(block) ratio SE")
    }
    try check(rep, "unadjusted")
    let margins = [RakingMargin(name: "stype", categories: data.strings("stype"), populationTotals: apipopStype),
                   RakingMargin(name: "sch.wide", categories: data.strings("sch.wide"), populationTotals: apipopSchWide)]
    let raked = try rep.raked(margins: margins, epsilon: 1e-10, maxIterations: 100)
    #expect(raked.converged)
    try check(raked.design, "rake")
    let first3 = ref.rows(type, "raked_replicate_weights_first3")
    let ours = raked.design.replicateWeights
    #expect(firstMismatch((0..<n).flatMap { i in (0..<3).map { ours[i, $0] } }, first3.flatMap { $0 }, relative: tol) == nil, "raked replicate weights")
    let model = try CalibrationModel(categorical: [("stype", data.strings("stype")), ("sch.wide", data.strings("sch.wide"))])
    let cal = try rep.calibrated(model: model, populationTotals: CalibratedVarianceTests.totals)
    try check(cal.design, "calibrate_linear")
  }
}

import Foundation
import Testing
import _TestSupport
@testable import TrustMetrics

/// The demo study, wave 2023, raked to the Land × size-class margin: estimates and Taylor SEs
/// from the raking residuals equal R survey 4.1.1 (demo_rake_2023.json, survey_calibration.R) to
/// 1e-8 relative; without raking the unadjusted design's numbers are checked too.
@Suite struct DemoCalibrationTests {
  func reference() throws -> [String: Any] { try referenceJSON("Datasets/reference/survey/demo_rake_2023.json") }
  func number(_ any: Any?) -> Double { (any as? NSNumber)?.doubleValue ?? .nan }

  @Test(arguments: ["unadjusted", "raked"]) func demoMatchesR(block: String) throws {
    let data = try StudyReader.load(studyPath: demoPath)
    let rows = data.rows(wave: 2023)
    let margins = block == "raked" ? [try MarginTable.load(path: demoMargins)] : []
    let ref = try #require(try reference()[block] as? [String: Any])
    let tol = 1e-8
    let means = try StudyEstimation.estimate(data, items: ["tr_land", "tr_bund", "dr_ozg"], rows: rows, statistic: .mean, variance: .taylor, rakeMargins: margins)
    let refMeans = try #require(ref["svymean"] as? [[String: Any]])
    for (k, item) in ["tr_land", "tr_bund", "dr_ozg"].enumerated() {
      let coef = number((refMeans[k]["coef"] as? [String: Any])?[item]), se = number((refMeans[k]["se"] as? [String: Any])?[item])
      #expect(isClose(means[k].estimate.estimate, coef, relative: tol), "\(block) mean \(item)")
      #expect(isClose(means[k].estimate.standardError, se, relative: tol), "\(block) SE \(item): \(means[k].estimate.standardError) vs R \(se)")
    }
    let total = try StudyEstimation.estimate(data, items: ["tr_land"], rows: rows, statistic: .total, variance: .taylor, rakeMargins: margins)[0]
    let rt = try #require(ref["svytotal_tr_land"] as? [String: Any])
    #expect(isClose(total.estimate.estimate, number((rt["coef"] as? [String: Any])?["tr_land"]), relative: tol))
    #expect(isClose(total.estimate.standardError, number((rt["se"] as? [String: Any])?["tr_land"]), relative: tol), "\(block) total SE")
    let ratio = try StudyEstimation.estimate(data, items: ["tr_land", "tr_bund"], rows: rows, statistic: .ratio, variance: .taylor, rakeMargins: margins)[0]
    let rr = try #require(ref["svyratio_tr_land_tr_bund"] as? [String: Any])
    #expect(isClose(ratio.estimate.estimate, number(rr["ratio"]), relative: tol))
    #expect(isClose(ratio.estimate.standardError, number(rr["se"]), relative: tol), "\(block) ratio SE")
    let keys = try #require(data.regionKeys["land"])
    let by = try StudyEstimation.estimate(data, items: ["tr_land"], rows: rows, statistic: .mean, variance: .taylor,
                                          domains: rows.map { keys[$0].isEmpty ? nil : keys[$0] }, rakeMargins: margins)
    let rb = try #require(ref["svyby_land_tr_land"] as? [String: Any])
    let groups = rb["groups"] as? [String] ?? [], coef = (rb["coef"] as? [Any] ?? []).map(number), se = (rb["se"] as? [Any] ?? []).map(number)
    #expect(by.map(\.group) == groups)
    for (k, row) in by.enumerated() where k < groups.count {
      #expect(isClose(row.estimate.estimate, coef[k], relative: tol), "\(block) svyby \(row.group)")
      #expect(isClose(row.estimate.standardError, se[k], relative: tol), "\(block) svyby SE \(row.group)")
    }
    let q = try StudyEstimation.estimate(data, items: ["dr_ozg"], rows: rows, statistic: .quantile, variance: .taylor, rakeMargins: margins)
    let rq = try #require(((ref["svyquantile_dr_ozg"] as? [String: Any])?["dr_ozg"] as? [String: Any])?["rows"] as? [[Any]])
    for (k, row) in q.enumerated() where k < rq.count {
      #expect(isClose(row.estimate.estimate, number(rq[k][0]), relative: tol), "\(block) quantile \(k)")
      #expect(isClose(row.interval?.lower ?? .nan, number(rq[k][1]), relative: tol), "\(block) quantile lower \(k)")
      #expect(isClose(row.interval?.upper ?? .nan, number(rq[k][2]), relative: tol), "\(block) quantile upper \(k)")
    }
  }
}

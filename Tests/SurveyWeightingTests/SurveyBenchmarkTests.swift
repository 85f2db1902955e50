import Foundation
import LinearAlgebra
import Testing
import _TestSupport
@testable import SurveyWeighting

/// The peer benchmark of Benchmarks/survey/peer_survey.R on the same generated data. Runs only
/// when SURVEY_BENCH_CSV names the file written by `peer_survey.R n --write-data FILE` (build in
/// release for timings: `swift test -c release --filter SurveyBenchmark`). Prints best-of-3 seconds
/// and checks the first domain mean and SE against the values R prints in its "check:" line when
/// SURVEY_BENCH_CHECK="mean se" is given (tolerance 1e-9 relative: the same closed form).
@Suite struct SurveyBenchmark {
  @Test(.enabled(if: ProcessInfo.processInfo.environment["SURVEY_BENCH_CSV"] != nil))
  func peerWorkload() throws {
    let env = ProcessInfo.processInfo.environment
    let text = try String(contentsOfFile: env["SURVEY_BENCH_CSV"] ?? "", encoding: .utf8)
    var lines = text.split(separator: "\n").map(String.init)
    let header = APIData.split(lines.removeFirst()).map { $0 }
    let rows = lines.map(APIData.split)
    func col(_ name: String) -> [String] { let j = header.firstIndex(of: name) ?? 0; return rows.map { $0[j] } }
    func num(_ name: String) -> [Double] { col(name).map { Double($0) ?? .nan } }
    let n = rows.count
    let items = Matrix(columnVectors: (1...60).map { num("x\($0)") })
    let design = try SurveyDesign(weights: num("w"), strata: col("stratum"), clusters: [col("psu")], fpc: [.populationSize(num("fpc1"))])
    let full2 = try SurveyDesign(weights: num("w"), strata: col("stratum"), clusters: [col("psu"), col("ssu")],
                                 fpc: [.populationSize(num("fpc1")), .populationSize(num("fpc2"))])
    func best<T>(_ label: String, _ body: () throws -> T) rethrows -> T {
      var bestTime = Double.infinity
      var value: T? = nil
      for _ in 0..<3 {
        let t0 = Date()
        value = try body()
        bestTime = min(bestTime, Date().timeIntervalSince(t0))
      }
      print(label.padding(toLength: 28, withPad: " ", startingAt: 0) + String(format: " %9.3f s", bestTime))
      return value!  // swiftlint:disable:this force_unwrapping — test code
    }
    print("n = \(n)")
    let domains = col("domain").map { Optional($0) }
    let by = try best("svyby 60 items x 400 dom") { try design.domainMeans(items, domains: domains, missing: .dropRows) }
    let ms = try best("svymean 60 multistage") { try full2.mean(items, missing: .dropRows) }
    print("check: multistage x60 mean \(ms[59].estimate) (se \(ms[59].standardError))")
    func margin(_ v: String) -> RakingMargin {
      let cats = col(v), w = num("w")
      var t: [String: Double] = [:]
      for i in 0..<n { t[cats[i], default: 0] += w[i] }
      let keys = t.keys.sorted()
      var pop: [String: Double] = [:]
      for (k, key) in keys.enumerated() { pop[key] = (t[key] ?? 0) * (1 + Double((k + 1) % 3 - 1) * 0.05) }
      let s = pop.values.reduce(0, +), total = w.reduce(0, +)
      for key in keys { pop[key] = (pop[key] ?? 0) * total / s }
      return RakingMargin(name: v, categories: cats, populationTotals: pop)
    }
    let margins = ["sex", "age", "region"].map(margin)
    let raked = try best("rake 3 margins") { try design.raked(margins: margins) }
    let rep = try best("bootstrap 1000 reps") { try design.replicateDesign(.bootstrap(replicates: 1000, seed: 1)) }
    let repMeans = try best("replicate SEs 60 means") { try rep.mean(items, missing: .dropRows) }
    print("check: first domain mean \(by[0].estimates[0].estimate) (se \(by[0].estimates[0].standardError)); raked weight sum \(raked.design.weights.reduce(0, +)); bootstrap se x1 \(repMeans[0].standardError)")
    if let check = env["SURVEY_BENCH_CHECK"]?.split(separator: " ").compactMap({ Double($0) }), check.count == 2 {
      #expect(isClose(by[0].estimates[0].estimate, check[0], relative: 1e-9))
      #expect(isClose(by[0].estimates[0].standardError, check[1], relative: 1e-9))
    }
  }
}

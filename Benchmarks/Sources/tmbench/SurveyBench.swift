// tmbench survey FILE [--repeat N] — the survey workload of Benchmarks/survey/peer_survey.R on the
// CSV it writes (`peer_survey.R n --write-data FILE --tasks none`), with TrustMetrics SurveyWeighting.
//
// Tasks (as the R script; best of N wall-clock runs, default 3):
//   svyby   SurveyDesign.domainMeans of x1…x60 over the 400 domains, Taylor SEs (missing: .dropRows
//           = R na.rm = TRUE), ultimate-cluster design (clusters [psu], fpc [N1]) as R with
//           options(survey.ultimate.cluster = TRUE)
//   rake    SurveyDesign.raked(margins:) to sex (2), age (6), region (16), R's default control
//   boot    SurveyDesign.replicateDesign(.bootstrap(replicates: 1000, seed: 1)) (Rao–Wu)
//   repse   ReplicateDesign.mean of x1…x60: replicate means as matrix products and their SEs
//   multistage  one mean of x1…x60 with the full two-stage variance (fpc at both stages)
// Reading the CSV and building the design are timed separately and not part of any task (R's
// svydesign() is not timed either). Peak RSS per task: VmHWM after resetting it with
// `echo 5 > /proc/self/clear_refs` before the task (so it is the task's own high-water mark,
// including everything already resident); "peak_rss_kib" of the process is VmHWM at the end.
import DataIO
import Foundation
import LinearAlgebra
import SurveyWeighting

// resetPeakRSS() and the other process measurements are in Common.swift.

func benchCPUSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}

/// Best-of-`runs` wall and CPU time of `body`, with the task's peak RSS; prints a RESULT line.
func benchTask<T>(_ task: String, runs: Int, extra: String = "", _ body: () throws -> T) rethrows -> T {
  var best = Double.infinity, bestCPU = Double.infinity
  var value: T? = nil
  resetPeakRSS()
  let before = peakRSSKiB()
  for _ in 0..<runs {
    value = nil
    let t0 = DispatchTime.now().uptimeNanoseconds
    let c0 = benchCPUSeconds()
    value = try body()
    best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
    bestCPU = min(bestCPU, benchCPUSeconds() - c0)
  }
  print(
    "RESULT task=\(task) seconds=\(String(format: "%.4f", best)) cpu_seconds=\(String(format: "%.4f", bestCPU)) "
      + "rss_before_kib=\(before) task_peak_rss_kib=\(peakRSSKiB()) runs=\(runs)\(extra.isEmpty ? "" : " " + extra)")
  guard let value else { fatalError("no run") }
  return value
}

func surveyMain(_ args: [String]) -> Never {
  guard let file = args.first else {
    FileHandle.standardError.write(Data("usage: tmbench survey FILE [--repeat N]\n".utf8))
    exit(64)
  }
  var runs = 3
  if let i = args.firstIndex(of: "--repeat"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 { runs = n }
  do {
    try surveyWorkload(file: file, runs: runs)
  } catch {
    FileHandle.standardError.write(Data("tmbench survey: \(error)\n".utf8))
    exit(1)
  }
  exit(0)
}

func surveyWorkload(file: String, runs: Int) throws {
  let t0 = DispatchTime.now().uptimeNanoseconds
  let table = try CSVReader.read(path: file)
  let readSeconds = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
  func column(_ name: String) throws -> ColumnValues {
    guard let j = table.columnIndex(name) else { throw SurveyBenchError.missingColumn(name) }
    return table.columns[j]
  }
  func num(_ name: String) throws -> [Double] {
    let c = try column(name)
    return (0..<c.count).map { c.number(at: $0) }
  }
  func labels(_ name: String) throws -> [String] {
    let c = try column(name)
    return (0..<c.count).map { c.text(at: $0) }
  }
  let n = table.rowCount
  let items = Matrix(columnVectors: try (1...60).map { try num("x\($0)") })
  let w = try num("w"), stratum = try labels("stratum"), psu = try labels("psu"), ssu = try labels("ssu")
  let fpc1 = try num("fpc1"), fpc2 = try num("fpc2")
  let domains = try labels("domain").map { Optional($0) }
  print("n = \(n), read \(String(format: "%.3f", readSeconds)) s")

  let design = try benchTask("design", runs: runs) {
    try SurveyDesign(weights: w, strata: stratum, clusters: [psu], fpc: [.populationSize(fpc1)])
  }
  let by = try benchTask("svyby", runs: runs) { try design.domainMeans(items, domains: domains, missing: .dropRows) }

  func margin(_ v: String) throws -> RakingMargin {
    let cats = try labels(v)
    var t: [String: Double] = [:]
    for i in 0..<n { t[cats[i], default: 0] += w[i] }
    let keys = t.keys.sorted()
    var pop: [String: Double] = [:]
    for (k, key) in keys.enumerated() { pop[key] = (t[key] ?? 0) * (1 + Double((k + 1) % 3 - 1) * 0.05) }
    let s = pop.values.reduce(0, +), total = w.reduce(0, +)
    for key in keys { pop[key] = (pop[key] ?? 0) * total / s }
    return RakingMargin(name: v, categories: cats, populationTotals: pop)
  }
  let margins = try ["sex", "age", "region"].map(margin)
  let raked = try benchTask("rake", runs: runs) { try design.raked(margins: margins) }
  let rep = try benchTask("boot", runs: runs) { try design.replicateDesign(.bootstrap(replicates: 1000, seed: 1)) }
  let repMeans = try benchTask("repse", runs: runs) { try rep.mean(items, missing: .dropRows) }
  let full2 = try SurveyDesign(
    weights: w, strata: stratum, clusters: [psu, ssu], fpc: [.populationSize(fpc1), .populationSize(fpc2)])
  let ms = try benchTask("multistage", runs: runs) { try full2.mean(items, missing: .dropRows) }
  let rakedMean = try raked.design.mean(Matrix(columnVectors: [items.column(0)]), missing: .dropRows)
  print(String(format: "check: first domain (%@) mean %.17g (se %.17g)", by[0].domain, by[0].estimates[0].estimate, by[0].estimates[0].standardError))
  print(String(format: "check: raked weight sum %.6f; raked mean x1 %.17g", raked.design.weights.reduce(0, +), rakedMean[0].estimate))
  print(String(format: "check: bootstrap se x1 %.6f", repMeans[0].standardError))
  print(String(format: "check: multistage x60 mean %.17g (se %.17g)", ms[59].estimate, ms[59].standardError))
  print("RESULT task=process peak_rss_kib=\(peakRSSKiB()) rows=\(n)")
}

enum SurveyBenchError: Error, CustomStringConvertible {
  case missingColumn(String)
  var description: String {
    switch self {
    case .missingColumn(let c): "column '\(c)' not found (expected the CSV written by peer_survey.R --write-data)"
    }
  }
}

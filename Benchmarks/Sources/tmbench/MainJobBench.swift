// tmbench mainjob FILE [--repeat N] — the main job of Benchmarks/mainjob/ (data from
// gen_mainjob.py) with TrustMetrics, the same parts as peer_numpy.py:
//   boot1  wave 3, trust: Ranking.bootstrapRankDistribution, 2,000 multinomial (stratified by
//          region) replicates of the 14 region means, replicate ranks, median/5 %/95 % rank,
//          P(top 3), P(bottom 3)
//   boot   the same for 3 waves × 2 indicators (6 calls)
//   mc     region means of trust and digital in wave 3 (14 × 2) and
//          CompositeIndices.uncertaintyAnalysis with 10,000 variants: normalisation ∈ {min-max
//          [1, 100], z-score (10, 1), rank}, aggregation ∈ {arithmetic, geometric}, weight noise
//          ±25 % (100 sets); scores, ranks, rank statistics, mean absolute rank shift
//   job    boot + mc
// Each part best of N wall-clock runs (default 3); reading the CSV is not timed (numpy's
// loadtxt is not timed either). Output: RESULT lines as SurveyBench.swift, plus check values.
import CompositeIndices
import DataIO
import Foundation
import LinearAlgebra
import Ranking

func mainJobMain(_ args: [String]) -> Never {
  guard let file = args.first else {
    FileHandle.standardError.write(Data("usage: tmbench mainjob FILE [--repeat N]\n".utf8))
    exit(64)
  }
  var runs = 3
  if let i = args.firstIndex(of: "--repeat"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 { runs = n }
  do {
    try mainJobWorkload(file: file, runs: runs)
  } catch {
    FileHandle.standardError.write(Data("tmbench mainjob: \(error)\n".utf8))
    exit(1)
  }
  exit(0)
}

func mainJobWorkload(file: String, runs: Int) throws {
  let table = try CSVReader.read(path: file)
  func num(_ name: String) throws -> [Double] {
    guard let j = table.columnIndex(name) else { throw SurveyBenchError.missingColumn(name) }
    let c = table.columns[j]
    return (0..<c.count).map { c.number(at: $0) }
  }
  let wave = try num("wave").map { Int($0) }, region = try num("region").map { Int($0) }
  let indicators = [try num("trust"), try num("digital")]
  let G = 14, B = 2000, V = 10_000
  // Per wave: the respondents' regions and indicator values (the split is part of the data preparation, untimed).
  var regionsOf = [[Int]](repeating: [], count: 3)
  var valuesOf = [[[Double]]](repeating: [[], []], count: 3)
  for i in 0..<wave.count {
    let w = wave[i] - 1
    regionsOf[w].append(region[i])
    for j in 0..<2 { valuesOf[w][j].append(indicators[j][i]) }
  }
  print("n = \(table.rowCount), per wave \(regionsOf.map(\.count))")

  func boot(_ w: Int, _ j: Int, seed: UInt64) throws -> BootstrapRankDistribution {
    try bootstrapRankDistribution(
      values: valuesOf[w][j], regions: regionsOf[w], regionCount: G,
      options: BootstrapRankOptions(replicates: B, seed: seed))
  }
  var times: [String: (Double, Double)] = [:]
  func part<T>(_ name: String, _ body: () throws -> T) throws -> T {
    var best = Double.infinity, bestCPU = Double.infinity
    var value: T? = nil
    for _ in 0..<runs {
      let t0 = DispatchTime.now().uptimeNanoseconds, c0 = benchCPUSeconds()
      value = try body()
      best = min(best, Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9)
      bestCPU = min(bestCPU, benchCPUSeconds() - c0)
    }
    times[name] = (best, bestCPU)
    print("RESULT peer=trustmetrics part=\(name) seconds=\(String(format: "%.4f", best)) cpu_seconds=\(String(format: "%.4f", bestCPU)) runs=\(runs)")
    guard let value else { fatalError("no run") }
    return value
  }
  let one = try part("boot1") { try boot(2, 0, seed: 1) }
  let all = try part("boot") { try (0..<3).flatMap { w in try (0..<2).map { j in try boot(w, j, seed: UInt64(10 * w + j + 2)) } } }

  let spec = IndexSpec(
    indicatorNames: ["trust", "digital"], root: IndexNode(name: "index", indicators: [0, 1]),
    normalisation: .minMax(lower: 1, upper: 100))
  let choices = [
    UncertainChoice("normalisation", .normalisation([.minMax(lower: 1, upper: 100), .zScore(mean: 10, standardDeviation: 1), .rank])),
    UncertainChoice("aggregation", .aggregation([.arithmetic, .geometric])),
    UncertainChoice("weights", .weightNoise(fraction: 0.25, sets: 100)),
  ]
  let mc = try part("mc") { () throws -> UncertaintyResult in
    var sum = Matrix(rows: G, columns: 2), count = [Double](repeating: 0, count: G)
    for (i, g) in regionsOf[2].enumerated() {
      count[g] += 1
      for j in 0..<2 { sum[g, j] += valuesOf[2][j][i] }
    }
    for g in 0..<G { for j in 0..<2 { sum[g, j] /= count[g] } }
    return try uncertaintyAnalysis(sum, spec: spec, choices: choices, variants: V, seed: 7)
  }
  let job = (times["boot", default: (0, 0)].0 + times["mc", default: (0, 0)].0, times["boot", default: (0, 0)].1 + times["mc", default: (0, 0)].1)
  print("RESULT peer=trustmetrics part=job seconds=\(String(format: "%.4f", job.0)) cpu_seconds=\(String(format: "%.4f", job.1)) runs=\(runs)")
  print("RESULT peer=trustmetrics part=process peak_rss_kib=\(peakRSSKiB())")
  print("check: boot runs \(all.count), cells per run \(all.map(\.cellCount))")
  print("check: wave 3 trust region means " + one.regions.map { String(format: "%.6f", $0.estimate) }.joined(separator: " "))
  let m = one.replicateMeans
  let se = (0..<G).map { g -> Double in
    let col = (0..<m.rows).map { m[$0, g] }
    let mean = col.reduce(0, +) / Double(col.count)
    return (col.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(col.count - 1)).squareRoot()
  }
  print("check: wave 3 trust bootstrap SE of region means " + se.map { String(format: "%.5f", $0) }.joined(separator: " "))
  print("check: wave 3 trust median rank " + one.regions.map { String(format: "%g", $0.medianRank) }.joined(separator: " "))
  print("check: MC nominal ranks " + mc.nominalRanks.map { String(format: "%g", $0) }.joined(separator: " "))
  print("check: MC mean rank " + mc.meanRank.map { String(format: "%.3f", $0) }.joined(separator: " "))
  let shift = mc.meanAbsoluteRankShift.reduce(0, +) / Double(mc.meanAbsoluteRankShift.count)
  print("check: MC mean abs rank shift (mean over variants) \(String(format: "%.4f", shift))")
}

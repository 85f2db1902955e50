// tmbench cfa — confirmatory factor analysis against lavaan (Benchmarks/run_cfa.sh runs the peer).
//
//   tmbench cfa ml|fiml|invariance FILE [--threads T] [--repeat N]
//
// FILE: Benchmarks/cfa/gen_cfa.py output (id, grp, q01..q60). Read and converted before timing.
//   ml          ConfirmatoryFactorAnalysis.fit, 4 factors × 15 items, ML, listwise (lavaan cfa(model, data))
//   fiml        the same with missing = .fiml (lavaan cfa(model, data, missing = "ml"))
//   invariance  InvarianceSequence.run over grp (16 groups): configural, metric, scalar, strict (ML),
//               with the score-test suggestions (lavaan: 4 × cfa(group = "grp", group.equal = …) + lavTestLRT)
// Prints RESULT lines: op, median and min wall seconds, CPU seconds, chi-square of the (last) model.
import Foundation
import LinearAlgebra
import MeasurementModels

func runCFA(_ args: [String]) {
  let op = args[0], file = args[1]
  let threads = Int(option(args, "--threads") ?? "1") ?? 1
  let repeats = Int(option(args, "--repeat") ?? "3") ?? 3
  BLASThreads.set(threads)
  let all = loadItems(file)
  let n = all.rows
  let items = all.submatrix(rows: 0..<n, columns: 2..<62)
  let grp = (0..<n).map { Int(all[$0, 1]) }
  let syntax = (1...4).map { f in "F\(f) =~ " + ((15 * (f - 1) + 1)...(15 * f)).map { String(format: "q%02d", $0) }.joined(separator: " + ") }
    .joined(separator: "\n")
  let model: MeasurementModel
  do { model = try MeasurementModel(text: syntax) } catch { fail("\(error)") }
  resetPeakRSS()
  let r = timeRuns(repeats) { () throws -> Double in
    switch op {
    case "ml":
      return try ConfirmatoryFactorAnalysis.fit(model: model, groups: [CFAGroupData(name: "all", data: items)]).fit.chisq
    case "fiml":
      return try ConfirmatoryFactorAnalysis.fit(model: model, groups: [CFAGroupData(name: "all", data: items)],
                                                options: CFAOptions(missing: .fiml)).fit.chisq
    case "invariance":
      let groups = (1...16).map { g in CFAGroupData(name: "\(g)", data: items.submatrix(rows: (0..<n).filter { grp[$0] == g }, columns: 0..<60)) }
      let seq = try InvarianceSequence.run(model: model, groups: groups)
      return seq.steps.last!.fit.fit.chisq
    default:
      fail("unknown cfa op '\(op)' (ml, fiml, invariance)")
    }
  }
  print("RESULT peer=trustmetrics op=\(op) rows=\(n) threads=\(threads) seconds=\(f(r.median)) min_seconds=\(f(r.min)) cpu_seconds=\(f(r.cpu)) chisq=\(f(r.value, 6)) peak_rss_kib=\(peakRSSKiB())")
}

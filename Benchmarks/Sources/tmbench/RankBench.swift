// tmbench rank DIR [--replicates 2000] [--threads T]     the library row of `trustmetrics rank`
// tmbench rakereps DIR [--replicates 1000] [--threads T]  raking redone on every replicate, all rows
//
// DIR is a study written by Benchmarks/mainjob/gen_mainjob_study.py. Loading is not timed.
//   rank      RegionIndex.estimate (all waves read, wave 3 estimated, level land, 2,000 Rao–Wu replicates within the
//             region strata) + RegionRanking.rank(.bootstrap): the path `trustmetrics rank`
//             runs.
//   rakereps  Replication.DomainMeanReplicates over all respondents: Rao–Wu replicates
//             within the region strata, raking to the region and size-class margins redone on
//             every replicate (ε = 1e-10), mean of the trust scale — R's as.svrepdesign +
//             rake + svymean (Benchmarks/survey/peer_rake_replicates.R).
import Foundation
import TrustMetrics

func rankBenchMain(_ args: [String]) -> Never {
  guard let dir = args.dropFirst().first else { fail("usage: tmbench rank|rakereps DIR [--replicates R] [--threads T]") }
  let threads = option(args, "--threads").flatMap(Int.init) ?? ProcessInfo.processInfo.activeProcessorCount
  do {
    if args[0] == "rank" {
      let replicates = option(args, "--replicates").flatMap(Int.init) ?? 2000
      // Every wave is read, as the command does: the publication plan covers the tables of all of them.
      let data = try StudyReader.load(studyPath: dir + "/study.yaml")
      var options = RegionIndexOptions(level: .land, wave: 3, replicates: replicates)
      options.threads = threads
      let t0 = wallSeconds(), c0 = cpuSeconds()
      let idx = try RegionIndex.estimate(data, index: "idx", options: options)
      let ranking = try RegionRanking.rank(idx, uncertainty: .bootstrap, shrink: false)
      print("RESULT peer=trustmetrics part=rank_library seconds=\(f(wallSeconds() - t0)) cpu_seconds=\(f(cpuSeconds() - c0))")
      print("check: index " + idx.estimates.map { String(format: "%.3f", $0) }.joined(separator: " "))
      print("check: se " + idx.standardErrors.map { String(format: "%.3f", $0) }.joined(separator: " "))
      print("check: median rank " + (ranking.bootstrap ?? []).map { String(format: "%g", $0.median) }.joined(separator: " "))
    } else {
      let replicates = option(args, "--replicates").flatMap(Int.init) ?? 1000
      let data = try StudyReader.load(studyPath: dir + "/study.yaml")
      let rows = data.rows(wave: nil)
      let margins = try ["region", "size_class"].map { try MarginTable.load(path: dir + "/margins/\($0).csv") }
      guard let scale = data.study.scale("trust"), let x = data.itemMatrix(scale.items, rows: rows) else { fail("no trust scale") }
      var trust = Matrix(rows: rows.count, columns: 1)
      for i in 0..<rows.count { trust[i, 0] = (0..<x.columns).reduce(0.0) { $0 + x[i, $1] } / Double(x.columns) }
      let t0 = wallSeconds(), c0 = cpuSeconds()
      let replication = try StudyReplication.make(data, samples: [rows], replicates: replicates, seed: 1)
      let raking = try StudyRaking.cellRaking(data, rows: rows, margins: margins)
      let r = try DomainMeanReplicates.compute(scheme: replication.scheme, psuOfRow: replication.psuOfRow[0], weights: [Double](repeating: 1, count: rows.count),
                                               domainOfRow: [Int?](repeating: 0, count: rows.count), domainCount: 1, values: trust,
                                               raking: (raking.cellOfRow, raking.problem), threads: threads)
      let se = DomainMeanReplicates.standardError((0..<replicates).map { r.replicateMeans[$0, 0] }, scale: replication.scheme.varianceScale)
      print("RESULT peer=trustmetrics part=rakereps_library seconds=\(f(wallSeconds() - t0)) cpu_seconds=\(f(cpuSeconds() - c0)) failed=\(r.failedReplicates)")
      print("check: mean \(String(format: "%.6f", r.means[0, 0])) se \(String(format: "%.6f", se))")
    }
  } catch {
    fail("tmbench \(args[0]): \(error)")
  }
  exit(0)
}

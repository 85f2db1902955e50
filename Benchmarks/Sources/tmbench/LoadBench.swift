// tmbench load — study loading vs the bare parse of the same file (not a unit test).
//
//   tmbench parse FILE [--repeat N]      DataFileReader.read with the options StudyReader uses
//   tmbench load STUDY [--repeat N]      StudyReader.load (parse + codebook applied)
//   tmbench init FILE [--repeat N]       CodebookDrafter.draft (`trustmetrics init`) on a file
//
// Best of N (default 3) wall and CPU seconds; peak RSS (VmHWM) of the process; one RESULT line.
import Foundation
import TrustMetrics

func loadBench(_ args: [String], what: String) {
  let target = args[0]
  let repeats = option(args, "--repeat").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 3
  // Threads for parsing and decoding (default: every core, as `trustmetrics` loads).
  let threads = option(args, "--threads").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? StudyReader.defaultThreads
  let baseline = peakRSSKiB()
  var best = Double.infinity, bestCPU = Double.infinity
  var rows = 0, cells = 0
  var loaded: StudyData? = nil
  for run in 1...repeats {
    loaded = nil
    let t0 = wallSeconds(), c0 = cpuSeconds()
    do {
      switch what {
      case "parse":
        var o = CSVOptions()
        o.textAsLevels = true
        o.threads = threads
        let t = try DataFileReader.read(path: target, csv: o)
        rows = t.rowCount
        cells = t.rowCount * t.columnNames.count
      case "init":
        let d = try CodebookDrafter.draft(dataPath: target)
        rows = d.items.count
        cells = d.yaml().utf8.count
      default:
        let d = try StudyReader.load(studyPath: target, threads: threads)
        rows = d.rowCount
        cells = d.items.elements.count
        loaded = d
      }
    } catch {
      fail("\(error)")
    }
    let s = wallSeconds() - t0, c = cpuSeconds() - c0
    best = min(best, s)
    bestCPU = min(bestCPU, c)
    print("run \(run): \(f(s, 3)) s (CPU \(f(c, 3)) s)")
  }
  if let d = loaded {
    // Outside the timed runs: the answers must all be there.
    var valid = 0
    for x in d.items.elements where !x.isNaN { valid += 1 }
    print("valid item cells: \(valid)")
  }
  // `parse-1t` / `load-1t` when one thread is asked for on a machine with more.
  let reader = what + (threads == 1 && StudyReader.defaultThreads > 1 ? "-1t" : "")
  print("RESULT reader=\(reader) threads=\(threads) file=\(URL(fileURLWithPath: target).lastPathComponent) seconds=\(f(best)) cpu_seconds=\(f(bestCPU)) "
        + "peak_rss_kib=\(peakRSSKiB()) baseline_rss_kib=\(baseline) rows=\(rows) cells=\(cells)")
}

// tmbench csv — wall-clock benchmark of CSVReader (not a unit test).
//
//   tmbench csv FILE [--repeat N]
//
// Times `CSVReader.read(path:)` best of N (default 3) and prints one line per run plus a
// summary: seconds, MB/s (file bytes / 10^6 / s), peak RSS (VmHWM of /proc/self/status)
// (plus best CPU seconds, which load from other processes disturbs less) and a checksum of all numeric cells (the sum of non-NaN values) so results cannot be
// optimised away and can be compared with other readers.
import DataIO
import Foundation

func checksum(_ t: DataTable) -> (sum: Double, numericColumns: Int, missing: Int) {
  var sum = 0.0
  var numeric = 0
  var missing = 0
  for c in t.columns {
    if case .numeric(let v) = c {
      numeric += 1
      for x in v { if x.isNaN { missing += 1 } else { sum += x } }
    }
  }
  return (sum, numeric, missing)
}

/// `tmbench csv FILE [--repeat N]`.
func runCSV(_ args: [String]) {
  let file = args[0]
  let repeats = option(args, "--repeat").flatMap { Int($0) }.flatMap { $0 > 0 ? $0 : nil } ?? 3
  let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
  let baseline = peakRSSKiB()
  var best = Double.infinity
  var bestCPU = Double.infinity
  var bestUser = Double.infinity
  var lastTable: DataTable? = nil
  for run in 1...repeats {
    lastTable = nil
    let t0 = DispatchTime.now().uptimeNanoseconds
    let c0 = cpuSeconds()
    let u0 = userSeconds()
    do {
      lastTable = try CSVReader.read(path: file)
    } catch {
      FileHandle.standardError.write(Data("tmbench: \(error)\n".utf8))
      exit(1)
    }
    let s = Double(DispatchTime.now().uptimeNanoseconds - t0) / 1e9
    let cpu = cpuSeconds() - c0
    let user = userSeconds() - u0
    bestUser = min(bestUser, user)
    best = min(best, s)
    bestCPU = min(bestCPU, cpu)
    print("run \(run): \(String(format: "%.3f", s)) s (CPU \(String(format: "%.3f", cpu)) s, user \(String(format: "%.3f", user)) s)")
  }
  guard let table = lastTable else { exit(1) }
  let c = checksum(table)
  let mbps = Double(bytes) / 1e6 / best
  print(
    "RESULT reader=trustmetrics seconds=\(String(format: "%.4f", best)) cpu_seconds=\(String(format: "%.4f", bestCPU)) user_seconds=\(String(format: "%.4f", bestUser)) mbps=\(String(format: "%.1f", mbps)) "
      + "peak_rss_kib=\(peakRSSKiB()) baseline_rss_kib=\(baseline) rows=\(table.rowCount) "
      + "columns=\(table.columnNames.count) numeric_columns=\(c.numericColumns) missing=\(c.missing) "
      + "checksum=\(String(format: "%.1f", c.sum))")
}

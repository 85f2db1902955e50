// tmbench — wall-clock benchmarks of TrustMetrics readers (not unit tests).
//
//   tmbench csv FILE [--repeat N]
//
// Times `CSVReader.read(path:)` best of N (default 3) and prints one line per run plus a
// summary: seconds, MB/s (file bytes / 10^6 / s), peak RSS (VmHWM of /proc/self/status)
// (plus best CPU seconds, which load from other processes disturbs less) and a checksum of all numeric cells (the sum of non-NaN values) so results cannot be
// optimised away and can be compared with other readers.
import DataIO
import Foundation

func peakRSSKiB() -> Int {
  guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
  for line in s.split(separator: "\n") where line.hasPrefix("VmHWM:") {
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
  }
  return -1
}

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

func usage() -> Never {
  FileHandle.standardError.write(Data("usage: tmbench csv FILE [--repeat N]\n".utf8))
  exit(64)
}

// Survey and main-job workloads (SurveyBench.swift, MainJobBench.swift).
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "survey" { surveyMain(Array(CommandLine.arguments.dropFirst(2))) }
if CommandLine.arguments.count > 1, CommandLine.arguments[1] == "mainjob" { mainJobMain(Array(CommandLine.arguments.dropFirst(2))) }
var args = Array(CommandLine.arguments.dropFirst())
guard args.count >= 2, args[0] == "csv" else { usage() }
let file = args[1]
var repeats = 3
if let i = args.firstIndex(of: "--repeat"), i + 1 < args.count, let n = Int(args[i + 1]), n > 0 { repeats = n }
let bytes = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
let baseline = peakRSSKiB()
var best = Double.infinity
var bestCPU = Double.infinity
var bestUser = Double.infinity
func userSeconds() -> Double {
  var u = rusage()
  getrusage(RUSAGE_SELF.rawValue, &u)
  return Double(u.ru_utime.tv_sec) + Double(u.ru_utime.tv_usec) / 1e6
}
func cpuSeconds() -> Double {
  var ts = timespec()
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts)
  return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
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

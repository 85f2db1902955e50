// Shared helpers for tmbench: wall/CPU clocks, peak RSS, statistics of repeated runs.
import Foundation

/// A field (kB) of /proc/self/status, e.g. "VmHWM:" (peak RSS) or "VmRSS:"; -1 if unavailable.
func procStatusKiB(_ field: String) -> Int {
  guard let s = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return -1 }
  for line in s.split(separator: "\n") where line.hasPrefix(field) {
    return Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "") ?? -1
  }
  return -1
}

/// Peak resident set size so far (VmHWM), KiB.
func peakRSSKiB() -> Int { procStatusKiB("VmHWM:") }

/// Resets the peak-RSS mark to the current RSS (Linux: "5" to /proc/self/clear_refs); false if refused.
@discardableResult
func resetPeakRSS() -> Bool {
  guard let h = FileHandle(forWritingAtPath: "/proc/self/clear_refs") else { return false }
  defer { try? h.close() }
  do { try h.write(contentsOf: Data("5".utf8)) } catch { return false }
  return true
}

func wallSeconds() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

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

func median(_ v: [Double]) -> Double {
  let s = v.sorted()
  guard !s.isEmpty else { return .nan }
  return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("tmbench: \(message)\n".utf8))
  exit(1)
}

func f(_ x: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", x) }

/// `--name value` from the arguments, or nil.
func option(_ args: [String], _ name: String) -> String? {
  guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
  return args[i + 1]
}

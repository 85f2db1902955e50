import Foundation
import TrustMetrics

/// One fuzz input through one reader. A reader may return a table or throw its typed error;
/// anything else (a trap, a hang past libFuzzer's -timeout, memory past -rss_limit_mb) is a finding.
/// The same calls are replayed over the committed corpus by `Tests/DataIOTests/FuzzCorpusTests.swift`.
public enum FuzzTargets {
  /// The one-thread parse must give a table or a `DataError`; the parallel parse (3 threads,
  /// chunks of ≥ 8 bytes, so that small inputs are cut in many places) must give the same table
  /// (`DataTable.hasSameContent`) or the same error, with text as levels too — a difference is a
  /// finding (a trap).
  public static func csv(_ bytes: UnsafeBufferPointer<UInt8>) {
    let input = Array(bytes)
    for levels in [false, true] {
      var one = CSVOptions()
      one.textAsLevels = levels
      var many = one
      many.threads = 3
      many.minimumChunkBytes = 8
      let a = Result { () throws(DataError) in try CSVReader.read(data: input, path: "fuzz.csv", options: one) }
      let b = Result { () throws(DataError) in try CSVReader.read(data: input, path: "fuzz.csv", options: many) }
      switch (a, b) {
      case (.success(let x), .success(let y)) where x.hasSameContent(as: y): continue
      case (.failure(let e), .failure(let f)) where e.description == f.description: continue
      default: fatalError("parallel CSV parse differs (levels \(levels)): \(a) vs \(b)")
      }
    }
  }

  /// Two layers: input that starts with "PK" is a whole workbook (the ZIP container, relationship
  /// and workbook parts, shared strings, sheet); any other input is XML — a sheet part, optionally
  /// followed by a NUL byte and a shared-strings part — so mutations reach the XML tokenizer and the
  /// sheet parser without having to keep a ZIP's CRC-32 right.
  public static func xlsx(_ bytes: UnsafeBufferPointer<UInt8>) {
    let input = Array(bytes)
    if input.starts(with: [0x50, 0x4B]) {
      _ = try? XLSXReader.read(data: input, path: "fuzz.xlsx")
    } else {
      let parts = input.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
      _ = try? XLSXReader.read(sheetXML: Array(parts[0]), sharedStringsXML: parts.count > 1 ? Array(parts[1]) : nil, path: "fuzz.xlsx")
    }
  }

  /// ReadStat reads from a path: the input goes to a file in a per-process temporary folder.
  public static func sav(_ bytes: UnsafeBufferPointer<UInt8>) {
    let path = scratch + "/input.sav"
    guard FileManager.default.createFile(atPath: path, contents: Data(buffer: bytes)) else { return }
    _ = try? SAVReader.read(path: path)
  }

  public static func yaml(_ bytes: UnsafeBufferPointer<UInt8>) {
    _ = try? StudyLoader.parse(yaml: String(decoding: bytes, as: UTF8.self), file: "fuzz.yaml", baseDirectory: "/nonexistent")
  }

  static let scratch: String = {
    let base = FileManager.default.fileExists(atPath: "/dev/shm") ? "/dev/shm" : NSTemporaryDirectory()
    let dir = base + "/trustmetrics-fuzz-\(getpid())"
    try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    return dir
  }()
}

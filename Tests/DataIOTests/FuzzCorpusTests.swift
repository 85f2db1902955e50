import Foundation
import Testing
import _TestSupport

@testable import DataIO

/// Files of the committed fuzz corpus (`Fuzz/corpus/<reader>/`), sorted.
func corpusFiles(_ reader: String) -> [String] {
  let dir = repoPath("Fuzz/corpus/\(reader)")
  return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
}

/// Corpus files that still trap in a reader this work does not own (`Fuzz/known-traps.txt`, as
/// "reader/file"); they run through the binary (Tests/CLITests/HostileInputTests.swift) instead,
/// where a trap cannot take the test run down.
let corpusKnownTraps: Set<String> = {
  let text = (try? String(contentsOfFile: repoPath("Fuzz/known-traps.txt"), encoding: .utf8)) ?? ""
  return Set(text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
}()

/// Replays every corpus file through its reader in-process, as the fuzz targets do
/// (Fuzz/Sources/FuzzTargets): each must give a table or a `DataError`, within a time bound
/// (a debug build; the fuzzer runs a release build with a 10 s limit per input).
@Suite struct FuzzCorpusTests {
  static let bound = 10.0

  @Test func corpusIsThere() {
    #expect(corpusKnownTraps.isEmpty, "every reader of the corpus is fixed: \(corpusKnownTraps)")
    #expect(corpusFiles("csv").count >= 5)
    #expect(corpusFiles("xlsx").count >= 10)
    #expect(corpusFiles("sav").count >= 5)
  }

  @Test(arguments: corpusFiles("csv"))
  func csv(_ path: String) throws {
    try replay(path) { bytes in try CSVReader.read(data: bytes, path: path) }
    // As the fuzz target: the parallel parse (3 threads, 8-byte chunks) gives the same outcome.
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    for levels in [false, true] {
      var one = CSVOptions()
      one.textAsLevels = levels
      var many = one
      many.threads = 3
      many.minimumChunkBytes = 8
      let agree = CSVParallelTests.same(CSVParallelTests.outcome(bytes, one), CSVParallelTests.outcome(bytes, many))
      #expect(agree, "\(path), levels \(levels)")
    }
  }

  @Test(arguments: corpusFiles("xlsx"))
  func xlsx(_ path: String) throws {
    // As the fuzz target: "PK…" is a workbook, anything else a sheet part [+ NUL + shared strings].
    try replay(path) { bytes in
      if bytes.starts(with: [0x50, 0x4B]) { return try XLSXReader.read(data: bytes, path: path) }
      let parts = bytes.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false)
      return try XLSXReader.read(sheetXML: Array(parts[0]), sharedStringsXML: parts.count > 1 ? Array(parts[1]) : nil, path: path)
    }
  }

  @Test(arguments: corpusFiles("sav"))
  func sav(_ path: String) throws {
    guard !corpusKnownTraps.contains("sav/" + (path as NSString).lastPathComponent) else { return }
    try replay(path) { _ in try SAVReader.read(path: path) }
  }

  /// Runs one reader on one file: a table or a `DataError`, nothing else, within the bound.
  func replay(_ path: String, _ read: ([UInt8]) throws -> DataTable) throws {
    let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: path)))
    let start = Date()
    do {
      let t = try read(bytes)
      #expect(t.columns.count == t.columnNames.count, "\(path)")
    } catch is DataError {
      // An error with a message is the expected outcome for the crashers.
    } catch {
      Issue.record("\(path): unexpected error type \(error)")
    }
    let elapsed = Date().timeIntervalSince(start)
    #expect(elapsed < Self.bound, "\(path) took \(elapsed) s")
  }
}

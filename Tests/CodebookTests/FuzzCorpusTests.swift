import Foundation
import Testing
import _TestSupport

@testable import Codebook

/// Replays every YAML file of the fuzz corpus (`Fuzz/corpus/yaml/`) through the codebook loader
/// in-process, as the fuzz target does: a study or a `CodebookError`, within a time bound — the
/// alias-key bomb ran past 30 s before the guard.
@Suite struct CodebookFuzzCorpusTests {
  static let files: [String] = {
    let dir = repoPath("Fuzz/corpus/yaml")
    return ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).sorted().map { dir + "/" + $0 }
  }()

  @Test func corpusIsThere() { #expect(Self.files.count >= 8) }

  @Test(arguments: files)
  func yaml(_ path: String) throws {
    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self)
    let start = Date()
    do {
      _ = try StudyLoader.parse(yaml: text, file: path, baseDirectory: "/nonexistent")
    } catch {
      // A CodebookError (typed throws): the expected outcome for the bombs.
    }
    let elapsed = Date().timeIntervalSince(start)
    #expect(elapsed < 2, "\(path) took \(elapsed) s")
  }
}

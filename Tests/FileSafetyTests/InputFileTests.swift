import Foundation
import Testing

@testable import FileSafety

/// A fresh folder under the system temporary folder, removed at deinit.
final class Scratch {
  let path: String
  init() throws {
    path = NSTemporaryDirectory() + "filesafety-\(UUID().uuidString)"
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
  }
  func file(_ name: String, _ text: String) throws -> String {
    let p = path + "/" + name
    try FileManager.default.createDirectory(atPath: (p as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
    try Data(text.utf8).write(to: URL(fileURLWithPath: p))
    return p
  }
  func fifo(_ name: String) -> String {
    let p = path + "/" + name
    mkfifo(p, 0o600)
    return p
  }
  func read(_ name: String) -> String? {
    (try? Data(contentsOf: URL(fileURLWithPath: path + "/" + name))).map { String(decoding: $0, as: UTF8.self) }
  }
  var entries: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).sorted() }
  deinit { try? FileManager.default.removeItem(atPath: path) }
}

@Suite struct InputFileTests {
  @Test func readsARegularFileAndFollowsSymlinks() throws {
    let s = try Scratch()
    let p = try s.file("a.csv", "x,y\n1,2\n")
    #expect(try InputFile.read(p) == Array("x,y\n1,2\n".utf8))
    symlink(p, s.path + "/link.csv")
    #expect(try InputFile.read(s.path + "/link.csv") == Array("x,y\n1,2\n".utf8))
  }

  /// A FIFO, a character device and a directory are refused before anything blocks or runs forever.
  @Test func refusesWhatIsNotARegularFile() throws {
    let s = try Scratch()
    let fifo = s.fifo("pipe.csv")
    let cases: [(String, FileKind)] = [(fifo, .fifo), ("/dev/zero", .characterDevice), ("/dev/null", .characterDevice), (s.path, .directory)]
    for (path, kind) in cases {
      let start = Date()
      #expect(throws: InputFileError(path: path, kind: .notRegular(kind))) { try InputFile.read(path) }
      #expect(throws: InputFileError(path: path, kind: .notRegular(kind))) { try InputFile.openRegular(path) }
      #expect(Date().timeIntervalSince(start) < 2, "\(path) took too long")
    }
    #expect(InputFileError(path: fifo, kind: .notRegular(.fifo)).reason
      == "it is a FIFO (named pipe), not a regular file; only regular files are read")
  }

  @Test func missingAndTooLarge() throws {
    let s = try Scratch()
    #expect(throws: InputFileError(path: s.path + "/nix", kind: .missing)) { try InputFile.read(s.path + "/nix") }
    let p = try s.file("big.txt", String(repeating: "x", count: 2000))
    #expect(throws: InputFileError(path: p, kind: .tooLarge(limit: 1024))) { try InputFile.read(p, limit: 1024) }
    #expect(InputFileError(path: p, kind: .tooLarge(limit: 1024)).reason.contains("1 KiB"))
    #expect(try InputFile.read(p, limit: 2000).count == 2000)
  }

  @Test func byteCounts() {
    #expect(byteCount(512) == "512 bytes")
    #expect(byteCount(1 << 20) == "1 MiB")
    #expect(byteCount(3 << 29) == "1.5 GiB")
  }
}

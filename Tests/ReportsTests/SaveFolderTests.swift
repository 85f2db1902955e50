import Foundation
import Testing
@testable import Reports

@Suite struct SaveFolderTests {
  final class Folder {
    let path: String
    init() throws {
      path = FileManager.default.temporaryDirectory.appendingPathComponent("tm-save-\(UUID().uuidString)").path
      try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }
    func read(_ name: String) -> String? { try? String(contentsOfFile: path + "/" + name, encoding: .utf8) }
    var listing: [String] { ((try? FileManager.default.contentsOfDirectory(atPath: path)) ?? []).filter { !$0.hasPrefix(".") }.sorted() }
    func manifest() throws -> [[String: Any]] {
      let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path + "/manifest.json"))) as? [String: Any]
      return obj?["subjects"] as? [[String: Any]] ?? []
    }
  }

  func files(_ stem: String, _ content: String, tables: [String] = ["a", "b"]) -> [SaveFolder.File] {
    [SaveFolder.File(name: "\(stem).json", data: Data(content.utf8))] + tables.map { SaveFolder.File(name: "\(stem).\($0).csv", data: Data("\($0):\(content)".utf8)) }
  }

  @Test func writesFilesAndAManifest() throws {
    let f = try Folder()
    let input = f.path + "/../" + URL(fileURLWithPath: f.path).lastPathComponent + "-input.csv"
    try Data("x,y\n1,2\n".utf8).write(to: URL(fileURLWithPath: input))
    defer { try? FileManager.default.removeItem(atPath: input) }
    let when = Date(timeIntervalSince1970: 1_765_000_000)
    let r = try SaveFolder.save(files("compare_trust_land_2023", "one"), into: f.path, subject: "compare_trust_land_2023",
                                commandLine: ["trustmetrics", "compare", "study.yaml", "--index", "trust"], inputs: [input], toolVersion: "0.1.0", now: when)
    #expect(r.written.count == 3 && r.removed.isEmpty)
    #expect(f.listing == ["compare_trust_land_2023.a.csv", "compare_trust_land_2023.b.csv", "compare_trust_land_2023.json", "manifest.json"])
    let m = try f.manifest()
    #expect(m.count == 1)
    #expect(m[0]["subject"] as? String == "compare_trust_land_2023")
    #expect(m[0]["command"] as? String == "trustmetrics compare study.yaml --index trust")
    #expect(m[0]["version"] as? String == "0.1.0")
    #expect(m[0]["time"] as? String == "2025-12-06T05:46:40Z")
    let inputs = m[0]["inputs"] as? [[String: Any]] ?? []
    #expect(inputs.first?["sha256"] as? String == SHA256.hex(Data("x,y\n1,2\n".utf8)))
    #expect(inputs.first?["bytes"] as? Int == 8)
    let written = (m[0]["files"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    #expect(written.count == 3)
    #expect((m[0]["files"] as? [[String: Any]])?.first?["sha256"] as? String != nil)
  }

  /// The case: compare for trust and then for readiness used to both write benchmark.*.
  @Test func twoSubjectsLiveSideBySide() throws {
    let f = try Folder()
    try SaveFolder.save(files("compare_trust_land_2023_bitkom", "trust"), into: f.path, subject: "compare_trust_land_2023_bitkom", commandLine: [], inputs: [], toolVersion: "t")
    try SaveFolder.save(files("compare_readiness_land_2023_bitkom", "ready"), into: f.path, subject: "compare_readiness_land_2023_bitkom", commandLine: [], inputs: [], toolVersion: "t")
    #expect(f.read("compare_trust_land_2023_bitkom.json") == "trust")
    #expect(f.read("compare_readiness_land_2023_bitkom.json") == "ready")
    #expect(try f.manifest().count == 2)
  }

  @Test func anotherSubjectsFileIsNeverOverwritten() throws {
    let f = try Folder()
    try SaveFolder.save(files("x", "first"), into: f.path, subject: "subject-one", commandLine: ["one"], inputs: [], toolVersion: "t")
    let before = f.listing
    let manifestBefore = f.read("manifest.json")
    #expect(throws: SaveFolder.SaveError.collision(file: f.path + "/x.json", owner: "subject-one", command: "one")) {
      try SaveFolder.save(files("x", "second"), into: f.path, subject: "subject-two", commandLine: ["two"], inputs: [], toolVersion: "t")
    }
    // Nothing changed: not one file of the failed save was written.
    #expect(f.listing == before)
    #expect(f.read("x.json") == "first" && f.read("x.a.csv") == "a:first")
    #expect(f.read("manifest.json") == manifestBefore)
  }

  @Test func aFileTheManifestDoesNotKnowIsACollision() throws {
    let f = try Folder()
    try Data("mine".utf8).write(to: URL(fileURLWithPath: f.path + "/s.b.csv"))
    #expect(throws: SaveFolder.SaveError.collision(file: f.path + "/s.b.csv", owner: nil, command: nil)) {
      try SaveFolder.save(files("s", "new"), into: f.path, subject: "s", commandLine: [], inputs: [], toolVersion: "t")
    }
    #expect(f.listing == ["s.b.csv"] && f.read("s.b.csv") == "mine")
  }

  @Test func theSameSubjectIsReplacedWhole() throws {
    let f = try Folder()
    try SaveFolder.save(files("s", "old", tables: ["a", "b"]), into: f.path, subject: "s", commandLine: [], inputs: [], toolVersion: "t")
    let r = try SaveFolder.save(files("s", "new", tables: ["a"]), into: f.path, subject: "s", commandLine: [], inputs: [], toolVersion: "t")
    #expect(r.removed == ["s.b.csv"])
    #expect(f.listing == ["manifest.json", "s.a.csv", "s.json"])
    #expect(f.read("s.json") == "new")
    #expect(try f.manifest().count == 1)
    // No staging folder or lock debris besides the lock file.
    let hidden = try FileManager.default.contentsOfDirectory(atPath: f.path).filter { $0.hasPrefix(".") }
    #expect(hidden == [".trustmetrics.lock"])
  }

  @Test func inputsLinksAndBadNamesAreRefused() throws {
    let f = try Folder()
    let input = f.path + "/data.csv"
    try Data("data".utf8).write(to: URL(fileURLWithPath: input))
    // An earlier save "owns" data.csv's name? No: the file is unknown, and it is an input.
    #expect(throws: SaveFolder.SaveError.self) {
      try SaveFolder.save([.init(name: "data.csv", data: Data("x".utf8))], into: f.path, subject: "s", commandLine: [], inputs: [input], toolVersion: "t")
    }
    #expect(f.read("data.csv") == "data")
    try FileManager.default.createSymbolicLink(atPath: f.path + "/link.json", withDestinationPath: input)
    #expect(throws: SaveFolder.SaveError.notARegularFile(file: f.path + "/link.json")) {
      try SaveFolder.save([.init(name: "link.json", data: Data("x".utf8))], into: f.path, subject: "s", commandLine: [], inputs: [], toolVersion: "t")
    }
    #expect(f.read("data.csv") == "data")
    for bad in ["../up.csv", "manifest.json", ".hidden", ""] {
      #expect(throws: SaveFolder.SaveError.invalidName(bad)) {
        try SaveFolder.save([.init(name: bad, data: Data())], into: f.path, subject: "s", commandLine: [], inputs: [], toolVersion: "t")
      }
    }
    #expect(throws: SaveFolder.SaveError.invalidName("a.csv")) {
      try SaveFolder.save([.init(name: "a.csv", data: Data()), .init(name: "a.csv", data: Data())], into: f.path, subject: "s", commandLine: [], inputs: [], toolVersion: "t")
    }
  }

  @Test func aForeignManifestIsNotClobbered() throws {
    let f = try Folder()
    try Data("{\"something\": 1}".utf8).write(to: URL(fileURLWithPath: f.path + "/manifest.json"))
    #expect(throws: SaveFolder.SaveError.self) {
      try SaveFolder.save(files("s", "x"), into: f.path, subject: "s", commandLine: [], inputs: [], toolVersion: "t")
    }
    #expect(f.read("manifest.json") == "{\"something\": 1}")
    #expect(f.listing == ["manifest.json"])
  }
}

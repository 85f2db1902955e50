import Foundation
import Testing

@testable import FileSafety

@Suite struct OutputGuardTests {
  /// Every way of naming an input is refused: the path, `..`, a symlink, a hard link, and a path
  /// through folders that do not exist yet.
  @Test func refusesEveryPathToAnInput() throws {
    let s = try Scratch()
    let data = try s.file("data.csv", "id\n1\n")
    let codebook = try s.file("study.yaml", "study: {}\n")
    try FileManager.default.createDirectory(atPath: s.path + "/out", withIntermediateDirectories: true)
    symlink(data, s.path + "/out/link.csv")
    link(data, s.path + "/hard.csv")
    let g = OutputGuard(inputs: [codebook, data])
    let cases: [(String, String, OutputConflict.Relation)] = [
      (data, data, .samePath),
      (s.path + "/out/../data.csv", data, .resolvesTo),
      (s.path + "/out/link.csv", data, .resolvesTo),
      (s.path + "/hard.csv", data, .hardLink),
      (s.path + "/new/deeper/../../study.yaml", codebook, .resolvesTo),
    ]
    for (output, input, relation) in cases {
      #expect(throws: OutputConflict(output: output, input: input, relation: relation)) { try g.check(output) }
    }
    #expect(OutputConflict(output: "o", input: "i", relation: .hardLink).description
      == "output 'o' is a hard link to the input file 'i' that this run reads; refusing to overwrite an input (nothing was written); choose another output path")
  }

  @Test func acceptsOtherPaths() throws {
    let s = try Scratch()
    let data = try s.file("data.csv", "id\n1\n")
    let other = try s.file("other.csv", "id\n1\n")  // same content, another file
    let g = OutputGuard(inputs: [data, s.path + "/missing-input.csv"])
    try g.check(other)
    try g.check(s.path + "/new.csv")
    try g.check(s.path + "/new/folder/out.csv")
    try g.check("/dev/null")
    #expect(g.inputPaths == [data])  // inputs that do not exist are not recorded
  }

  @Test func prospectivePathResolvesMissingFolders() throws {
    let s = try Scratch()
    let g = OutputGuard(inputs: [])
    let real = resolvedPath(s.path)!
    #expect(g.prospectivePath(s.path + "/a/b/../c.csv") == real + "/a/c.csv")
    #expect(g.prospectivePath(s.path + "/a/../../x.csv") == (real as NSString).deletingLastPathComponent + "/x.csv")
  }
}

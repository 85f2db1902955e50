import Foundation
import Testing

@testable import FileSafety

@Suite struct SafeOutputTests {
  @Test func replacesAFileAtomicallyAndKeepsItsMode() throws {
    let s = try Scratch()
    let p = try s.file("out.csv", "old\n")
    chmod(p, 0o640)
    try SafeOutput.write("new\n", to: p)
    #expect(s.read("out.csv") == "new\n")
    var st = stat()
    stat(p, &st)
    #expect(st.st_mode & 0o777 == 0o640)
    #expect(s.entries == ["out.csv"])  // no temporary file left
  }

  @Test func createsMissingFolders() throws {
    let s = try Scratch()
    try SafeOutput.write("x\n", to: s.path + "/a/b/out.csv")
    #expect(s.read("a/b/out.csv") == "x\n")
  }

  /// A symlink is written through: the link stays a link, the file it points to gets the content.
  @Test func writesThroughSymbolicLinks() throws {
    let s = try Scratch()
    try FileManager.default.createDirectory(atPath: s.path + "/real", withIntermediateDirectories: true)
    _ = try s.file("real/target.csv", "old\n")
    symlink("real/target.csv", s.path + "/link.csv")
    try SafeOutput.write("new\n", to: s.path + "/link.csv")
    #expect(s.read("real/target.csv") == "new\n")
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: s.path + "/link.csv")) == "real/target.csv")
    // A dangling link creates its target.
    symlink("real/created.csv", s.path + "/dangling.csv")
    try SafeOutput.write("made\n", to: s.path + "/dangling.csv")
    #expect(s.read("real/created.csv") == "made\n")
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: s.path + "/dangling.csv")) == "real/created.csv")
  }

  /// Devices are written directly, never replaced; a full device is an error.
  @Test func devices() throws {
    try SafeOutput.write("discarded\n", to: "/dev/null")
    var st = stat()
    stat("/dev/null", &st)
    #expect(FileKind(mode: st.st_mode) == .characterDevice)
    #expect {
      try SafeOutput.write(String(repeating: "x", count: 100_000), to: "/dev/full")
    } throws: { error in
      (error as? OutputWriteError)?.reason.hasPrefix("No space left on device (the device is full") == true
    }
    #expect(FileKind(mode: { var t = stat(); stat("/dev/full", &t); return t.st_mode }()) == .characterDevice)
  }

  /// A FIFO is written directly (a reader gets the bytes), not replaced by a file.
  @Test func fifoIsWrittenDirectly() async throws {
    let s = try Scratch()
    let fifo = s.fifo("pipe")
    let reader = Task.detached { () -> String in
      let h = FileHandle(forReadingAtPath: fifo)
      let d = h?.readDataToEndOfFile() ?? Data()
      return String(decoding: d, as: UTF8.self)
    }
    try SafeOutput.write("through the pipe\n", to: fifo)
    #expect(await reader.value == "through the pipe\n")
    var st = stat()
    lstat(fifo, &st)
    #expect(FileKind(mode: st.st_mode) == .fifo)
  }

  @Test func refusesFoldersAndEmptyPaths() throws {
    let s = try Scratch()
    #expect(throws: OutputWriteError(path: s.path, reason: "it is a directory; give a file name")) { try SafeOutput.write("x", to: s.path) }
    #expect(throws: OutputWriteError(path: "", reason: "the output path is empty")) { try SafeOutput.write("x", to: "") }
    // A folder that cannot be created (a file is in the way): the error names it, nothing is left.
    let blocker = try s.file("blocker", "x")
    #expect(throws: OutputWriteError.self) { try SafeOutput.write("x", to: blocker + "/out.csv") }
  }

  /// Temporary files of processes that no longer run are removed by the next write there;
  /// those of running processes and other files are kept.
  @Test func removesStaleTemporaryFiles() throws {
    let s = try Scratch()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: "/bin/true")
    try p.run()
    p.waitUntilExit()
    let dead = p.processIdentifier
    let stale = ".out.csv.trustmetrics-tmp-\(dead)-1a2b3c4d"
    let live = ".out.csv.trustmetrics-tmp-1-5e6f7a8b"  // pid 1 runs
    _ = try s.file(stale, "partial")
    _ = try s.file(live, "partial")
    _ = try s.file(".keep.trustmetrics-tmp-notapid-1", "x")
    try SafeOutput.write("done\n", to: s.path + "/out.csv")
    #expect(s.entries == [".keep.trustmetrics-tmp-notapid-1", live, "out.csv"])
  }

  @Test func temporaryNames() {
    #expect(TemporaryFiles.stalePID(".out.csv.trustmetrics-tmp-1234-af09") == 1234)
    #expect(TemporaryFiles.stalePID(".a.trustmetrics-tmp-b.trustmetrics-tmp-77-ff") == 77)
    for name in ["out.csv.trustmetrics-tmp-1-a", ".x.trustmetrics-tmp--a", ".x.trustmetrics-tmp-12-", ".x.trustmetrics-tmp-12-xyz", ".x.tmp-12-ab"] {
      #expect(TemporaryFiles.stalePID(name) == nil, "\(name)")
    }
  }

  /// Slots for the signal handler are claimed and released.
  @Test func signalSlots() {
    let a = TemporaryFiles.register("/tmp/a.trustmetrics-tmp-1-1")
    let b = TemporaryFiles.register("/tmp/b.trustmetrics-tmp-1-2")
    #expect(a != nil && b != nil && a != b)
    if let a {
      let text = String(cString: TemporaryFiles.buffer + a * TemporaryFiles.slotSize)
      #expect(text == "/tmp/a.trustmetrics-tmp-1-1")
    }
    TemporaryFiles.unregister(a)
    TemporaryFiles.unregister(b)
  }
}

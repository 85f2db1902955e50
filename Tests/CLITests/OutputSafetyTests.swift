import Foundation
import Testing
import _TestSupport

/// A small weighted study with a margin file, in a fresh folder.
private func weightedFolder() throws -> TemporaryFolder {
  let dir = try TemporaryFolder()
  try dir.write("study.yaml", weightedStudy.replacingOccurrences(of: "design: {weight: w}", with: "variables:\n  - {id: g}\ndesign: {weight: w}"))
  var csv = "id,q1,q2,g,w\n"
  for i in 1...20 { csv += "\(i),\(1 + i % 5),\(1 + (i * 3) % 5),\(i % 2 == 0 ? "a" : "b"),1\n" }
  try dir.write("data.csv", csv)
  try dir.write("margins.csv", "g,population\na,100\nb,300\n")
  return dir
}

private func bytes(_ path: String) -> Data? { try? Data(contentsOf: URL(fileURLWithPath: path)) }

/// Nothing is lost: no output may overwrite an input, links and devices are never replaced, a
/// full device is exit 73, `simulate` keeps a folder's files, temporary files do not linger.
@Suite struct OutputSafetyTests {
  /// `--output` and `--weights-output` onto the codebook, a data file or a margin file — directly,
  /// through a symlink, through `..`, through a hard link — are exit 64 and leave the input intact.
  @Test func outputsOntoInputsAreRefused() throws {
    let dir = try weightedFolder()
    try FileManager.default.createDirectory(atPath: dir.path + "/out", withIntermediateDirectories: true)
    for input in ["study.yaml", "data.csv", "margins.csv"] {
      let before = bytes(dir.path + "/" + input)
      symlink("../" + input, dir.path + "/out/link-" + input)
      link(dir.path + "/" + input, dir.path + "/hard-" + input)
      let ways = [input, "out/link-" + input, "out/../" + input, "new/folder/../../" + input, "hard-" + input,
                  dir.path + "/" + input]
      for way in ways {
        for option in ["--output", "--weights-output"] {
          let r = try CLI.run(["weight", "study.yaml", "--rake", "margins.csv", option, way], in: dir.path)
          #expect(r.status == 64, "\(option) \(way): \(r.status) \(r.stderr)")
          #expect(r.stderr.contains("refusing to overwrite an input (nothing was written)"), "\(r.stderr)")
          #expect(bytes(dir.path + "/" + input) == before, "\(option) \(way) changed \(input)")
        }
      }
    }
    // No folder was created for the refused "new/folder/../../" paths.
    #expect(!FileManager.default.fileExists(atPath: dir.path + "/new"))
    // The same checks guard every command's outputs: describe, factor scores, --save files.
    let describe = try CLI.run(["describe", "study.yaml", "--output", "out/../data.csv"], in: dir.path)
    #expect(describe.status == 64)
    let scores = try CLI.run(["factors", "study.yaml", "--nfactors", "1", "--scores", "out/link-data.csv"], in: dir.path)
    #expect(scores.status == 64, "\(scores.stderr)")
    try FileManager.default.createDirectory(atPath: dir.path + "/saved", withIntermediateDirectories: true)
    symlink("../data.csv", dir.path + "/saved/describe_all.describe_items.csv")
    let save = try CLI.run(["describe", "study.yaml", "--save", "saved"], in: dir.path)
    #expect(save.status == 64, "\(save.stderr)")
    #expect(save.stdout.isEmpty)
  }

  /// A symlink at the target is written through: it stays a link, the file it points to is replaced.
  @Test func symlinkTargetIsWrittenThrough() throws {
    let dir = try weightedFolder()
    try FileManager.default.createDirectory(atPath: dir.path + "/real", withIntermediateDirectories: true)
    try dir.write("real/report.csv", "old\n")
    symlink("real/report.csv", dir.path + "/report.csv")
    let r = try CLI.run(["describe", "study.yaml", "--format", "csv", "--output", "report.csv"], in: dir.path)
    #expect(r.status == 0, "\(r.stderr)")
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/report.csv")) == "real/report.csv")
    #expect(String(decoding: bytes(dir.path + "/real/report.csv") ?? Data(), as: UTF8.self).hasPrefix("key,group,item,n,mean"))
    // An XLSX workbook goes the same way.
    let x = try CLI.run(["describe", "study.yaml", "--format", "xlsx", "--output", "report.csv"], in: dir.path)
    #expect(x.status == 0, "\(x.stderr)")
    #expect(bytes(dir.path + "/real/report.csv")?.prefix(2) == Data("PK".utf8))
    #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dir.path + "/report.csv")) == "real/report.csv")
  }

  /// Devices are written, not replaced; a full device is exit 73.
  @Test func devices() throws {
    let dir = try weightedFolder()
    let full = try CLI.run(["describe", "study.yaml", "--output", "/dev/full"], in: dir.path)
    #expect(full.status == 73, "\(full.stderr)")
    #expect(full.stderr == "trustmetrics: error: /dev/full: cannot write output: No space left on device (the device is full; the old file, if any, is unchanged)\n")
    let xlsx = try CLI.run(["describe", "study.yaml", "--format", "xlsx", "--output", "/dev/full"], in: dir.path)
    #expect(xlsx.status == 73, "\(xlsx.stderr)")
    // Standard output on a full device: exit 73 as well, not a silent loss.
    let redirected = try CLI.sh("trustmetrics describe study.yaml > /dev/full", in: dir.path)
    #expect(redirected.status == 73, "\(redirected.stderr)")
    #expect(redirected.stderr.contains("standard output: cannot write output: No space left on device"))
    let null = try CLI.run(["describe", "study.yaml", "--output", "/dev/null"], in: dir.path)
    #expect(null.status == 0 && null.stdout.isEmpty)
    let stdout = try CLI.run(["describe", "study.yaml", "--format", "csv", "--output", "/dev/stdout"], in: dir.path)
    #expect(stdout.status == 0)
    #expect(stdout.stdout.hasPrefix("key,group,item,n,mean"))
    for device in ["/dev/null", "/dev/full"] {
      var st = stat()
      lstat(device, &st)
      #expect(st.st_mode & S_IFMT == S_IFCHR, "\(device) is no longer a device")
    }
  }

  /// A full file system (a 64 KiB tmpfs, when this test may mount one): exit 73, the old file kept,
  /// no temporary file left.
  @Test func fullFileSystem() throws {
    let dir = try weightedFolder()
    let mountPoint = dir.path + "/small"
    try FileManager.default.createDirectory(atPath: mountPoint, withIntermediateDirectories: true)
    let m = try CLI.sh("mount -t tmpfs -o size=64k tmpfs '\(mountPoint)' 2>&1")
    guard m.status == 0 else { return }  // not permitted here: /dev/full (above) covers ENOSPC
    defer { _ = try? CLI.sh("umount '\(mountPoint)'") }
    try Data("old report\n".utf8).write(to: URL(fileURLWithPath: mountPoint + "/report.txt"))
    _ = try CLI.sh("dd if=/dev/zero of='\(mountPoint)/filler' bs=1k count=200 2>/dev/null")
    let r = try CLI.run(["describe", "study.yaml", "--output", mountPoint + "/report.txt"], in: dir.path)
    #expect(r.status == 73, "\(r.stderr)")
    #expect(r.stderr.contains("No space left on device"))
    #expect(String(decoding: bytes(mountPoint + "/report.txt") ?? Data(), as: UTF8.self) == "old report\n")
    #expect(try FileManager.default.contentsOfDirectory(atPath: mountPoint).sorted() == ["filler", "report.txt"])
  }

  /// `simulate` keeps a folder's files unless --force.
  @Test func simulateRefusesANonEmptyFolder() throws {
    let dir = try TemporaryFolder()
    try dir.write("keep.txt", "mine\n")
    let r = try CLI.run(["simulate", "--output", dir.path, "--sample-size", "100"])
    #expect(r.status == 64, "\(r.stderr)")
    #expect(r.stderr.contains("is not empty (1 entries: keep.txt)"))
    #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["keep.txt"])
    let forced = try CLI.run(["simulate", "--output", dir.path, "--sample-size", "100", "--force"])
    #expect(forced.status == 0, "\(forced.stderr)")
    #expect(FileManager.default.fileExists(atPath: dir.path + "/study.yaml"))
    #expect(String(decoding: bytes(dir.path + "/keep.txt") ?? Data(), as: UTF8.self) == "mine\n")
  }

  /// SIGTERM while a temporary file is open: the file is removed, the target never appears, the
  /// process ends by the signal. A temporary file of a dead process is removed by the next run.
  @Test func temporaryFilesDoNotLinger() throws {
    let dir = try weightedFolder()
    let p = Process()
    p.executableURL = URL(fileURLWithPath: CLI.binary)
    p.arguments = ["describe", "study.yaml", "--output", "report.txt"]
    p.currentDirectoryURL = dir.url
    var env = ProcessInfo.processInfo.environment
    env["TRUSTMETRICS_TEST_PAUSE_BEFORE_RENAME_MS"] = "20000"
    p.environment = env
    p.standardOutput = FileHandle.nullDevice
    p.standardError = FileHandle.nullDevice
    // A child inherits the spawning thread's signal mask, and test threads (like all dispatch
    // worker threads) block SIGTERM: spawn with an empty mask, as a shell would.
    var empty = sigset_t(), saved = sigset_t()
    sigemptyset(&empty)
    pthread_sigmask(SIG_SETMASK, &empty, &saved)
    try p.run()
    pthread_sigmask(SIG_SETMASK, &saved, nil)
    var temp: String? = nil
    for _ in 0..<200 where temp == nil {
      temp = (try? FileManager.default.contentsOfDirectory(atPath: dir.path))?.first { $0.contains(".trustmetrics-tmp-") }
      if temp == nil { usleep(50_000) }
    }
    #expect(temp?.hasPrefix(".report.txt.trustmetrics-tmp-\(p.processIdentifier)-") == true, "\(temp ?? "no temporary file")")
    let sent = kill(p.processIdentifier, SIGTERM)
    #expect(sent == 0, "kill: \(String(cString: strerror(errno)))")
    p.waitUntilExit()
    #expect(p.terminationReason == .uncaughtSignal && p.terminationStatus == SIGTERM)
    let left = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(!left.contains { $0.contains(".trustmetrics-tmp-") }, "\(left)")
    #expect(!left.contains("report.txt"))

    // A stale temporary file (its process is gone) is removed by the next write into the folder.
    let gone = Process()
    gone.executableURL = URL(fileURLWithPath: "/bin/true")
    try gone.run()
    gone.waitUntilExit()
    try dir.write(".report.txt.trustmetrics-tmp-\(gone.processIdentifier)-deadbeef", "partial")
    let r = try CLI.run(["describe", "study.yaml", "--output", "report.txt"], in: dir.path)
    #expect(r.status == 0)
    let after = try FileManager.default.contentsOfDirectory(atPath: dir.path)
    #expect(!after.contains { $0.contains(".trustmetrics-tmp-") }, "\(after)")
  }
}




import Foundation
import _TestSupport

/// Runs the built `trustmetrics` binary (next to the test bundle in the build folder).
struct CLIResult {
  var stdout: String
  var stderr: String
  var status: Int32
}

enum CLI {
  /// The binary: $TRUSTMETRICS_BIN, else beside the test executable, else .build/debug.
  static let binary: String = {
    if let env = ProcessInfo.processInfo.environment["TRUSTMETRICS_BIN"] { return env }
    let beside = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("trustmetrics").path
    if FileManager.default.isExecutableFile(atPath: beside) { return beside }
    return repoPath(".build/debug/trustmetrics")
  }()

  /// Runs `trustmetrics` with `arguments` in `directory` (the repository root by default).
  static func run(_ arguments: [String], in directory: String = repositoryRoot.path) throws -> CLIResult {
    try shell([binary] + arguments, in: directory)
  }

  /// Runs a shell command line (`/bin/sh -c`) in `directory`, with `trustmetrics` on PATH.
  static func sh(_ commandLine: String, in directory: String = repositoryRoot.path) throws -> CLIResult {
    try shell(["/bin/sh", "-c", commandLine], in: directory)
  }

  static func shell(_ argv: [String], in directory: String) throws -> CLIResult {
    let p = Process()
    p.executableURL = URL(fileURLWithPath: argv[0])
    p.arguments = Array(argv.dropFirst())
    p.currentDirectoryURL = URL(fileURLWithPath: directory)
    var env = ProcessInfo.processInfo.environment
    let binDir = URL(fileURLWithPath: binary).deletingLastPathComponent().path
    env["PATH"] = binDir + ":" + (env["PATH"] ?? "/usr/bin:/bin")
    env["COLUMNS"] = "200"
    p.environment = env
    let out = Pipe()
    let err = Pipe()
    p.standardOutput = out
    p.standardError = err
    p.standardInput = FileHandle.nullDevice
    try p.run()
    // Read both pipes concurrently so a full pipe cannot block the child.
    nonisolated(unsafe) var errData = Data()
    let group = DispatchGroup()
    group.enter()
    DispatchQueue.global().async {
      errData = err.fileHandleForReading.readDataToEndOfFile()
      group.leave()
    }
    let outData = out.fileHandleForReading.readDataToEndOfFile()
    group.wait()
    p.waitUntilExit()
    return CLIResult(stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self),
                     status: p.terminationStatus)
  }
}

/// A temporary folder removed at deinit.
final class TemporaryFolder {
  let url: URL
  init() throws {
    url = FileManager.default.temporaryDirectory.appendingPathComponent("tm-cli-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }
  var path: String { url.path }
  func write(_ name: String, _ text: String) throws {
    try write(name, Data(text.utf8))
  }
  func write(_ name: String, _ data: Data) throws {
    let u = url.appendingPathComponent(name)
    try FileManager.default.createDirectory(at: u.deletingLastPathComponent(), withIntermediateDirectories: true)
    try data.write(to: u)
  }
  deinit { try? FileManager.default.removeItem(at: url) }
}

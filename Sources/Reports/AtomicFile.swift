import Foundation

/// Writes files atomically: to a temporary file in the same directory, then `rename(2)`, so a
/// reader never sees a half-written file and a failed write leaves the old file intact.
public enum AtomicFile {
  /// Errors writing an output file.
  public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot write output: \(reason)" }
  }

  /// Writes `text` (UTF-8) to `path` atomically, creating parent directories.
  public static func write(_ text: String, to path: String) throws(WriteError) {
    try write(Data(text.utf8), to: path)
  }

  /// Writes `data` to `path` atomically, creating parent directories.
  public static func write(_ data: Data, to path: String) throws(WriteError) {
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent()
    let tmp = dir.appendingPathComponent(".\(url.lastPathComponent).tmp-\(ProcessInfo.processInfo.processIdentifier)-\(UInt32.random(in: 0...UInt32.max))")
    do {
      try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
      try data.write(to: tmp)
      guard rename(tmp.path, url.path) == 0 else {
        let reason = String(cString: strerror(errno))
        try? FileManager.default.removeItem(at: tmp)
        throw WriteError(path: path, reason: reason)
      }
    } catch let e as WriteError {
      throw e
    } catch {
      try? FileManager.default.removeItem(at: tmp)
      throw WriteError(path: path, reason: (error as NSError).localizedDescription)
    }
  }
}

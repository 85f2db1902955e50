import FileSafety
import Foundation

/// Writes output files atomically and never over anything that must not be replaced.
///
/// A thin front for `FileSafety.SafeOutput`: a regular file is replaced by `rename(2)` of a fully
/// written, `fsync`ed temporary file `.<name>.trustmetrics-tmp-<pid>-<random>` in the same folder
/// (so a reader never sees a half-written file and a failed write leaves the old file intact); a
/// symbolic link is written through (the file it points to is replaced in its own folder); a
/// character device or FIFO (`/dev/stdout`, `/dev/null`, a named pipe) is written directly, never
/// replaced. A full device (`ENOSPC`), an I/O error or a short write is a ``WriteError`` (exit 73).
/// Parent folders are created.
///
/// That an output must not be one of the run's inputs is checked by the caller with
/// `FileSafety.OutputGuard` (the CLI does it for every output).
public enum AtomicFile {
  /// Errors writing an output file.
  public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var reason: String
    public var description: String { "\(path): cannot write output: \(reason)" }
  }

  /// Writes `text` (UTF-8) to `path` atomically, creating parent directories.
  public static func write(_ text: String, to path: String) throws(WriteError) {
    do { try SafeOutput.write(text, to: path) } catch { throw WriteError(path: error.path, reason: error.reason) }
  }

  /// Writes `data` to `path` atomically, creating parent directories.
  public static func write(_ data: Data, to path: String) throws(WriteError) {
    do { try SafeOutput.write(data, to: path) } catch { throw WriteError(path: error.path, reason: error.reason) }
  }
}

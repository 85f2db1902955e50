import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Writes output files so that nothing is lost: atomically for files, directly for devices.
///
/// What happens to the target `path`:
/// - **A character device or FIFO** (`/dev/null`, `/dev/full`, a named pipe), and the names of open
///   descriptors (`/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`) whatever they lead
///   to: written directly (`O_WRONLY | O_APPEND`), never replaced. (Replacing `/dev/stdout` by a
///   regular file would, run as root, replace the system's device node; and when standard output is
///   redirected to a file, appending keeps what the shell set up.)
/// - **A symbolic link**: written through. The file it finally points to is replaced atomically in
///   its own folder; the link stays a link. A dangling link creates its target.
/// - **A regular file or nothing**: a temporary file `.<name>.trustmetrics-tmp-<pid>-<random>` is
///   written in the target's folder (created if missing), flushed with `fsync(2)`, and renamed
///   over the target, so a reader sees the old file or the new one, never a half-written one.
///   An existing file keeps its permission bits.
/// - **A directory, block device or socket**: refused.
///
/// Every short write, `ENOSPC`, `EDQUOT`, `EIO` (at `write`, `fsync` or `close`) is an
/// ``OutputWriteError`` (the CLI exits with 73) and the temporary file is removed; the old target is
/// untouched.
///
/// Temporary files are removed when the process is interrupted by SIGINT, SIGTERM or SIGHUP while
/// one is open (handlers are installed on first use, only for signals still at their default
/// action; they unlink and re-raise). A temporary file left by a process that died otherwise
/// (SIGKILL, power loss) is removed by the next write into the same folder once its pid no longer
/// runs.
public enum SafeOutput {
  /// The marker in temporary file names.
  public static let temporaryMarker = ".trustmetrics-tmp-"

  /// Writes `text` as UTF-8.
  public static func write(_ text: String, to path: String) throws(OutputWriteError) {
    try write(Array(text.utf8), to: path)
  }

  /// Writes `data`.
  public static func write(_ data: Data, to path: String) throws(OutputWriteError) {
    let result: Result<Void, OutputWriteError> = data.withUnsafeBytes { raw in
      do throws(OutputWriteError) { return .success(try write(raw, to: path)) } catch { return .failure(error) }
    }
    try result.get()
  }

  /// Writes `bytes`.
  public static func write(_ bytes: [UInt8], to path: String) throws(OutputWriteError) {
    let result: Result<Void, OutputWriteError> = bytes.withUnsafeBytes { raw in
      do throws(OutputWriteError) { return .success(try write(raw, to: path)) } catch { return .failure(error) }
    }
    try result.get()
  }

  /// Writes the bytes of `raw` (see the type's documentation for what happens to the target).
  public static func write(_ raw: UnsafeRawBufferPointer, to path: String) throws(OutputWriteError) {
    guard !path.isEmpty else { throw OutputWriteError(path: path, reason: "the output path is empty") }
    var st = stat()
    let exists = stat(path, &st) == 0
    let kind = exists ? FileKind(mode: st.st_mode) : nil
    switch kind {
    case .directory?:
      throw OutputWriteError(path: path, reason: "it is a directory; give a file name")
    case .blockDevice?, .socket?:
      throw OutputWriteError(path: path, reason: "it is \(kind!.rawValue); reports are written to files, pipes or character devices only")
    case .characterDevice?, .fifo?:
      return try writeDirect(raw, to: path)
    default:
      if isDescriptorAlias(path) { return try writeDirect(raw, to: path) }
    }
    var lt = stat()
    if lstat(path, &lt) == 0, FileKind(mode: lt.st_mode) == .symbolicLink {
      let target = try linkTarget(path)
      return try writeAtomically(raw, to: target, reportedAs: path, createFolders: false)
    }
    try writeAtomically(raw, to: path, reportedAs: path, createFolders: true)
  }

  // MARK: - Direct writes (devices, pipes)

  /// Writes `text` to standard output (descriptor 1) unbuffered; a failure (a full device, a
  /// closed descriptor) is an ``OutputWriteError`` for "standard output".
  public static func writeStandardOutput(_ text: String) throws(OutputWriteError) {
    var bytes = Array(text.utf8)
    let failure = bytes.withUnsafeMutableBytes { raw in writeAll(1, UnsafeRawBufferPointer(raw)) }
    if let failure { throw OutputWriteError(path: "standard output", errno: failure) }
  }

  /// `/dev/stdout`, `/dev/stderr`, `/dev/fd/N`, `/proc/self/fd/N`, `/proc/<pid>/fd/N`: names of
  /// open descriptors, whose target must be written, not replaced.
  static func isDescriptorAlias(_ path: String) -> Bool {
    if path == "/dev/stdout" || path == "/dev/stderr" || path.hasPrefix("/dev/fd/") { return true }
    let parts = path.split(separator: "/")
    return parts.count == 4 && parts[0] == "proc" && parts[2] == "fd"
  }

  static func writeDirect(_ raw: UnsafeRawBufferPointer, to path: String) throws(OutputWriteError) {
    let fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY)
    guard fd >= 0 else { throw OutputWriteError(path: path, errno: errno) }
    if let e = writeAll(fd, raw) {
      close(fd)
      throw OutputWriteError(path: path, errno: e)
    }
    if close(fd) != 0 && errno != EINTR { throw OutputWriteError(path: path, errno: errno) }
  }

  /// Writes everything, retrying on EINTR and short writes; returns the errno of a failure.
  static func writeAll(_ fd: Int32, _ raw: UnsafeRawBufferPointer) -> Int32? {
    guard let base = raw.baseAddress else { return nil }
    var done = 0
    while done < raw.count {
      let n = Glibc.write(fd, base + done, raw.count - done)
      if n < 0 {
        if errno == EINTR { continue }
        return errno
      }
      if n == 0 { return EIO }
      done += n
    }
    return nil
  }

  // MARK: - Symbolic links

  /// The path a symbolic link finally points to (which may not exist yet).
  static func linkTarget(_ path: String) throws(OutputWriteError) -> String {
    if let real = resolvedPath(path) { return real }
    // Dangling: follow the chain by hand (at most 40 links, as the kernel).
    var current = path
    for _ in 0..<40 {
      var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
      let n = readlink(current, &buffer, buffer.count - 1)
      if n < 0 {
        if errno == EINVAL || errno == ENOENT { return current }  // not a link (any more): the target
        throw OutputWriteError(path: path, errno: errno)
      }
      let link = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
      current = link.hasPrefix("/") ? link : folder(of: current) + "/" + link
    }
    throw OutputWriteError(path: path, reason: "too many levels of symbolic links")
  }

  // MARK: - Atomic replacement

  static func writeAtomically(
    _ raw: UnsafeRawBufferPointer, to target: String, reportedAs path: String, createFolders: Bool
  ) throws(OutputWriteError) {
    let dir = folder(of: target)
    let name = String(target.split(separator: "/", omittingEmptySubsequences: false).last ?? Substring(target))
    guard !name.isEmpty, name != ".", name != ".." else {
      throw OutputWriteError(path: path, reason: "the output path names a folder; give a file name")
    }
    if createFolders {
      do {
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
      } catch {
        throw OutputWriteError(path: path, reason: "cannot create the folder \(dir): \((error as NSError).localizedDescription)")
      }
    }
    TemporaryFiles.removeStale(in: dir)

    var mode: mode_t = 0o666
    var existing = stat()
    let keepMode = stat(target, &existing) == 0 && FileKind(mode: existing.st_mode) == .regular
    if keepMode { mode = existing.st_mode & 0o7777 }

    let shortName = String(decoding: name.utf8.prefix(180), as: UTF8.self)
    let temp = dir + "/." + shortName + temporaryMarker + "\(getpid())-" + String(UInt32.random(in: .min ... .max), radix: 16)
    let slot = TemporaryFiles.register(temp)
    defer { TemporaryFiles.unregister(slot) }
    let fd = open(temp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o666)
    guard fd >= 0 else {
      throw OutputWriteError(path: path, reason: "cannot create a temporary file in \(dir): \(String(cString: strerror(errno)))")
    }
    func fail(_ code: Int32, closing: Bool) -> OutputWriteError {
      if closing { close(fd) }
      unlink(temp)
      return OutputWriteError(path: path, errno: code)
    }
    if keepMode { _ = fchmod(fd, mode) }
    if let e = writeAll(fd, raw) { throw fail(e, closing: true) }
    if fsync(fd) != 0, errno != EINVAL, errno != EROFS { throw fail(errno, closing: true) }
    if close(fd) != 0, errno != EINTR { throw fail(errno, closing: false) }
    if let pause = pauseBeforeRename { usleep(pause * 1000) }
    if rename(temp, target) != 0 { throw fail(errno, closing: false) }
    // Make the rename durable; a folder that cannot be synced (some file systems) is not an error.
    let dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    if dfd >= 0 {
      _ = fsync(dfd)
      close(dfd)
    }
  }

  /// For the tests of signal cleanup only: `TRUSTMETRICS_TEST_PAUSE_BEFORE_RENAME_MS` keeps a
  /// written temporary file that long before it is renamed, so a test can signal the process.
  static let pauseBeforeRename: UInt32? = getenv("TRUSTMETRICS_TEST_PAUSE_BEFORE_RENAME_MS").flatMap { UInt32(String(cString: $0)) }

  /// The folder part of a path ("." for a bare name, "/" for a top-level entry).
  static func folder(of path: String) -> String {
    guard let slash = path.lastIndex(of: "/") else { return "." }
    if slash == path.startIndex { return "/" }
    return String(path[..<slash])
  }
}

/// An output file that could not be written (the CLI exits with 73).
public struct OutputWriteError: Error, Sendable, Equatable, CustomStringConvertible {
  public var path: String
  public var reason: String

  public init(path: String, reason: String) {
    self.path = path
    self.reason = reason
  }

  init(path: String, errno code: Int32) {
    self.path = path
    let text = String(cString: strerror(code))
    switch code {
    case ENOSPC, EDQUOT: self.reason = "\(text) (the device is full; the old file, if any, is unchanged)"
    case EIO: self.reason = "\(text) (input/output error while writing; the old file, if any, is unchanged)"
    default: self.reason = text
    }
  }

  public var description: String { "\(path): cannot write output: \(reason)" }
}

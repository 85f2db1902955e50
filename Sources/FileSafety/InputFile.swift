#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Opening input files so that a hostile path cannot block, trap or exhaust memory.
///
/// Only regular files are read. A FIFO would block `open(2)` until a writer appears (or block
/// `read(2)` forever), a character device such as `/dev/zero` or `/dev/urandom` never ends, and a
/// directory is not a file. The checks:
/// 1. `stat(2)` (following symlinks: a symlink to a regular file is fine) must report a regular
///    file, else ``InputFileError`` names the kind found (FIFO, device, directory, socket);
/// 2. the file is opened with `O_RDONLY | O_NONBLOCK | O_CLOEXEC`, so a FIFO swapped in between
///    the check and the open cannot block the open either;
/// 3. `fstat(2)` of the open descriptor must again report a regular file (what is actually
///    read is what was checked), then `O_NONBLOCK` is cleared;
/// 4. ``read(_:limit:)`` refuses a file larger than the caller's limit before reading it, and
///    stops at the limit when a file grows while it is read.
public enum InputFile {
  /// Checks that `path` names a regular file (after following symlinks) without opening it.
  ///
  /// - Throws: ``InputFileError`` with kind `.missing`, `.notRegular` or `.inaccessible`.
  public static func checkRegular(_ path: String) throws(InputFileError) {
    var st = stat()
    guard stat(path, &st) == 0 else { throw InputFileError(path: path, errno: errno) }
    try requireRegular(st, path: path)
  }

  /// Opens a regular file for reading and returns its descriptor (the caller closes it).
  ///
  /// - Throws: ``InputFileError`` (see ``checkRegular(_:)``), also when the open fails.
  public static func openRegular(_ path: String) throws(InputFileError) -> Int32 {
    try checkRegular(path)
    let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
    guard fd >= 0 else { throw InputFileError(path: path, errno: errno) }
    var st = stat()
    guard fstat(fd, &st) == 0 else {
      let e = errno
      close(fd)
      throw InputFileError(path: path, errno: e)
    }
    do {
      try requireRegular(st, path: path)
    } catch {
      close(fd)
      throw error
    }
    let flags = fcntl(fd, F_GETFL)
    if flags >= 0 { _ = fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) }
    return fd
  }

  /// The size in bytes of an open regular file.
  public static func size(of fd: Int32) -> Int {
    var st = stat()
    guard fstat(fd, &st) == 0 else { return 0 }
    return Int(st.st_size)
  }

  /// Reads a whole regular file.
  ///
  /// - Parameter limit: the largest size accepted, in bytes (nil: no limit).
  /// - Throws: ``InputFileError``; `.tooLarge` when the file exceeds `limit`.
  public static func read(_ path: String, limit: Int? = nil) throws(InputFileError) -> [UInt8] {
    let fd = try openRegular(path)
    defer { close(fd) }
    let size = self.size(of: fd)
    if let limit, size > limit { throw InputFileError(path: path, kind: .tooLarge(limit: limit)) }
    var bytes = [UInt8]()
    bytes.reserveCapacity(size)
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBytes { b in Glibc.read(fd, b.baseAddress, b.count) }
      if n < 0 {
        if errno == EINTR { continue }
        throw InputFileError(path: path, errno: errno)
      }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
      if let limit, bytes.count > limit { throw InputFileError(path: path, kind: .tooLarge(limit: limit)) }
    }
    return bytes
  }

  static func requireRegular(_ st: stat, path: String) throws(InputFileError) {
    let kind = FileKind(mode: st.st_mode)
    guard kind == .regular else { throw InputFileError(path: path, kind: .notRegular(kind)) }
  }
}

/// The type of a file system object, from `st_mode`.
public enum FileKind: String, Sendable, Equatable {
  case regular = "a regular file"
  case directory = "a directory"
  case fifo = "a FIFO (named pipe)"
  case characterDevice = "a character device"
  case blockDevice = "a block device"
  case socket = "a socket"
  case symbolicLink = "a symbolic link"
  case other = "not a regular file"

  public init(mode: mode_t) {
    switch mode & S_IFMT {
    case S_IFREG: self = .regular
    case S_IFDIR: self = .directory
    case S_IFIFO: self = .fifo
    case S_IFCHR: self = .characterDevice
    case S_IFBLK: self = .blockDevice
    case S_IFSOCK: self = .socket
    case S_IFLNK: self = .symbolicLink
    default: self = .other
    }
  }
}

/// Why an input file cannot be read. `description` is a clause for the reader's message
/// (e.g. "it is a FIFO (named pipe), not a regular file; only regular files are read").
public struct InputFileError: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Kind: Sendable, Equatable {
    /// No such file.
    case missing
    /// The path names something that is not a regular file.
    case notRegular(FileKind)
    /// The file is larger than the reader accepts.
    case tooLarge(limit: Int)
    /// Any other system error (permission, I/O), with its `strerror` text.
    case inaccessible(String)
  }

  public var path: String
  public var kind: Kind

  public init(path: String, kind: Kind) {
    self.path = path
    self.kind = kind
  }

  init(path: String, errno code: Int32) {
    self.path = path
    self.kind = code == ENOENT ? .missing : .inaccessible(String(cString: strerror(code)))
  }

  /// The reason alone, without the path.
  public var reason: String {
    switch kind {
    case .missing: return "no such file"
    case .notRegular(let k): return "it is \(k.rawValue), not a regular file; only regular files are read"
    case .tooLarge(let limit): return "the file is larger than \(byteCount(limit)), the limit for this kind of file"
    case .inaccessible(let text): return text
    }
  }

  public var description: String { "\(path): \(reason)" }
}

/// "64 MiB", "1.5 GiB", "512 bytes".
public func byteCount(_ n: Int) -> String {
  let units = [(1 << 30, "GiB"), (1 << 20, "MiB"), (1 << 10, "KiB")]
  for (size, name) in units where n >= size {
    let v = Double(n) / Double(size)
    return v == v.rounded() ? "\(Int(v)) \(name)" : "\((v * 10).rounded() / 10) \(name)"
  }
  return "\(n) bytes"
}

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// The identity of a file system object: device and inode. Two paths with the same identity
/// are the same file, whether they meet through symbolic links, `..` or hard links.
public struct FileIdentity: Hashable, Sendable {
  public var device: UInt64
  public var inode: UInt64

  /// The identity of what `path` names after following symlinks; nil when nothing is there.
  public init?(path: String) {
    var st = stat()
    guard stat(path, &st) == 0 else { return nil }
    self.device = UInt64(st.st_dev)
    self.inode = UInt64(st.st_ino)
  }
}

/// Refuses output paths that would overwrite a file the run reads.
///
/// Built from the run's input paths (codebook, data files, margins, benchmark files). An output
/// conflicts with an input when, after following symbolic links, it names the same device and
/// inode, so `out/../data.csv`, a symlink to the data file and a hard link to it are all caught,
/// as is the plain path. Paths that do not exist cannot be an input and pass.
///
/// The check is made before anything is computed (the CLI checks its declared outputs right after
/// loading) and again right before each write; the window between that second check and the
/// `rename(2)` is the only race left, and it needs someone else changing the folder meanwhile.
public struct OutputGuard: Sendable {
  struct Input: Sendable {
    var path: String
    var identity: FileIdentity
  }

  var inputs: [Input]

  /// Records the identities of `inputs` that exist now.
  public init(inputs: [String]) {
    self.inputs = []
    add(inputs)
  }

  /// Records more inputs.
  public mutating func add(_ paths: [String]) {
    for p in paths {
      guard let id = FileIdentity(path: p), !inputs.contains(where: { $0.identity == id && $0.path == p }) else { continue }
      inputs.append(Input(path: p, identity: id))
    }
  }

  /// The input paths recorded, in order.
  public var inputPaths: [String] { inputs.map(\.path) }

  /// Throws when writing `output` would replace or modify one of the inputs.
  ///
  /// An output whose folders do not exist yet is judged by the path it will have once they are
  /// created (`new/../data.csv` is `data.csv`: missing folders cannot be symbolic links, so their
  /// `..` is resolved by the name).
  public func check(_ output: String) throws(OutputConflict) {
    guard let id = FileIdentity(path: output) ?? prospectivePath(output).flatMap(FileIdentity.init(path:)) else { return }
    guard let input = inputs.first(where: { $0.identity == id }) else { return }
    throw OutputConflict(output: output, input: input.path, relation: relation(output, input.path))
  }

  /// The path `output` will resolve to once its missing folders are created: the longest prefix
  /// that exists, resolved by the kernel, then the rest by name (`..` drops a component).
  func prospectivePath(_ output: String) -> String? {
    let absolute = output.hasPrefix("/")
    let components = output.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    var prefix = absolute ? "/" : "."
    var k = 0
    while k < components.count {
      let next = (prefix == "/" ? "/" : prefix + "/") + components[k]
      var st = stat()
      guard lstat(next, &st) == 0 else { break }
      prefix = next
      k += 1
    }
    guard k < components.count, var parts = resolvedPath(prefix).map({ $0.split(separator: "/").map(String.init) }) else {
      return nil
    }
    for c in components[k...] {
      if c == ".." {
        _ = parts.popLast()
      } else if c != "." {
        parts.append(c)
      }
    }
    return "/" + parts.joined(separator: "/")
  }

  /// How two paths with one identity meet: the same path, through a link or `..`, or a hard link.
  func relation(_ output: String, _ input: String) -> OutputConflict.Relation {
    if output == input { return .samePath }
    let a = resolvedPath(output) ?? prospectivePath(output), b = resolvedPath(input)
    if let a, let b, a == b { return .resolvesTo }
    return .hardLink
  }
}

/// An output path that names an input of the same run (the CLI exits with 64, nothing written).
public struct OutputConflict: Error, Sendable, Equatable, CustomStringConvertible {
  public enum Relation: String, Sendable, Equatable {
    case samePath = "is"
    case resolvesTo = "resolves (through a symbolic link or '..') to"
    case hardLink = "is a hard link to"
  }

  public var output: String
  public var input: String
  public var relation: Relation

  public var description: String {
    "output '\(output)' \(relation.rawValue) the input file '\(input)' that this run reads; "
      + "refusing to overwrite an input (nothing was written); choose another output path"
  }
}

/// `realpath(3)` of `path`, or nil when it cannot be resolved.
public func resolvedPath(_ path: String) -> String? {
  guard let p = realpath(path, nil) else { return nil }
  defer { free(p) }
  return String(cString: p)
}

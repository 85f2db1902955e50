import Foundation

#if canImport(Glibc)
  import Glibc
#endif

/// Writes the files of one `--save` all together or not at all, and keeps `manifest.json`.
///
/// A *subject* names what a set of files is about (command, index, level, wave, scale,
/// benchmark: `rank_trust_kreis_2023`); file names start with it. The folder's `manifest.json`
/// lists, per subject, every file written, the command line, the SHA-256 of every input file
/// (codebook, data files, margins, benchmark), the tool version and the time.
///
/// Rules:
/// - **Collisions are errors.** A file that the manifest assigns to another subject, or that
///   exists without being in the manifest at all, is never overwritten: the save fails before
///   anything is written, naming the file and its owner. Saving the same subject again replaces
///   that subject's files (and removes those of its files the new run no longer writes).
/// - **All or none.** Files are written into a staging folder inside the target folder
///   (`.tm-staging-…`, same file system), then renamed into place one by one; files they replace
///   are first moved aside into the staging folder, so a failed rename rolls back to the old
///   state. `manifest.json` is renamed last. A lock file (`.trustmetrics.lock`, `flock`) keeps
///   two runs from interleaving in one folder.
/// - **No input is overwritten**: a target that resolves (symlinks, `..`) to one of the run's
///   input files is refused, and so is a target that is a symlink, device or folder.
public enum SaveFolder {
  /// Why a save failed. Nothing was changed in the folder.
  public enum SaveError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `file` belongs to another subject (`owner`, written by `command`), or to no subject
    /// (`owner` nil: a file the manifest does not list).
    case collision(file: String, owner: String?, command: String?)
    /// A target would replace an input of this run.
    case wouldOverwriteInput(file: String, input: String)
    /// A target exists and is not a regular file.
    case notARegularFile(file: String)
    /// The folder's manifest.json cannot be read as a manifest.
    case unreadableManifest(path: String, reason: String)
    /// Two files of one save have the same name, or a name is not a plain file name.
    case invalidName(String)
    /// The folder or a file cannot be written.
    case io(path: String, reason: String)

    public var description: String {
      switch self {
      case .collision(let f, let owner?, let command):
        return "\(f) already belongs to '\(owner)'" + (command.map { " (written by: \($0))" } ?? "") +
          "; --save never overwrites another subject's file: use another folder or remove it"
      case .collision(let f, nil, _):
        return "\(f) exists and is not listed in the folder's manifest.json; --save never overwrites a file it did not write: use another folder or remove it"
      case .wouldOverwriteInput(let f, let input): return "\(f) would overwrite the input file \(input)"
      case .notARegularFile(let f): return "\(f) exists and is not a regular file (a link, device or folder); refusing to replace it"
      case .unreadableManifest(let p, let r): return "\(p): not a TrustMetrics manifest (\(r)); refusing to write into this folder"
      case .invalidName(let n): return "invalid or duplicate output file name '\(n)'"
      case .io(let p, let r): return "\(p): cannot write output: \(r)"
      }
    }
  }

  /// One file to write.
  public struct File: Sendable {
    public var name: String
    public var data: Data
    public init(name: String, data: Data) {
      self.name = name
      self.data = data
    }
  }

  /// What a save did.
  public struct Result: Sendable, Equatable {
    public var written: [String]
    /// Files of the same subject from an earlier save that this one no longer writes.
    public var removed: [String]
  }

  public static let manifestName = "manifest.json"

  /// Writes `files` into `folder` for `subject` (see the type's rules).
  ///
  /// - Parameters:
  ///   - commandLine: the arguments of the run (recorded in the manifest).
  ///   - inputs: paths of every file the run read (hashed into the manifest; never overwritten).
  ///   - toolVersion: recorded in the manifest.
  ///   - now: the time recorded in the manifest.
  @discardableResult
  public static func save(_ files: [File], into folder: String, subject: String, commandLine: [String], inputs: [String],
                          toolVersion: String, now: Date = Date()) throws(SaveError) -> Result {
    var names = Set<String>()
    for f in files {
      guard !f.name.isEmpty, !f.name.contains("/"), !f.name.hasPrefix("."), f.name != manifestName, names.insert(f.name).inserted else {
        throw .invalidName(f.name)
      }
    }
    let fm = FileManager.default
    do { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) } catch {
      throw .io(path: folder, reason: (error as NSError).localizedDescription)
    }
    let lockPath = folder + "/.trustmetrics.lock"
    let lock = open(lockPath, O_CREAT | O_RDWR | O_CLOEXEC, 0o644)
    guard lock >= 0 else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }
    defer { flock(lock, LOCK_UN); close(lock) }
    guard flock(lock, LOCK_EX) == 0 else { throw .io(path: lockPath, reason: String(cString: strerror(errno))) }

    // The manifest as it is.
    let manifestPath = folder + "/" + manifestName
    var subjects: [[String: Any]] = []
    if fm.fileExists(atPath: manifestPath) {
      do {
        let obj = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: manifestPath)))
        guard let root = obj as? [String: Any], let s = root["subjects"] as? [[String: Any]] else {
          throw SaveError.unreadableManifest(path: manifestPath, reason: "no 'subjects' list")
        }
        subjects = s
      } catch let e as SaveError {
        throw e
      } catch {
        throw .unreadableManifest(path: manifestPath, reason: (error as NSError).localizedDescription)
      }
    }
    var owner: [String: (subject: String, command: String?)] = [:]
    for s in subjects {
      guard let name = s["subject"] as? String else { continue }
      for f in (s["files"] as? [[String: Any]]) ?? [] {
        if let n = f["name"] as? String { owner[n] = (name, s["command"] as? String) }
      }
    }
    let previous = Set(owner.filter { $0.value.subject == subject }.keys)

    // Checks before anything is written.
    let inputPaths = inputs.map { canonical($0) }
    for f in files {
      let path = folder + "/" + f.name
      if let o = owner[f.name], o.subject != subject { throw .collision(file: path, owner: o.subject, command: o.command) }
      var st = stat()
      if lstat(path, &st) == 0 {
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile(file: path) }
        if owner[f.name] == nil { throw .collision(file: path, owner: nil, command: nil) }
      }
      let target = canonical(path)
      if let hit = zip(inputs, inputPaths).first(where: { $0.1 == target }) { throw .wouldOverwriteInput(file: path, input: hit.0) }
    }

    // Stage.
    let staging = folder + "/.tm-staging-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    let backup = staging + "/.replaced"
    do {
      try fm.createDirectory(atPath: backup, withIntermediateDirectories: true)
      for f in files { try f.data.write(to: URL(fileURLWithPath: staging + "/" + f.name)) }
    } catch {
      try? fm.removeItem(atPath: staging)
      throw .io(path: staging, reason: (error as NSError).localizedDescription)
    }
    var inputEntries: [[String: Any]] = []
    for p in inputs {
      var entry: [String: Any] = ["path": p]
      if let h = try? SHA256.hex(file: p) { entry["sha256"] = h }
      if let size = (try? fm.attributesOfItem(atPath: p))?[.size] as? NSNumber { entry["bytes"] = size.intValue }
      inputEntries.append(entry)
    }
    let entry: [String: Any] = [
      "subject": subject,
      "command": commandLine.map(shellQuoted).joined(separator: " "),
      "arguments": commandLine,
      "tool": "trustmetrics",
      "version": toolVersion,
      "time": ISO8601DateFormatter().string(from: now),
      "inputs": inputEntries,
      "files": files.map { ["name": $0.name, "sha256": SHA256.hex($0.data), "bytes": $0.data.count] as [String: Any] },
    ]
    subjects.removeAll { ($0["subject"] as? String) == subject }
    subjects.append(entry)
    subjects.sort { (($0["subject"] as? String) ?? "") < (($1["subject"] as? String) ?? "") }
    do {
      let json = try JSONSerialization.data(withJSONObject: ["subjects": subjects] as [String: Any],
                                            options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
      try json.write(to: URL(fileURLWithPath: staging + "/" + manifestName))
    } catch {
      try? fm.removeItem(atPath: staging)
      throw .io(path: staging, reason: (error as NSError).localizedDescription)
    }

    // Rename into place; on failure put everything back.
    var placed: [(name: String, hadOld: Bool)] = []
    func rollback() {
      for p in placed.reversed() {
        let target = folder + "/" + p.name
        if p.hadOld {
          rename(backup + "/" + p.name, target)
        } else {
          unlink(target)
        }
      }
    }
    for name in files.map(\.name) + [manifestName] {
      let target = folder + "/" + name
      var st = stat()
      let exists = lstat(target, &st) == 0
      if exists && rename(target, backup + "/" + name) != 0 {
        let reason = String(cString: strerror(errno))
        rollback()
        try? fm.removeItem(atPath: staging)
        throw .io(path: target, reason: reason)
      }
      if rename(staging + "/" + name, target) != 0 {
        let reason = String(cString: strerror(errno))
        if exists { rename(backup + "/" + name, target) }
        rollback()
        try? fm.removeItem(atPath: staging)
        throw .io(path: target, reason: reason)
      }
      placed.append((name, exists))
    }
    try? fm.removeItem(atPath: staging)
    let stale = previous.subtracting(files.map(\.name)).sorted()
    for name in stale { unlink(folder + "/" + name) }
    return Result(written: files.map(\.name), removed: stale)
  }

  /// The path with symlinks and `..` resolved (the path itself when it does not exist yet: its
  /// folder resolved plus its name).
  static func canonical(_ path: String) -> String {
    if let r = realpath(path, nil) {
      defer { free(r) }
      return String(cString: r)
    }
    let url = URL(fileURLWithPath: path)
    let dir = url.deletingLastPathComponent().path
    if let r = realpath(dir, nil) {
      defer { free(r) }
      return String(cString: r) + "/" + url.lastPathComponent
    }
    return url.standardizedFileURL.path
  }

  /// `s` quoted for a POSIX shell when it needs quoting.
  static func shellQuoted(_ s: String) -> String {
    let safe = s.unicodeScalars.allSatisfy { $0.properties.isAlphabetic || ("0"..."9").contains($0) || "-_./=:,+@%".unicodeScalars.contains($0) }
    return safe && !s.isEmpty ? s : "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'"
  }
}

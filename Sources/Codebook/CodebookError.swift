/// An error in a study codebook. It always carries the file, the line and column in that file,
/// the key path (e.g. `items[3].scale`) and what is allowed; `description` is the one-line
/// message the CLI prints before exiting with 65.
public struct CodebookError: Error, Sendable, Equatable, CustomStringConvertible {
  /// What is wrong.
  public enum Problem: Sendable, Equatable {
    /// The file cannot be read.
    case unreadable(reason: String)
    /// The text is not YAML (message from the YAML parser).
    case notYAML(reason: String)
    /// A key that the schema does not have; `allowed` lists the keys that are.
    case unknownKey(String, allowed: [String])
    /// A required key is absent.
    case missingKey(String)
    /// A value has the wrong type.
    case wrongType(expected: String, found: String)
    /// A value outside the allowed set or range.
    case invalidValue(String, allowed: String)
    /// An id is referenced (item, response scale, block, region …) but never defined.
    case undefinedReference(kind: String, id: String, defined: [String])
    /// An id is defined twice; `firstLine` is where it was first defined.
    case duplicateID(kind: String, id: String, firstLine: Int)
    /// The document exceeds a limit that protects against hostile files (`YAMLLimits`), or a
    /// parameter would make an index degenerate or overflow.
    case limitExceeded(String)
  }

  public var file: String
  public var line: Int
  public var column: Int
  /// Key path inside the document, e.g. `items[3].scale`.
  public var keyPath: String
  public var problem: Problem

  public init(file: String, line: Int, column: Int, keyPath: String, problem: Problem) {
    self.file = file
    self.line = line
    self.column = column
    self.keyPath = keyPath
    self.problem = problem
  }

  public var description: String {
    let at = keyPath.isEmpty ? "" : " \(keyPath):"
    let loc = "\(file):\(line):\(column):\(at)"
    switch problem {
    case .unreadable(let r):
      return "\(file): cannot read the \(file.hasSuffix(".meta.yaml") ? "benchmark metadata" : "study file"): \(r)"
    case .notYAML(let r): return "\(loc) not valid YAML: \(r)"
    case .unknownKey(let k, let allowed):
      return "\(loc) unknown key '\(k)'; allowed: \(allowed.joined(separator: ", "))"
    case .missingKey(let k): return "\(loc) required key '\(k)' is missing"
    case .wrongType(let e, let f): return "\(loc) expected \(e), found \(f)"
    case .invalidValue(let v, let allowed): return "\(loc) invalid value '\(v)'; allowed: \(allowed)"
    case .undefinedReference(let kind, let id, let defined):
      let list = defined.count > 12 ? defined.prefix(12).joined(separator: ", ") + ", …" : defined.joined(separator: ", ")
      return "\(loc) \(kind) '\(id)' is not defined; defined \(kind)s: \(list.isEmpty ? "(none)" : list)"
    case .duplicateID(let kind, let id, let first):
      return "\(loc) duplicate \(kind) id '\(id)' (first defined on line \(first))"
    case .limitExceeded(let what): return "\(loc) refused: \(what)"
    }
  }
}

import Yams

/// A YAML node together with where it is (file, line, column, key path), so every schema
/// error can point at the offending line. Internal to the codebook reader.
struct YAMLNode {
  let node: Node
  let file: String
  let keyPath: String

  var line: Int { node.mark?.line ?? 1 }
  var column: Int { node.mark?.column ?? 1 }

  func error(_ problem: CodebookError.Problem, keyPath: String? = nil) -> CodebookError {
    CodebookError(file: file, line: line, column: column, keyPath: keyPath ?? self.keyPath, problem: problem)
  }

  var typeName: String {
    switch node {
    case .scalar(let s):
      if s.string.isEmpty || s.string == "~" || s.string == "null" { return "an empty value" }
      return "the scalar '\(s.string)'"
    case .mapping: return "a mapping"
    case .sequence: return "a list"
    case .alias: return "an alias"
    }
  }

  /// The node as a mapping whose keys must all be in `allowed` (nil: any key allowed).
  func mapping(allowed: [String]?) throws(CodebookError) -> YAMLMapping {
    guard case .mapping(let m) = node else { throw error(.wrongType(expected: "a mapping (key: value)", found: typeName)) }
    var entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)] = []
    for (k, v) in m {
      guard case .scalar(let ks) = k else {
        throw YAMLNode(node: k, file: file, keyPath: keyPath).error(.wrongType(expected: "a scalar key", found: "a complex key"))
      }
      let kn = YAMLNode(node: k, file: file, keyPath: keyPath)
      if let allowed, !allowed.contains(ks.string) {
        throw kn.error(.unknownKey(ks.string, allowed: allowed))
      }
      let child = keyPath.isEmpty ? ks.string : "\(keyPath).\(ks.string)"
      entries.append((ks.string, kn, YAMLNode(node: v, file: file, keyPath: child)))
    }
    return YAMLMapping(owner: self, entries: entries)
  }

  /// The node as a list.
  func sequence() throws(CodebookError) -> [YAMLNode] {
    guard case .sequence(let s) = node else { throw error(.wrongType(expected: "a list", found: typeName)) }
    return s.enumerated().map { YAMLNode(node: $0.element, file: file, keyPath: "\(keyPath)[\($0.offset)]") }
  }

  /// A list, or a single scalar taken as a one-element list.
  func sequenceOrScalar() throws(CodebookError) -> [YAMLNode] {
    if case .scalar = node { return [self] }
    return try sequence()
  }

  /// The node as a non-empty string.
  func string() throws(CodebookError) -> String {
    guard case .scalar(let s) = node else { throw error(.wrongType(expected: "text", found: typeName)) }
    guard !s.string.isEmpty else { throw error(.wrongType(expected: "text", found: "an empty value")) }
    return s.string
  }

  /// The node as a string, possibly empty.
  func optionalString() throws(CodebookError) -> String {
    guard case .scalar(let s) = node else { throw error(.wrongType(expected: "text", found: typeName)) }
    return s.string
  }

  /// The node as a number.
  func double() throws(CodebookError) -> Double {
    guard case .scalar(let s) = node, let x = Double(s.string.replacingComma()), x.isFinite else {
      throw error(.wrongType(expected: "a number", found: typeName))
    }
    return x
  }

  /// The node as an integer.
  func int() throws(CodebookError) -> Int {
    guard case .scalar(let s) = node, let x = Int(s.string) else {
      throw error(.wrongType(expected: "a whole number", found: typeName))
    }
    return x
  }

  /// The node as a boolean (true/false/yes/no).
  func bool() throws(CodebookError) -> Bool {
    guard case .scalar(let s) = node else { throw error(.wrongType(expected: "true or false", found: typeName)) }
    switch s.string.lowercased() {
    case "true", "yes", "on": return true
    case "false", "no", "off": return false
    default: throw error(.wrongType(expected: "true or false", found: typeName))
    }
  }

  /// The node as one case of a closed set of choices.
  func choice<E: RawRepresentable & CaseIterable>(_: E.Type) throws(CodebookError) -> E where E.RawValue == String {
    let s = try string()
    guard let e = E(rawValue: s) else {
      throw error(.invalidValue(s, allowed: E.allCases.map(\.rawValue).joined(separator: " | ")))
    }
    return e
  }
}

/// A YAML mapping with located entries.
struct YAMLMapping {
  let owner: YAMLNode
  let entries: [(key: String, keyNode: YAMLNode, value: YAMLNode)]

  subscript(key: String) -> YAMLNode? { entries.first { $0.key == key }?.value }

  func required(_ key: String) throws(CodebookError) -> YAMLNode {
    guard let v = self[key] else { throw owner.error(.missingKey(key)) }
    return v
  }
}

extension String {
  /// "3,5" → "3.5" (decimal comma in hand-written codebooks).
  func replacingComma() -> String {
    guard contains(","), !contains(".") else { return self }
    return String(map { $0 == "," ? "." : $0 })
  }
}

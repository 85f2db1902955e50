import Foundation

/// `response_scales:` — codes with labels and aliases, numeric and text missing codes.
///
/// ```yaml
/// likert5:
///   codes:
///     1: "trifft gar nicht zu"                              # a label
///     5: {label: "trifft voll zu", aliases: ["A5", "AO05"]} # a label and other spellings
///   valid: [1, 5]                  # optional; default smallest..largest code
///   missing: {-9: "nicht beantwortet", 8: "weiß nicht", "N/A": "keine Antwort", "-oth-": "Sonstiges"}
///   decimals: false                # optional; default: false when every code and bound is whole
/// ```
extension Reader {
  /// At most this many missing codes of each kind per scale (the cell status has one byte).
  static let maximumMissingCodes = 60

  /// A mapping of numeric codes to labels (variables' `codes:`), or to `{label, aliases}`.
  func codeList(_ n: YAMLNode) throws(CodebookError) -> [Code] {
    var codes: [Code] = []
    for e in try n.mapping(allowed: nil).entries {
      guard let v = Double(e.key.replacingComma()), v.isFinite else {
        throw e.keyNode.error(.wrongType(expected: "a numeric code", found: "'\(e.key)'"), keyPath: e.value.keyPath)
      }
      if codes.contains(where: { $0.value == v }) {
        throw e.keyNode.error(.duplicateID(kind: "code", id: e.key, firstLine: e.keyNode.line), keyPath: e.value.keyPath)
      }
      let (label, aliases) = try labelAndAliases(e.value)
      codes.append(Code(value: v, label: label, aliases: aliases))
    }
    return codes.sorted { $0.value < $1.value }
  }

  /// A code's value: a label, or `{label: …, aliases: [...]}`.
  func labelAndAliases(_ n: YAMLNode) throws(CodebookError) -> (String, [String]) {
    if case .mapping = n.node {
      let m = try n.mapping(allowed: StudyLoader.codeKeys)
      let label = try m["label"]?.optionalString() ?? ""
      let aliases = try (m["aliases"]?.sequenceOrScalar() ?? []).map { a throws(CodebookError) in try a.string() }
      return (label, aliases)
    }
    return (try n.optionalString(), [])
  }

  func responseScale(id: String, _ n: YAMLNode) throws(CodebookError) -> ResponseScale {
    let m = try n.mapping(allowed: StudyLoader.responseScaleKeys)
    let codes = try m["codes"].map { n throws(CodebookError) in try codeList(n) } ?? []
    var missing: [Code] = []
    var missingTexts: [Code] = []
    if let mN = m["missing"] {
      for e in try mN.mapping(allowed: nil).entries {
        let (label, aliases) = try labelAndAliases(e.value)
        if let v = Double(e.key.replacingComma()), v.isFinite {
          if missing.contains(where: { $0.value == v }) {
            throw e.keyNode.error(.duplicateID(kind: "missing code", id: e.key, firstLine: e.keyNode.line), keyPath: e.value.keyPath)
          }
          missing.append(Code(value: v, label: label, aliases: aliases))
        } else {
          // A text missing code: the key is the text as the tool writes it.
          missingTexts.append(Code(value: .nan, label: e.key, aliases: aliases + (label.isEmpty ? [] : [label])))
        }
      }
      if missing.count > Reader.maximumMissingCodes || missingTexts.count > Reader.maximumMissingCodes {
        throw mN.error(.invalidValue("\(missing.count + missingTexts.count) missing codes",
                                     allowed: "at most \(Reader.maximumMissingCodes) numeric and \(Reader.maximumMissingCodes) text missing codes"))
      }
      missing.sort { $0.value < $1.value }
    }
    var lo = codes.first?.value
    var hi = codes.last?.value
    if let vN = m["valid"] {
      let pair = try vN.sequence()
      guard pair.count == 2 else { throw vN.error(.invalidValue("\(pair.count) values", allowed: "[minimum, maximum]")) }
      lo = try pair[0].double()
      hi = try pair[1].double()
    }
    guard let lo, let hi else { throw n.error(.missingKey("codes or valid")) }
    guard lo <= hi else { throw (m["valid"] ?? n).error(.invalidValue("[\(lo), \(hi)]", allowed: "minimum ≤ maximum")) }
    for c in missing where c.value >= lo && c.value <= hi {
      throw (m["missing"] ?? n).error(.invalidValue(formatCode(c.value), allowed: "missing codes outside the valid range [\(formatCode(lo)), \(formatCode(hi))]"))
    }
    let decimals = try m["decimals"]?.bool()
    let scale = ResponseScale(id: id, codes: codes, minimum: lo, maximum: hi, missingCodes: missing,
                              missingTexts: missingTexts, allowsDecimals: decimals)
    if !scale.allowsDecimals, let c = codes.first(where: { $0.value != $0.value.rounded() }) {
      throw (m["codes"] ?? n).error(.invalidValue(formatCode(c.value), allowed: "whole codes on an integer code scale (or decimals: true)"))
    }
    try checkTextKeys(scale, node: m["codes"] ?? n)
    return scale
  }

  /// Two codes (valid or missing) must not share a label or alias once reduced by the text
  /// matching rule, or a text answer would be ambiguous.
  func checkTextKeys(_ scale: ResponseScale, node: YAMLNode) throws(CodebookError) {
    var owner: [String: String] = [:]
    func add(_ text: String, _ who: String) throws(CodebookError) {
      let k = TextAnswerKey.key(text)
      guard !k.isEmpty, Double(k.replacingComma()) == nil else { return }
      if let first = owner[k], first != who {
        throw node.error(.invalidValue("'\(text)'", allowed: "labels and aliases that identify one code; it is used by \(first) and \(who)"))
      }
      owner[k] = who
    }
    for c in scale.codes {
      try add(c.label, "code \(formatCode(c.value))")
      for a in c.aliases { try add(a, "code \(formatCode(c.value))") }
    }
    for c in scale.missingCodes {
      try add(c.label, "missing code \(formatCode(c.value))")
      for a in c.aliases { try add(a, "missing code \(formatCode(c.value))") }
    }
    for c in scale.missingTexts {
      for t in [c.label] + c.aliases { try add(t, "missing code '\(c.label)'") }
    }
  }
}

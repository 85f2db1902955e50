import Codebook
import Foundation

extension CodebookDraft {
  /// The draft as a study codebook (YAML), with comments where a human must decide.
  public func yaml() -> String {
    var out: [String] = []
    func line(_ s: String = "") { out.append(s) }
    line("# Study codebook drafted by `trustmetrics init` from \(dataPath)" + (sources.isEmpty ? "" : " and \(sources.joined(separator: ", "))") + ".")
    for n in notes { line("# \(n).") }
    line("# `trustmetrics check` accepts it as it is. A human must still decide: the measurement scales' keys")
    line("# (reverse-worded items), the case rules, the region table and the survey design (commented below).")
    line("# Schema: Notebooks-md/reference-codebook.md")
    line("study:")
    line("  id: \(q(studyID.isEmpty ? "study" : studyID))")
    line("  title: \(q(title))")
    line()
    line("respondent_id: \(q(respondentID))" + (respondentNote.isEmpty ? "" : "   # \(respondentNote)"))
    line()
    line("files:")
    line("  - path: \(q(dataPath))")
    line("    format: \(format)")
    if labelRow { line("    label_row: true                 # the second row holds the variable labels") }
    var map: [(String, String)] = []
    if respondentID != respondentColumn { map.append((respondentID, respondentColumn)) }
    map += items.filter { $0.id != $0.column }.map { ($0.id, $0.column) }
    map += variables.filter { $0.id != $0.column }.map { ($0.id, $0.column) }
    if !map.isEmpty {
      line("    columns:                        # codebook id: this file's column")
      for (id, column) in map { line("      \(id): \(q(column))") }
    }
    if !caseSuggestions.isEmpty {
      line("    # cases:                        # a human must decide which rows to analyse; suggestions for this tool:")
      for s in caseSuggestions { line("    #   \(s)") }
    }
    if !systemColumns.isEmpty {
      line("    # system columns available to case rules: \(systemColumns.joined(separator: ", "))")
    }
    line()
    // An empty section is written as an empty collection: a bare `response_scales:` is a null
    // value, which the codebook loader refuses (a file with no labelled items has none).
    line(scales.isEmpty ? "response_scales: {}             # no labelled items found in the file" : "response_scales:")
    for s in scales {
      if !s.note.isEmpty { line("  # \(s.note)") }
      line("  \(s.id):")
      line("    codes:")
      for c in s.codes { line("      \(code(c.value)): \(labelValue(c))") }
      if !s.missing.isEmpty || !s.missingTexts.isEmpty {
        line("    missing:")
        for c in s.missing { line("      \(code(c.value)): \(labelValue(c))") }
        for c in s.missingTexts { line("      \(q(c.label)): \(q(c.label == "N/A" ? "no answer (exported as N/A)" : c.label))") }
      }
    }
    line()
    line(items.isEmpty ? "items: []                         # no labelled items found in the file" : "items:")
    for i in items {
      var parts = ["id: \(q(i.id))", "label: \(q(i.label))"]
      if !i.text.isEmpty && i.text != i.label { parts.append("text: \(q(i.text))") }
      parts.append("scale: \(q(i.scale))")
      if let b = i.block { parts.append("block: \(q(b))") }
      line("  - {\(parts.joined(separator: ", "))}")
    }
    let usedBlocks = blocks.filter { b in items.contains { $0.block == b.id } }
    if !usedBlocks.isEmpty {
      line()
      line("blocks:")
      for b in usedBlocks { line("  - {id: \(q(b.id)), label: \(q(b.label))}") }
      let scaleBlocks = usedBlocks.filter { b in items.filter { $0.block == b.id }.count >= 2 }
      if !scaleBlocks.isEmpty {
        line()
        line("scales:                             # one per block, every item keyed +1: a human must check the keys")
        line("                                    # (prefix a reverse-worded item with '-') and whether the block is one scale")
        for b in scaleBlocks {
          let ids = items.filter { $0.block == b.id }.map(\.id)
          line("  - {id: \(q(b.id)), label: \(q(b.label)), items: [\(ids.map(q).joined(separator: ", "))]}")
        }
      }
    }
    if !variables.isEmpty {
      line()
      line("variables:")
      for v in variables {
        var parts = ["id: \(q(v.id))", "label: \(q(v.label))", "type: \(v.kind.rawValue)"]
        if v.kind == .categorical && !v.codes.isEmpty {
          parts.append("codes: {" + v.codes.map { "\(code($0.value)): \(q($0.label))" }.joined(separator: ", ") + "}")
        }
        line("  - {\(parts.joined(separator: ", "))}" + (v.note.isEmpty ? "" : "   # \(v.note)"))
      }
    }
    line()
    if !regionSuggestions.isEmpty {
      line("# A human must decide: the region table (key, name, level, parent) and the region variables.")
      for s in regionSuggestions { line("# \(s)") }
      line()
    }
    line("# A human must decide: the sample design (without it every respondent weighs 1).")
    for s in designSuggestions { line("# \(s)") }
    return out.joined(separator: "\n") + "\n"
  }

  /// A YAML double-quoted string.
  func q(_ s: String) -> String {
    var out = "\""
    for u in s.unicodeScalars {
      switch u {
      case "\"": out += "\\\""
      case "\\": out += "\\\\"
      case "\n": out += "\\n"
      case "\t": out += "\\t"
      case "\r": out += "\\r"
      default:
        if u.value < 0x20 || u.value == 0x7F { out += String(format: "\\x%02X", u.value) } else { out.unicodeScalars.append(u) }
      }
    }
    return out + "\""
  }

  func code(_ x: Double) -> String { x == x.rounded() && abs(x) < 1e15 ? String(Int64(x)) : "\(x)" }

  func labelValue(_ c: Code) -> String {
    let aliases = c.aliases.filter { TextAnswerKey.key($0) != TextAnswerKey.key(c.label) && Double($0) == nil }
    if aliases.isEmpty { return q(c.label) }
    return "{label: \(q(c.label)), aliases: [\(aliases.map(q).joined(separator: ", "))]}"
  }
}

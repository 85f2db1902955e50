import Foundation

/// `files:` — one entry per data file, with its own column names and unasked variables.
///
/// ```yaml
/// files:
///   - path: data/sosci_2022.csv
///     wave: 2022
///     label_row: true                  # SoSci Survey: the second row holds variable labels
///     columns: {tr_land: TR01_01}      # this file's column for a codebook id
///     not_asked: [dr_bundid]           # not in this wave's questionnaire
///     cases: [keep: FINISHED == 1]     # rules for this file only
/// ```
extension Reader {
  static let formats = ["csv", "xlsx", "sav", "zsav", "dta"]

  func dataFile(_ n: YAMLNode, needsWave: Bool) throws(CodebookError) -> DataFileSpec {
    let m = try n.mapping(allowed: StudyLoader.fileKeys)
    let pathNode = try m.required("path")
    let path = try pathNode.string()
    let wave = try m["wave"]?.int()
    if needsWave && wave == nil { throw n.error(.missingKey("wave")) }
    var format = (path as NSString).pathExtension.lowercased()
    if ["tsv", "txt"].contains(format) { format = "csv" }
    if let fN = m["format"] { format = try fN.string().lowercased() }
    guard Reader.formats.contains(format) else {
      throw (m["format"] ?? pathNode).error(.invalidValue(format, allowed: Reader.formats.joined(separator: " | ")))
    }
    if format == "zsav" { format = "sav" }
    let encoding = try m["encoding"]?.choice(TextEncodingChoice.self) ?? .auto
    func character(_ key: String, allowed: [String]) throws(CodebookError) -> Character? {
      guard let cN = m[key] else { return nil }
      let s = try cN.string()
      if s == "auto" { return nil }
      let c = s == "\\t" || s == "tab" ? "\t" : s
      guard allowed.contains(c), let ch = c.first else {
        throw cN.error(.invalidValue(s, allowed: (["auto"] + allowed.map { $0 == "\t" ? "\\t" : $0 }).joined(separator: " | ")))
      }
      return ch
    }
    var columns: [String: String] = [:]
    if let cN = m["columns"] {
      var seen: [String: String] = [:]
      for e in try cN.mapping(allowed: nil).entries {
        let column = try e.value.string()
        if let other = seen[column] {
          throw e.value.error(.invalidValue(column, allowed: "one codebook id per column; '\(other)' already reads it"))
        }
        seen[column] = e.key
        columns[e.key] = column
      }
    }
    let notAsked = try (m["not_asked"]?.sequenceOrScalar() ?? []).map { x throws(CodebookError) in try x.string() }
    let labelRow = try m["label_row"]?.bool() ?? false
    if labelRow && format != "csv", let lN = m["label_row"] {
      throw lN.error(.invalidValue("label_row: true", allowed: "label rows only in CSV files"))
    }
    return DataFileSpec(path: path, wave: wave, format: format, encoding: encoding,
                        delimiter: try character("delimiter", allowed: [",", ";", "\t"]),
                        decimalSeparator: try character("decimal", allowed: [".", ","]),
                        sheet: try m["sheet"]?.string(), labelRow: labelRow, columns: columns, notAsked: notAsked,
                        caseRules: try m["cases"].map { c throws(CodebookError) in try caseRules(c) } ?? [],
                        line: n.line)
  }

  /// Every key of a file's `columns:` must be an id the codebook reads from the data, and every
  /// `not_asked` entry an item or background variable: a misspelt id is an error, not ignored.
  func validateColumns(_ study: Study, filesNode: [YAMLNode]) throws(CodebookError) {
    var known = Set([study.respondentID])
    if let w = study.waveVariable { known.insert(w) }
    known.formUnion(study.items.map(\.id))
    known.formUnion(study.variables.map(\.id))
    known.formUnion(study.regionVariables.map(\.column))
    if let d = study.design {
      known.formUnion([d.weight, d.strata].compactMap { $0 })
      known.formUnion(d.clusters + d.fpc)
    }
    known.formUnion(study.caseRules.flatMap(\.columns))
    let askable = Set(study.items.map(\.id) + study.variables.map(\.id))
    for (spec, node) in zip(study.dataFiles, filesNode) {
      guard case .mapping = node.node else { continue }
      let m = try node.mapping(allowed: StudyLoader.fileKeys)
      let fileKnown = known.union(spec.caseRules.flatMap(\.columns))
      if let cN = m["columns"] {
        for e in try cN.mapping(allowed: nil).entries where !fileKnown.contains(e.key) {
          throw e.keyNode.error(.undefinedReference(kind: "codebook id", id: e.key, defined: fileKnown.sorted()))
        }
      }
      if let nN = m["not_asked"] {
        for x in try nN.sequenceOrScalar() {
          let id = try x.string()
          guard askable.contains(id) else {
            throw x.error(.undefinedReference(kind: "item or variable", id: id, defined: askable.sorted()))
          }
        }
      }
    }
  }
}

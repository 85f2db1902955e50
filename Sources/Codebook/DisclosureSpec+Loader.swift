extension StudyLoader {
  static let disclosureKeys = ["unit", "unit_column", "municipality_column", "min_cell_size", "min_municipalities",
                               "dominance", "groupings", "rake_margins"]
  static let dominanceKeys = ["rule", "n", "k", "p"]

  /// Reads the `disclosure:` block (nil node: every default). Columns must be the respondent id or
  /// declared variables; groupings must be region variables, design strata or declared
  /// categorical/text variables.
  static func disclosureSpec(_ node: YAMLNode?, study: Study) throws(CodebookError) -> DisclosureSpec {
    var spec = DisclosureSpec()
    guard let node else { return spec }
    let m = try node.mapping(allowed: disclosureKeys)
    let variables = study.variables.map(\.id)
    func column(_ key: String) throws(CodebookError) -> String? {
      guard let n = m[key] else { return nil }
      let c = try n.string()
      guard c == study.respondentID || variables.contains(c) else {
        throw n.error(.undefinedReference(kind: "variable", id: c, defined: [study.respondentID] + variables))
      }
      return c
    }
    if let uN = m["unit"] { spec.unit = try uN.choice(DisclosureSpec.Unit.self) }
    spec.unitColumn = try column("unit_column")
    if spec.unit != .respondent, spec.unitColumn == nil || spec.unitColumn == study.respondentID {
      throw (m["unit_column"] ?? node).error(spec.unitColumn == nil
        ? .missingKey("unit_column")
        : .invalidValue(study.respondentID, allowed: "a column that identifies the \(spec.unit.rawValue) across waves (a declared variable)"))
    }
    spec.municipalityColumn = try column("municipality_column")
    if let kN = m["min_cell_size"] {
      let k = try kN.int()
      guard k >= DisclosureSpec.smallestMinimumCellSize else {
        throw kN.error(.invalidValue(String(k), allowed: "a whole number ≥ \(DisclosureSpec.smallestMinimumCellSize)"))
      }
      spec.minimumCellSize = k
    }
    if let mN = m["min_municipalities"] {
      let x = try mN.int()
      guard x >= 1 else { throw mN.error(.invalidValue(String(x), allowed: "a whole number ≥ 1")) }
      guard spec.effectiveMunicipalityColumn != nil else {
        throw mN.error(.invalidValue(String(x), allowed: "min_municipalities needs municipality_column (or unit: municipality)"))
      }
      spec.minimumMunicipalities = x
    }
    if let dN = m["dominance"] { spec.dominance = try dominance(dN) }
    if let gN = m["groupings"] {
      var allowed = study.regionVariables.map(\.variable)
      if let s = study.design?.strata { allowed.append(s) }
      allowed += study.variables.filter { $0.kind != .numeric }.map(\.id)
      var list: [String] = []
      for n in try gN.sequence() {
        let g = try n.string()
        if g == "wave" {
          throw n.error(.invalidValue(g, allowed: "wave is always a publication grouping; list the others: \(allowed.joined(separator: " | "))"))
        }
        guard allowed.contains(g) else { throw n.error(.invalidValue(g, allowed: allowed.joined(separator: " | "))) }
        if list.contains(g) { throw n.error(.duplicateID(kind: "grouping", id: g, firstLine: n.line)) }
        list.append(g)
      }
      spec.groupings = list
    }
    if let rN = m["rake_margins"] {
      spec.rakeMargins = try rN.sequenceOrScalar().map { n throws(CodebookError) in try n.string() }
    }
    return spec
  }

  static func dominance(_ node: YAMLNode) throws(CodebookError) -> DisclosureSpec.Dominance {
    if case .scalar = node.node {
      let s = try node.string()
      guard s == "none" else { throw node.error(.invalidValue(s, allowed: "none | {rule: nk, n: 2, k: 85} | {rule: p-percent, p: 10}")) }
      return .none
    }
    let m = try node.mapping(allowed: dominanceKeys)
    let ruleN = try m.required("rule")
    switch try ruleN.string() {
    case "none":
      return .none
    case "nk":
      let n = try m["n"]?.int() ?? 2
      let k = try m["k"]?.double() ?? 85
      guard n >= 1 else { throw (m["n"] ?? node).error(.invalidValue(String(n), allowed: "a whole number ≥ 1")) }
      guard k > 0 && k <= 100 else { throw (m["k"] ?? node).error(.invalidValue(formatCode(k), allowed: "a percentage in (0, 100]")) }
      return .nk(n: n, k: k)
    case "p-percent":
      let p = try m["p"]?.double() ?? 10
      guard p > 0 && p <= 100 else { throw (m["p"] ?? node).error(.invalidValue(formatCode(p), allowed: "a percentage in (0, 100]")) }
      return .pPercent(p: p)
    case let other:
      throw ruleN.error(.invalidValue(other, allowed: "nk | p-percent | none"))
    }
  }
}

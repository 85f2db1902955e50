/// `cases:` — case-selection rules (see `CaseRule`), at the top level or per file.
extension Reader {
  static let caseRuleKinds = ["keep", "drop", "duplicates", "speeders", "straightliners"]
  static let speederKeys = ["column", "above", "below", "below_median"]

  func caseRules(_ node: YAMLNode) throws(CodebookError) -> [CaseRule] {
    var rules: [CaseRule] = []
    for n in try node.sequence() {
      let m = try n.mapping(allowed: Reader.caseRuleKinds)
      guard m.entries.count == 1, let (key, _, value) = m.entries.first else {
        throw n.error(.invalidValue(m.entries.isEmpty ? "an empty rule" : m.entries.map(\.key).joined(separator: " and "),
                                    allowed: "one rule per list entry: " + Reader.caseRuleKinds.joined(separator: " | ")))
      }
      let kind: CaseRule.Kind
      var text: String
      switch key {
      case "keep", "drop":
        var conditions: [CaseCondition] = []
        for c in try value.sequenceOrScalar() {
          let s = try c.string()
          switch CaseCondition.parse(s) {
          case .success(let cond): conditions.append(cond)
          case .failure(let e):
            throw c.error(.invalidValue(s, allowed: "COLUMN op VALUE with op one of == != < <= > >= (\(e.reason))"))
          }
        }
        guard !conditions.isEmpty else { throw value.error(.invalidValue("an empty list", allowed: "one or more conditions")) }
        kind = key == "keep" ? .keep(conditions) : .drop(conditions)
        text = "\(key) " + conditions.map(\.text).joined(separator: " and ")
      case "duplicates":
        let p = try value.choice(DuplicatePolicy.self)
        kind = .duplicates(p)
        text = "duplicates: \(p.rawValue)"
      case "straightliners":
        let p = try value.choice(StraightLinerPolicy.self)
        kind = .straightLiners(p)
        text = "straightliners: \(p.rawValue)"
      default:
        let sm = try value.mapping(allowed: Reader.speederKeys)
        let column = try sm.required("column").string()
        let given = ["above", "below", "below_median"].filter { sm[$0] != nil }
        guard given.count == 1, let which = given.first, let tN = sm[which] else {
          throw value.error(.invalidValue(given.isEmpty ? "no threshold" : given.joined(separator: " and "),
                                          allowed: "exactly one of above (a speed index), below (seconds), below_median (a share of the median time)"))
        }
        let t = try tN.double()
        let threshold: SpeederRule.Threshold
        switch which {
        case "above": threshold = .above(t)
        case "below":
          guard t > 0 else { throw tN.error(.invalidValue(formatCode(t), allowed: "a time > 0 seconds")) }
          threshold = .below(t)
        default:
          guard t > 0 && t < 1 else { throw tN.error(.invalidValue(formatCode(t), allowed: "a share of the median between 0 and 1")) }
          threshold = .belowMedianShare(t)
        }
        kind = .speeders(SpeederRule(column: column, threshold: threshold))
        switch threshold {
        case .above(let x): text = "speeders: \(column) > \(formatCode(x))"
        case .below(let x): text = "speeders: \(column) < \(formatCode(x))"
        case .belowMedianShare(let x): text = "speeders: \(column) < \(formatCode(x)) × median"
        }
      }
      rules.append(CaseRule(kind: kind, text: text, file: file, line: n.line))
    }
    return rules
  }
}

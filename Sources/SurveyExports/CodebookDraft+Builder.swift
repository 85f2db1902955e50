import Codebook
import DataIO
import Foundation

/// Answer texts that are no position on a scale but a missing value ("weiß nicht", "keine
/// Angabe", "don't know", "no answer", "prefer not to say").
func looksLikeMissingLabel(_ label: String) -> Bool {
  let k = TextAnswerKey.key(label)
  let patterns = ["weiß nicht", "weiss nicht", "keine angabe", "k. a.", "k.a.", "keine antwort", "kann ich nicht beurteilen",
                  "don't know", "dont know", "do not know", "no answer", "prefer not", "not applicable", "nicht beantwortet"]
  return patterns.contains { k.contains($0) }
}

/// What the builder knows about one column of the data, from one pass over it (numbers are
/// compared as numbers, texts once per distinct level; at most 61 distinct values are kept).
struct ColumnProfile {
  var name: String
  var numeric: Bool
  /// Distinct non-empty values (at most 60 kept), as text, in first-seen order.
  var distinct: [String]
  var distinctCount: Int
  var allIntegers: Bool
  var empty: Bool

  init(name: String, column: ColumnValues) {
    self.name = name
    var order: [String] = []
    var count = 0
    var nonEmpty = 0
    var ints = true
    switch column {
    case .numeric(let v):
      numeric = true
      var seen = Set<Double>()
      for x in v where !x.isNaN {
        nonEmpty += 1
        if x != x.rounded() { ints = false }
        if seen.count <= 60, seen.insert(x).inserted { order.append(formatNumber(x)) }
      }
      count = seen.count
    case .categorical(let codes, let levels):
      numeric = false
      var used = [Bool](repeating: false, count: levels.count)
      for c in codes { used[Int(c)] = true }
      var seen = Set<String>()
      for (k, l) in levels.enumerated() where used[k] {
        let t = l.trimmingWhitespace()
        guard !t.isEmpty, seen.insert(t).inserted else { continue }
        if order.count < 60 { order.append(t) }
      }
      count = seen.count
      nonEmpty = codes.reduce(0) { $0 + (levels[Int($1)].trimmingWhitespace().isEmpty ? 0 : 1) }
      ints = false
    case .text(let v):
      numeric = false
      var seen = Set<String>()
      for raw in v {
        let t = raw.trimmingWhitespace()
        if t.isEmpty { continue }
        nonEmpty += 1
        if seen.count <= 60, seen.insert(t).inserted { order.append(t) }
      }
      count = seen.count
      ints = false
    }
    distinct = order
    distinctCount = count
    allIntegers = numeric && ints
    empty = nonEmpty == 0
  }

  var integerValues: [Double] { distinct.compactMap(Double.init).sorted() }

  /// True when every cell is present and no two are equal (a respondent id).
  static func allUnique(_ column: ColumnValues) -> Bool {
    guard column.count > 0 else { return false }
    switch column {
    case .numeric(let v):
      var seen = Set<Double>()
      seen.reserveCapacity(v.count)
      for x in v { if x.isNaN || !seen.insert(x).inserted { return false } }
      return true
    case .categorical(let codes, let levels):
      var seen = Set<UInt32>()
      seen.reserveCapacity(codes.count)
      for c in codes { if levels[Int(c)].trimmingWhitespace().isEmpty || !seen.insert(c).inserted { return false } }
      return Set(levels.map { $0.trimmingWhitespace() }).count == levels.count
    case .text(let v):
      var seen = Set<String>()
      seen.reserveCapacity(v.count)
      for s in v { let t = s.trimmingWhitespace(); if t.isEmpty || !seen.insert(t).inserted { return false } }
      return true
    }
  }
}

struct DraftBuilder {
  let table: DataTable
  let metadata: [VariableMetadata]
  var draft: CodebookDraft
  var usedIDs: Set<String> = []
  var scaleSignatures: [String: String] = [:]

  let profiles: [String: ColumnProfile]

  init(table: DataTable, metadata: [VariableMetadata], draft: CodebookDraft) {
    self.table = table
    self.metadata = metadata
    self.draft = draft
    var p: [String: ColumnProfile] = [:]
    for (name, column) in zip(table.columnNames, table.columns) { p[name] = ColumnProfile(name: name, column: column) }
    profiles = p
  }

  func profile(_ column: String) -> ColumnProfile? { profiles[column] }

  mutating func uniqueID(_ wanted: String) -> String {
    var id = CodebookDrafter.sanitizeID(wanted)
    var k = 2
    let base = id
    while usedIDs.contains(id) { id = "\(base)_\(k)"; k += 1 }
    usedIDs.insert(id)
    return id
  }

  /// A response scale for these codes (reused when an identical one exists).
  mutating func scale(_ codes: [Code], missing: [Code], missingTexts: [Code] = [], hint: String, note: String = "") -> String {
    let signature = (codes.map { "\($0.value)=\($0.label)|\($0.aliases.joined(separator: ","))" }
      + missing.map { "m\($0.value)=\($0.label)|\($0.aliases.joined(separator: ","))" } + missingTexts.map { "t\($0.label)" }).joined(separator: ";")
    if let id = scaleSignatures[signature] { return id }
    var id = CodebookDrafter.sanitizeID(hint.lowercased())
    var k = 2
    let base = id
    while draft.scales.contains(where: { $0.id == id }) { id = "\(base)_\(k)"; k += 1 }
    scaleSignatures[signature] = id
    draft.scales.append(.init(id: id, codes: codes.sorted { $0.value < $1.value }, missing: missing.sorted { $0.value < $1.value },
                              missingTexts: missingTexts, note: note))
    return id
  }

  mutating func addItem(column: String, idHint: String, label: String, text: String, scale: String, block: String?, blockLabel: String?) {
    let id = uniqueID(idHint)
    if let block {
      if !draft.blocks.contains(where: { $0.id == block }) { draft.blocks.append(.init(id: block, label: blockLabel ?? block)) }
    }
    draft.items.append(.init(id: id, column: column, label: label, text: text, scale: scale, block: block))
  }

  mutating func addVariable(column: String, label: String, kind: VariableKind, codes: [Code] = [], note: String = "") {
    guard column != draft.respondentColumn else { return }
    draft.variables.append(.init(id: uniqueID(column), column: column, label: label, kind: kind, codes: codes, note: note))
  }

  /// The respondent id: `preferred` when unique, else the first column whose values are all
  /// present and distinct.
  /// Columns in `unlikely` (answers: value labels or declared user-missing codes in a
  /// `.sav`/`.dta`) are tried after all others; columns in `never` (a value of the column is one
  /// of the file's user-missing codes, so the respondent would have no id) are never chosen.
  mutating func chooseRespondent(preferred: [String], note: String, unlikely: Set<String> = [], never: Set<String> = []) throws(SurveyExportError) {
    let order = preferred + table.columnNames.filter { !unlikely.contains($0) } + table.columnNames.filter { unlikely.contains($0) }
    for name in order where !never.contains(name) {
      guard let column = table.column(name), ColumnProfile.allUnique(column) else { continue }
      draft.respondentColumn = name
      draft.respondentID = uniqueID(name)
      draft.respondentNote = preferred.contains(name) ? note : "the first column whose values are all present and distinct"
      return
    }
    throw .noRespondentID(path: table.path, passedOver: table.columnNames.filter { never.contains($0) && table.column($0).map(ColumnProfile.allUnique) == true })
  }

  /// Splits a "Question label: item text" variable label.
  static func split(_ label: String) -> (String?, String) {
    guard let r = label.range(of: ": ") else { return (nil, label) }
    let head = String(label[..<r.lowerBound]).trimmingCharacters(in: .whitespaces)
    let tail = String(label[r.upperBound...]).trimmingCharacters(in: .whitespaces)
    return head.isEmpty || tail.isEmpty ? (nil, label) : (head, tail)
  }

  // MARK: - SoSci Survey

  mutating func sosci(_ sps: SPSSSyntax?) {
    let note = "CASE is SoSci Survey's interview number (one per interview); use SERIAL instead when personalised links identify respondents"
    if (try? chooseRespondent(preferred: ["CASE"], note: note)) == nil { draft.respondentNote = "no unique column" }
    draft.notes.append("Read as a SoSci Survey export" + (draft.labelRow ? " (CSV for Excel: the second row holds the variable labels, label_row: true)" : "")
                       + (sps == nil ? "; no SPSS syntax (.sps) found next to it, so answer codes are taken from the data and have no labels" : "; labels, value labels and missing values from " + draft.sources.joined(separator: ", ")))
    for name in table.columnNames {
      guard name != draft.respondentColumn else { continue }
      if SurveyTool.sosciSystemVariables.contains(name) || (name.hasPrefix("TIME") && name.dropFirst(4).allSatisfy(\.isNumber)) {
        draft.systemColumns.append(name)
        continue
      }
      let label = sps?.variableLabels[name] ?? table.variableLabels[name] ?? ""
      let (head, text) = DraftBuilder.split(label)
      guard SurveyTool.isSoSciQuestionVariable(name), let p = profile(name) else {
        addVariable(column: name, label: label, kind: profile(name)?.numeric == true ? .numeric : .text)
        continue
      }
      let isString = sps?.isString(name) ?? !p.numeric
      let labels = sps?.valueLabels[name] ?? [:]
      let declaredMissing = Set(sps?.missingValues[name] ?? [])
      var valid: [Code] = []
      var missing: [Code] = []
      if !isString && p.allIntegers {
        if !labels.isEmpty {
          for (v, l) in labels.sorted(by: { $0.key < $1.key }) {
            if v < 0 || declaredMissing.contains(v) { missing.append(Code(value: v, label: l)) } else { valid.append(Code(value: v, label: l)) }
          }
          for v in declaredMissing where !missing.contains(where: { $0.value == v }) {
            missing.append(Code(value: v, label: SurveyTool.sosciMissingLabels[v] ?? ""))
          }
          // Observed negative codes (SoSci's missing codes) that carry no label.
          for v in p.integerValues where v < 0 && !missing.contains(where: { $0.value == v }) {
            missing.append(Code(value: v, label: SurveyTool.sosciMissingLabels[v] ?? ""))
          }
        } else if p.distinctCount <= 12 {
          for v in p.integerValues {
            if v < 0 { missing.append(Code(value: v, label: SurveyTool.sosciMissingLabels[v] ?? "")) } else { valid.append(Code(value: v, label: "")) }
          }
        }
      }
      let nonNegative = valid.filter { $0.value >= 0 }
      // Scale questions give items (TR01_01, TR01_02 …); a question of one variable (SD01) is a
      // selection: a background variable.
      let isItem = name.count > 4 && name.dropFirst(4).first == "_"
      if isItem, valid.count >= 2, let lo = nonNegative.first?.value, let hi = nonNegative.last?.value, hi - lo <= 10, lo >= 0,
         p.integerValues.allSatisfy({ x in x < 0 || (x >= lo && x <= hi) || missing.contains { m in m.value == x } }) {
        // A value that has a label but lies between codes with none is still in range.
        let q = SurveyTool.sosciQuestion(name)
        let scale = scale(valid, missing: missing, hint: "scale_\(Int(lo))_\(Int(hi))",
                          note: labels.isEmpty ? "codes observed in the data (no value labels found)" : "value labels of \(q)")
        addItem(column: name, idHint: name, label: text.isEmpty ? name : text, text: text, scale: scale, block: q.lowercased(), blockLabel: head ?? q)
      } else if !isString && p.numeric {
        let codes = labels.filter { $0.key >= 0 }.sorted { $0.key < $1.key }.map { Code(value: $0.key, label: $0.value) }
        addVariable(column: name, label: label, kind: codes.isEmpty ? .numeric : .categorical, codes: codes,
                    note: missing.isEmpty ? "" : "missing codes " + missing.map { "\(Int($0.value))" }.joined(separator: ", "))
      } else {
        addVariable(column: name, label: label, kind: .text)
      }
    }
    let has = Set(table.columnNames)
    if has.contains("MODE") { draft.caseSuggestions.append("- drop: MODE == \"pretest\"        # SoSci: interviews started in the pretest mode") }
    if has.contains("FINISHED") { draft.caseSuggestions.append("- keep: FINISHED == 1              # SoSci: reached the last page (1) or broke off (0)") }
    if has.contains("TIME_RSI") {
      draft.caseSuggestions.append("- speeders: {column: TIME_RSI, above: 2.0}   # SoSci's relative speed index; above 2 = twice as fast as typical (Leiner 2019)")
    }
    if has.contains("SERIAL") { draft.caseSuggestions.append("- duplicates: last                 # the same respondent id more than once in a wave") }
  }

  // MARK: - LimeSurvey

  /// Numeric values for LimeSurvey answer codes: the codes themselves when numeric ("1"…"5"),
  /// else their digits when those are distinct ("A1", "AO01" → 1), else their order.
  static func values(for answers: [LimeSurveyStructure.Answer]) -> [Double] {
    let numeric = answers.compactMap { Double($0.code) }
    if numeric.count == answers.count && Set(numeric).count == numeric.count { return numeric }
    let digits = answers.map { a in Double(a.code.filter(\.isNumber)) }
    if digits.allSatisfy({ $0 != nil }), Set(digits.compactMap { $0 }).count == answers.count { return digits.compactMap { $0 } }
    return answers.indices.map { Double($0 + 1) }
  }

  mutating func limesurvey(_ lss: LimeSurveyStructure?) {
    let note = "id is LimeSurvey's response id"
    if (try? chooseRespondent(preferred: ["id"], note: note)) == nil { draft.respondentNote = "no unique column" }
    draft.notes.append("Read as a LimeSurvey response export (headings: question code)"
                       + (lss == nil ? "; no survey structure (.lss) found next to it, so answer texts are unknown"
                          : "; questions, subquestions and answer options from " + draft.sources.joined(separator: ", "))
                       + (lss.map { $0.languageNote.isEmpty ? "" : " (\($0.languageNote))" } ?? ""))
    var questions: [String: LimeSurveyStructure.Question] = [:]
    for q in lss?.questions ?? [] { questions[q.code] = q }
    let groupNames = Dictionary((lss?.groups ?? []).map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
    // Texts that stand for "no answer" in the export (NULL exported as N/A).
    var usesNA = false
    for name in table.columnNames {
      guard let p = profile(name), !SurveyTool.limeSurveySystemVariables.contains(name) else { continue }
      if p.distinct.contains("N/A") { usesNA = true; break }
    }
    let naTexts = usesNA ? [Code(value: .nan, label: "N/A", aliases: [])] : []
    let arrayTypes: Set<String> = ["F", "A", "B", "H", "E", "C", ";", ":", "1", "5"]
    for name in table.columnNames {
      guard name != draft.respondentColumn else { continue }
      if SurveyTool.limeSurveySystemVariables.contains(name) || name.hasPrefix("groupTime") || (name.hasSuffix("Time") && questions[String(name.dropLast(4))] != nil) {
        draft.systemColumns.append(name)
        continue
      }
      var code = name
      var sub: String? = nil
      if let open = name.firstIndex(of: "["), name.hasSuffix("]") {
        code = String(name[..<open])
        sub = String(name[name.index(after: open)..<name.index(before: name.endIndex)])
      }
      guard let q = questions[code] else {
        // No structure: answer codes A1/AO01 can still be read; full answers cannot be ordered.
        if let p = profile(name), !p.numeric, p.distinctCount >= 2,
           p.distinct.allSatisfy({ $0 == "N/A" || $0.range(of: "^A[O]?[0-9]+$", options: .regularExpression) != nil }) {
          let codes = p.distinct.filter { $0 != "N/A" }.sorted()
          let answers = codes.enumerated().map { LimeSurveyStructure.Answer(code: $0.element, label: "", order: $0.offset, assessmentValue: nil, scale: 0) }
          let values = DraftBuilder.values(for: answers)
          let scale = scale(zip(answers, values).map { Code(value: $1, label: $0.code, aliases: [$0.code]) }, missing: [], missingTexts: naTexts,
                            hint: "codes_\(code)", note: "answer codes observed in the data; no .lss, so no answer texts")
          addItem(column: name, idHint: name, label: name, text: "", scale: scale, block: code.lowercased(), blockLabel: code)
        } else {
          addVariable(column: name, label: "", kind: profile(name)?.numeric == true ? .numeric : .text,
                      note: lss == nil ? "" : "not a question of the .lss")
        }
        continue
      }
      // A dual-scale array (type 1) has two columns per subquestion: LimeSurvey's code heading
      // appends the scale as `[1]`/`[2]` (`Q00[SQ001][1]`: viewHelper::getFieldCode, scale_id + 1),
      // older field names as `#0`/`#1` (`Q00[SQ001#0]`). Each scale has its own answer options.
      var answerScale = 0
      if q.type == "1", let s = sub {
        if let r = s.range(of: "^(.+)\\]\\[([12])$", options: .regularExpression), r.lowerBound == s.startIndex {
          answerScale = s.hasSuffix("2") ? 1 : 0
          sub = String(s.dropLast(3))
        } else if s.hasSuffix("#0") || s.hasSuffix("#1") {
          answerScale = s.hasSuffix("#1") ? 1 : 0
          sub = String(s.dropLast(2))
        }
      }
      let subQuestion = sub.flatMap { s in q.subquestions.first { $0.code == s } }
      let scaleName = q.type == "1" ? "scale \(answerScale + 1)" : nil
      let label = [q.text, subQuestion?.text, scaleName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — ")
      if sub == "other" || sub == "comment" {
        addVariable(column: name, label: "\(q.text) (\(sub ?? ""))", kind: .text)
        continue
      }
      var answers = q.answers.filter { $0.scale == answerScale }
      switch q.type {
      case "A", "5": if answers.isEmpty { answers = (1...5).map { .init(code: String($0), label: String($0), order: $0, assessmentValue: nil, scale: 0) } }
      case "B": if answers.isEmpty { answers = (1...10).map { .init(code: String($0), label: String($0), order: $0, assessmentValue: nil, scale: 0) } }
      default: break
      }
      if arrayTypes.contains(q.type) && answers.count >= 2 {
        let values = DraftBuilder.values(for: answers)
        var valid: [Code] = []
        var missing: [Code] = []
        for (a, v) in zip(answers, values) {
          let aliases = a.code == a.label ? [a.code] : [a.code]
          if looksLikeMissingLabel(a.label) { missing.append(Code(value: v, label: a.label, aliases: aliases)) } else { valid.append(Code(value: v, label: a.label, aliases: aliases)) }
        }
        // Missing codes must lie outside the valid range.
        if let lo = valid.map(\.value).min(), let hi = valid.map(\.value).max(), missing.contains(where: { $0.value >= lo && $0.value <= hi }) {
          missing = missing.enumerated().map { Code(value: -Double($0.offset + 1), label: $0.element.label, aliases: $0.element.aliases) }
        }
        let scale = scale(valid, missing: missing, missingTexts: naTexts, hint: q.type == "1" ? "\(q.code)_\(answerScale + 1)" : q.code,
                          note: "answer options of \(q.code)\(q.type == "1" ? " (dual scale, scale \(answerScale + 1))" : ""); values from the answer codes (\(answers.map(\.code).joined(separator: ", "))) — check the direction")
        // The two scales of a dual-scale array measure different things: one block each.
        let block = q.type == "1" ? "\(q.code.lowercased())_\(answerScale + 1)" : q.code.lowercased()
        let blockLabel = (q.text.isEmpty ? groupNames[q.group] : q.text).map { q.type == "1" ? "\($0) — scale \(answerScale + 1)" : $0 }
        addItem(column: name, idHint: name, label: [subQuestion?.text ?? q.text, scaleName].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: " — "),
                text: label, scale: scale, block: block, blockLabel: blockLabel)
      } else if !answers.isEmpty {
        addVariable(column: name, label: label, kind: .text,
                    note: "answer options: " + answers.map { "\($0.code) \($0.label)" }.joined(separator: ", ") + (q.hasOther ? ", -oth- other" : ""))
      } else {
        addVariable(column: name, label: label, kind: profile(name)?.numeric == true ? .numeric : .text)
      }
    }
    if let p = profile("submitdate") {
      if p.distinct.contains("N/A") {
        draft.caseSuggestions.append("- drop: submitdate == \"N/A\"       # LimeSurvey: incomplete responses have no submit date")
      } else {
        draft.caseSuggestions.append("- drop: submitdate == \"\"          # LimeSurvey: incomplete responses have no submit date")
      }
    }
    if table.columnIndex("interviewtime") != nil {
      draft.caseSuggestions.append("- speeders: {column: interviewtime, below_median: 0.4}   # faster than 40 % of the median time")
    }
    if table.columnIndex("token") != nil { draft.caseSuggestions.append("- duplicates: last") }
  }

  // MARK: - SPSS and Stata

  mutating func statistical() throws(SurveyExportError) {
    let kind = table.format == .sav ? "SPSS" : "Stata"
    try chooseRespondent(preferred: metadata.map(\.name).filter { ["id", "resp", "respondent", "lfdn", "case", "caseid", "serial"].contains($0.lowercased()) },
                         note: "a column named like an id whose values are all distinct",
                         unlikely: Set(metadata.filter { !$0.valueLabels.isEmpty || !$0.missingValues.isEmpty || !$0.missingRanges.isEmpty || !$0.missingTexts.isEmpty }.map(\.name)),
                         never: Set(metadata.filter { v in
                           switch table.column(v.name) {
                           case .numeric(let x)?: return x.contains { !$0.isNaN && v.isUserMissing($0) }
                           case .text(let t)?: return !v.missingTexts.isEmpty && t.contains { v.missingTexts.contains($0.trimmingWhitespace()) }
                           default: return false
                           }
                         }.map(\.name)))
    draft.notes.append("Read as a\(kind == "SPSS" ? "n" : "") \(kind) file: variable labels, value labels"
                       + (kind == "SPSS" ? " and user-missing values" : "") + " from the file; they count when the study is loaded, and check reports where the codebook's labels differ")
    for v in metadata where v.name != draft.respondentColumn {
      let observedMissing = table.userMissing[v.name] ?? []
      let validLabels = v.valueLabels.filter { !v.isUserMissing($0.key) && !observedMissing.contains($0.key) }.sorted { $0.key < $1.key }
      let p = profile(v.name)
      // An ordinal (SPSS measure) labelled variable is an item, a nominal one a background
      // variable; without a measure (Stata, or SPSS "unknown"/"scale"), four or more codes.
      let ordinal = v.measure == .ordinal || (v.measure != .nominal && validLabels.count >= 4)
      if v.isNumeric, ordinal, validLabels.count >= 2, validLabels.allSatisfy({ $0.key == $0.key.rounded() }),
         let lo = validLabels.first?.key, let hi = validLabels.last?.key, hi - lo <= 10,
         (p?.integerValues ?? []).allSatisfy({ ($0 >= lo && $0 <= hi) || v.isUserMissing($0) || observedMissing.contains($0) }) {
        var missing: [Code] = []
        for x in Set(v.missingValues + observedMissing).sorted() where x.isFinite && !(x >= lo && x <= hi) {
          missing.append(Code(value: x, label: v.valueLabels[x] ?? ""))
        }
        let scale = scale(validLabels.map { Code(value: $0.key, label: $0.value) }, missing: missing,
                          hint: "scale_\(Int(lo))_\(Int(hi))", note: "value labels from the file")
        let prefix = v.name.contains("_") ? String(v.name[..<v.name.firstIndex(of: "_")!]) : String(v.name.prefix { $0.isLetter })
        addItem(column: v.name, idHint: v.name, label: v.label.isEmpty ? v.name : v.label, text: v.label, scale: scale,
                block: prefix.isEmpty ? nil : prefix.lowercased(), blockLabel: prefix)
      } else if v.isNumeric {
        addVariable(column: v.name, label: v.label, kind: v.valueLabels.isEmpty ? .numeric : .categorical,
                    codes: v.valueLabels.sorted { $0.key < $1.key }.map { Code(value: $0.key, label: $0.value) })
      } else {
        addVariable(column: v.name, label: v.label, kind: .text)
      }
    }
  }

  // MARK: - Anything else

  mutating func generic() throws(SurveyExportError) {
    try chooseRespondent(preferred: table.columnNames.filter { ["id", "resp", "respondent", "resp_id", "lfdn", "case"].contains($0.lowercased()) },
                         note: "a column named like an id whose values are all distinct")
    draft.notes.append("No survey tool recognised: items are numeric columns with 2–11 whole values (codes without labels)")
    for name in table.columnNames where name != draft.respondentColumn {
      guard let p = profile(name) else { continue }
      let values = p.integerValues
      if p.numeric, p.allIntegers, values.count >= 2, values.count <= 11, let lo = values.first, let hi = values.last, hi - lo <= 10 {
        let prefix = name.contains("_") ? String(name[..<name.firstIndex(of: "_")!]) : String(name.prefix { $0.isLetter })
        let scale = scale(values.map { Code(value: $0, label: "") }, missing: [], hint: "codes_\(Int(lo))_\(Int(hi))",
                          note: "codes observed in the data; add labels and missing codes")
        addItem(column: name, idHint: name, label: table.variableLabels[name] ?? name, text: "", scale: scale,
                block: prefix.isEmpty ? nil : prefix.lowercased(), blockLabel: prefix)
      } else {
        addVariable(column: name, label: table.variableLabels[name] ?? "", kind: p.numeric ? .numeric : .text)
      }
    }
  }

  // MARK: - Common suggestions

  mutating func finish() {
    // Region keys: official key formats among the columns.
    for name in table.columnNames {
      guard let p = profile(name), !p.empty else { continue }
      let digits = p.distinct.filter { $0.allSatisfy(\.isNumber) }
      guard digits.count == p.distinct.count, let len = digits.first?.count, digits.allSatisfy({ $0.count == len }),
            [2, 5, 8, 12].contains(len), digits.allSatisfy({ (Int($0.prefix(2)) ?? 0) >= 1 && (Int($0.prefix(2)) ?? 0) <= 16 })
      else { continue }
      let id = draft.variables.first { $0.column == name }?.id ?? name
      let what = [2: "2-digit Land keys", 5: "5-digit Kreis keys", 8: "8-digit AGS (Gemeinde keys)", 12: "12-digit ARS"][len] ?? ""
      draft.regionSuggestions = [
        "regions:                          # \(name) looks like \(what)",
        "  table_file: regions.csv         # key,name,level,parent (and numeric covariates)",
        "  variables:",
      ]
      if len >= 8 {
        draft.regionSuggestions += ["    - {variable: kreis, level: kreis, from: \(id)}    # the first 5 digits are the Kreis",
                                    "    - {variable: land, level: land, from: \(id)}      # the first 2 digits are the Land"]
      } else if len == 5 {
        draft.regionSuggestions += ["    - {variable: \(id), level: kreis, key_width: 5}",
                                    "    - {variable: land, level: land, from: \(id)}"]
      } else {
        draft.regionSuggestions += ["    - {variable: \(id), level: land, key_width: 2}"]
      }
      break
    }
    let weights = table.columnNames.filter { ["weight", "gewicht", "weights", "wgt", "w"].contains($0.lowercased()) || $0.lowercased().hasPrefix("weight") }
    draft.designSuggestions = ["design:                           # the sample design: weights, strata, clusters",
                               "  weight: \(weights.first ?? "<weight column>")"]
  }
}

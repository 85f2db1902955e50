import FileSafety
import Foundation

/// A LimeSurvey survey structure (`.lss`, "Export survey structure"): question groups,
/// questions, subquestions and answer options with their texts in the survey's base language.
///
/// Both layouts are read: LimeSurvey 4–6 keep texts in `question_l10ns`, `group_l10ns` and
/// `answer_l10ns` (linked by qid, gid and aid) and subquestions in `subquestions` or as
/// `questions` rows with a `parent_qid`; LimeSurvey 2–3 write the texts inline on the
/// `questions`, `groups` and `answers` rows, one row per language. Each table is
/// `<name><fields>…</fields><rows><row><field>value</field>…</row></rows></name>`.
///
/// Response columns of the CSV export (headings "question code"): a question's code for
/// single-answer questions (`G01Q01`), `code[SQ001]` for a subquestion of an array
/// (`G02Q04[SQ001]`), `code[other]` for an "other" text. (LimeSurvey manual, "Export
/// responses"; the RemoteControl `export_responses` call with sHeadingType "code".)
public struct LimeSurveyStructure: Sendable, Equatable {
  public struct Group: Sendable, Equatable {
    public var id: String
    public var order: Int
    public var name: String
  }
  public struct Answer: Sendable, Equatable {
    public var code: String
    public var label: String
    public var order: Int
    public var assessmentValue: Double?
    public var scale: Int
  }
  public struct Question: Sendable, Equatable {
    public var id: String
    public var group: String
    /// The question code (`G02Q04`).
    public var code: String
    /// LimeSurvey question type (F array, A 5-point array, B 10-point array, 5 five-point
    /// choice, L list (radio), ! dropdown, Y yes/no, G gender, N numerical, S/T/U text, M multiple choice …).
    public var type: String
    public var text: String
    public var order: Int
    public var hasOther: Bool
    public var subquestions: [Question]
    public var answers: [Answer]
  }

  public var title: String
  public var language: String
  public var groups: [Group]
  /// Top-level questions in survey order (group order, then question order).
  public var questions: [Question]
  /// Set when the texts are not in the survey's base language (it has none): which were used.
  public var languageNote: String = ""

  /// The largest file read (64 MiB): a structure file is metadata; the largest surveys' .lss
  /// files are a few MiB.
  public static let maximumFileBytes = 64 << 20

  /// Reads `path` (a regular file, at most ``maximumFileBytes``).
  public static func read(path: String) throws(SurveyExportError) -> LimeSurveyStructure {
    let data: [UInt8]
    do { data = try InputFile.read(path, limit: maximumFileBytes) } catch {
      throw .unreadable(path: path, reason: error.reason)
    }
    return try parse(data, path: path)
  }

  public static func parse(_ bytes: [UInt8], path: String) throws(SurveyExportError) -> LimeSurveyStructure {
    let root = try XMLElement.parse(bytes, path: path)
    guard root.name == "document" else {
      throw .malformed(path: path, line: 1, reason: "the root element is <\(root.name)>, a LimeSurvey .lss has <document>")
    }
    if let kind = root.child("LimeSurveyDocType")?.text.trimmingCharacters(in: .whitespacesAndNewlines), kind != "Survey" {
      throw .malformed(path: path, line: 1, reason: "LimeSurveyDocType is '\(kind)', not 'Survey'")
    }
    func rows(_ table: String) -> [[String: String]] {
      guard let t = root.child(table), let r = t.child("rows") else { return [] }
      return r.children("row").map { row in
        Dictionary(row.children.map { ($0.name, $0.text) }, uniquingKeysWith: { a, _ in a })
      }
    }
    var languageNote = ""
    let surveys = rows("surveys")
    var language = surveys.first?["language"] ?? ""
    if language.isEmpty { language = root.child("languages")?.children("language").first?.text ?? "" }
    // A structure whose base language has no texts (LimeSurvey's own test suite has such a
    // "corrupted survey - missing language"): the texts of the first language that has
    // question texts are used, and said so, rather than empty labels for every question.
    let textRows = rows("question_l10ns") + rows("questions")
    let textLanguages = textRows.compactMap { $0["language"] }.filter { !$0.isEmpty }
    if !textLanguages.isEmpty, !textLanguages.contains(language), let first = textLanguages.first {
      languageNote = "the survey's base language '\(language.isEmpty ? "(none)" : language)' has no question texts; texts in '\(first)'"
      language = first
    }
    func inLanguage(_ row: [String: String]) -> Bool {
      guard let l = row["language"] else { return true }
      return language.isEmpty || l == language
    }
    let title = rows("surveys_languagesettings").first(where: { ($0["surveyls_language"] ?? language) == language || language.isEmpty })?["surveyls_title"] ?? ""

    // Groups: texts inline (LS 2–3) or in group_l10ns (LS 4+).
    let groupNames = Dictionary(rows("group_l10ns").filter(inLanguage).compactMap { r in r["gid"].map { ($0, r["group_name"] ?? "") } },
                                uniquingKeysWith: { a, _ in a })
    var groups: [Group] = []
    var seenGroups = Set<String>()
    for r in rows("groups") where inLanguage(r) {
      guard let gid = r["gid"], !seenGroups.contains(gid) else { continue }
      seenGroups.insert(gid)
      groups.append(Group(id: gid, order: Int(r["group_order"] ?? "") ?? 0, name: groupNames[gid] ?? r["group_name"] ?? ""))
    }
    groups.sort { $0.order < $1.order }

    // Question texts.
    let questionText = Dictionary(rows("question_l10ns").filter(inLanguage).compactMap { r in r["qid"].map { ($0, r["question"] ?? "") } },
                                  uniquingKeysWith: { a, _ in a })
    // Answers: texts inline (LS 2–3: answers rows with answer + language) or in answer_l10ns by aid.
    let answerText = Dictionary(rows("answer_l10ns").filter(inLanguage).compactMap { r in r["aid"].map { ($0, r["answer"] ?? "") } },
                                uniquingKeysWith: { a, _ in a })
    var answersByQuestion: [String: [Answer]] = [:]
    for r in rows("answers") where inLanguage(r) {
      guard let qid = r["qid"], let code = r["code"] else { continue }
      let label = r["aid"].flatMap { answerText[$0] } ?? r["answer"] ?? ""
      let a = Answer(code: code, label: plainText(label), order: Int(r["sortorder"] ?? "") ?? 0,
                     assessmentValue: r["assessment_value"].flatMap(Double.init), scale: Int(r["scale_id"] ?? "") ?? 0)
      if !(answersByQuestion[qid]?.contains { $0.code == a.code && $0.scale == a.scale } ?? false) {
        answersByQuestion[qid, default: []].append(a)
      }
    }
    for k in answersByQuestion.keys { answersByQuestion[k]?.sort { ($0.scale, $0.order) < ($1.scale, $1.order) } }

    func question(_ r: [String: String]) -> Question? {
      guard let qid = r["qid"], let code = r["title"], !code.isEmpty else { return nil }
      return Question(id: qid, group: r["gid"] ?? "", code: code, type: r["type"] ?? "", text: plainText(questionText[qid] ?? r["question"] ?? ""),
                      order: Int(r["question_order"] ?? "") ?? 0, hasOther: r["other"] == "Y", subquestions: [],
                      answers: answersByQuestion[qid] ?? [])
    }
    var top: [Question] = []
    var subs: [String: [Question]] = [:]
    var seenQuestions = Set<String>()
    for r in rows("questions") + rows("subquestions") where inLanguage(r) {
      guard let q = question(r), !seenQuestions.contains(q.id) else { continue }
      seenQuestions.insert(q.id)
      if let parent = r["parent_qid"], parent != "0", !parent.isEmpty {
        subs[parent, default: []].append(q)
      } else {
        top.append(q)
      }
    }
    let groupOrder = Dictionary(groups.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
    for k in top.indices { top[k].subquestions = (subs[top[k].id] ?? []).sorted { $0.order < $1.order } }
    top.sort { ((groupOrder[$0.group] ?? Int.max), $0.order) < ((groupOrder[$1.group] ?? Int.max), $1.order) }
    var structure = LimeSurveyStructure(title: plainText(title), language: language, groups: groups, questions: top)
    structure.languageNote = languageNote
    return structure
  }

  /// Question and answer texts without HTML tags and with collapsed white space.
  static func plainText(_ html: String) -> String {
    var out = ""
    var inTag = false
    for c in html {
      if c == "<" { inTag = true; out.append(" "); continue }
      if c == ">" && inTag { inTag = false; continue }
      if !inTag { out.append(c) }
    }
    for (entity, char) in [("&nbsp;", " "), ("&amp;", "&"), ("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&#39;", "'")] {
      out = out.replacingOccurrences(of: entity, with: char)
    }
    return out.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
  }
}

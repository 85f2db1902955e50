/// How a report is shown to people: the language, which headers, and the codebook's labels.
///
/// Translation happens here, at render time, on the finished `Report`: the library keeps
/// producing English titles, headers and footnotes, and `Report.presented` looks each string up
/// in `Catalogue.german` / `Catalogue.headers`. A string without an entry is kept as it is and
/// listed as untranslated — never silently: the CLI warns, and a test runs every demo command in
/// German and fails on any miss.
public struct Presentation: Sendable, Equatable {
  public var language: ReportLanguage
  /// `.display` shows translated/readable headers; `.machine` keeps the column names.
  public var headers: HeaderStyle
  /// Codebook ids → labels (items, scales, indices, blocks).
  public var labels: [String: String]
  /// Replace codebook ids by their labels in cells and headers (`--labels`).
  public var useLabels: Bool
  /// The codebook's own texts (title, descriptions, labels): data, shown as the codebook writes
  /// them in every language (never reported as untranslated).
  public var texts: Set<String>

  public init(language: ReportLanguage = .en, headers: HeaderStyle = .machine, labels: [String: String] = [:], useLabels: Bool = false,
              texts: Set<String> = []) {
    self.language = language
    self.headers = headers
    self.labels = labels
    self.useLabels = useLabels
    self.texts = texts.union(labels.values)
  }

  /// Human formats use a decimal comma in German.
  public var decimalComma: Bool { language == .de }
}

extension Report {
  /// The report as people read it: title, banner, table titles and footnotes in `p.language`;
  /// column labels set (for `.display` headers); translatable cells (check names, yes/no, …)
  /// translated; codebook ids replaced by labels when `p.useLabels`. Numbers are untouched.
  /// Returns the strings that had no catalogue entry (kept in English).
  public func presented(_ p: Presentation) -> (report: Report, untranslated: [String]) {
    var misses: [String] = []
    var seen = Set<String>()
    func miss(_ s: String) { if seen.insert(s).inserted { misses.append(s) } }

    func hole(_ s: String) -> String {
      if p.useLabels, let l = p.labels[s] { return l }
      if let n = Presentation.number(s, language: p.language) { return n }
      // A list of clauses ("method; note; note") is translated clause by clause.
      let clauses = Presentation.clauses(s)
      if clauses.count > 1 { return clauses.map(hole).joined(separator: "; ") }
      if let t = Catalogue.german.translate(s, to: p.language, hole: hole) { return t }
      // Data (a name, a file, a rule, the codebook's own texts) stays as it is; English prose
      // that a hole captured and nothing translated is a miss like any other.
      if p.language != .en && !p.texts.contains(s) && Presentation.isEnglishProse(s) { miss(s) }
      return s
    }
    func text(_ s: String) -> String {
      guard !s.isEmpty else { return s }
      // English as the library writes it, except where the catalogue has a display form
      // (readable headers in XLSX, LaTeX and the HTML report).
      if p.language == .en { return p.headers == .display ? (Catalogue.german.translate(s, to: .en, hole: hole) ?? s) : s }
      if let t = Catalogue.german.translate(s, to: p.language, hole: hole) { return t }
      miss(s)
      return s
    }
    func headerHole(_ s: String) -> String {
      if let l = p.labels[s] { return p.useLabels ? l : s }
      if let n = Presentation.number(s, language: p.language) { return n }
      if let t = Catalogue.headers.translate(s, to: p.language, hole: headerHole) { return t }
      return hole(s)
    }
    func header(_ name: String) -> String {
      if name.isEmpty { return name }
      if let l = p.labels[name] { return p.useLabels ? l : name }
      if let n = Presentation.number(name, language: p.language) { return n }
      if let t = Catalogue.headers.translate(name, to: p.language, hole: headerHole) { return t }
      miss(name)
      return name
    }
    func cell(_ s: String, translatable: Bool) -> String {
      if p.useLabels, let l = p.labels[s] { return l }
      guard translatable, p.language != .en, !s.isEmpty else { return s }
      if let t = Catalogue.german.translate(s, to: p.language, hole: hole) { return t }
      if Presentation.isData(s) { return s }
      miss(s)
      return s
    }

    var out = self
    out.title = text(title)
    out.banner = banner.map(text)
    for k in out.tables.indices {
      var t = out.tables[k]
      let translatable = t.columns.map { Catalogue.translatableColumns.contains($0.name) }
      t.title = text(t.title)
      if p.headers == .display {
        for j in t.columns.indices {
          t.columns[j].label = header(t.columns[j].name)
          if let jh = t.columns[j].joinedHeader { t.columns[j].joinedHeader = header(jh) }
        }
      } else if p.useLabels {
        for j in t.columns.indices where p.labels[t.columns[j].name] != nil { t.columns[j].label = p.labels[t.columns[j].name] }
      }
      if p.useLabels || p.language != .en {
        for r in t.rows.indices {
          for j in t.rows[r].indices {
            if case .text(let s) = t.rows[r][j] { t.rows[r][j] = .text(cell(s, translatable: translatable[j])) }
          }
        }
      }
      t.notes = t.notes.map(text)
      if ReportRenderer.usesSuppression(t) && !t.notes.contains(where: { $0.hasPrefix(ReportRenderer.suppressedSymbol) }) {
        t.notes.append(text(ReportRenderer.suppressedFootnote))
      }
      out.tables[k] = t
    }
    return (out, misses)
  }
}

extension Presentation {
  /// `s` formatted as a number for `language` when it is one (digits, one '.', sign, exponent),
  /// else nil. German uses a decimal comma.
  static func number(_ s: String, language: ReportLanguage) -> String? {
    guard !s.isEmpty, s.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == 46 || $0 == 45 || $0 == 43 || $0 == 101 }),
          s.utf8.contains(where: { $0 >= 48 && $0 <= 57 }), Double(s) != nil else { return nil }
    return language == .de ? s.replacingOccurrences(of: ".", with: ",") : s
  }

  /// English function words that no German text or codebook label of ours uses as a word.
  static let englishWords: Set<Substring> = ["the", "of", "and", "with", "from", "over", "are", "is", "which", "by", "for", "when",
                                             "each", "every", "without", "its", "their", "per", "left", "kept", "given"]

  /// True when `s` reads as English prose (at least one English function word as a word): text
  /// that a template's hole captured and nothing translated, e.g. a variance method's description.
  static func isEnglishProse(_ s: String) -> Bool {
    s.split(whereSeparator: { !$0.isLetter }).contains { englishWords.contains($0) }
  }

  /// `s` split at "; " outside parentheses and quotes (the clauses of a method description).
  static func clauses(_ s: String) -> [String] {
    var out: [String] = [], current = "", depth = 0, quoted = false
    let it = Array(s)
    var i = 0
    while i < it.count {
      let c = it[i]
      if c == "'" { quoted.toggle() }
      if !quoted { if c == "(" { depth += 1 } else if c == ")" { depth = Swift.max(0, depth - 1) } }
      if c == ";", depth == 0, !quoted, i + 1 < it.count, it[i + 1] == " " {
        out.append(current); current = ""; i += 2; continue
      }
      current.append(c)
      i += 1
    }
    out.append(current)
    return out
  }

  /// Cells that are data rather than words: numbers, ranges of numbers, file locations.
  static func isData(_ s: String) -> Bool {
    !s.unicodeScalars.contains { $0.properties.isAlphabetic }
  }
}

import Codebook
import DataIO
import LinearAlgebra

/// Whether the codebook's case rules are applied when a study is loaded.
public enum CaseSelectionMode: String, Sendable, Equatable, CaseIterable {
  /// Apply the codebook's `cases:` rules (the default).
  case declared
  /// Keep every row of the files (`--cases all`): the unfiltered data.
  case all
}

/// What case selection did: rows read, rows dropped per rule, and the dropped rows themselves.
public struct CaseSelectionReport: Sendable {
  public struct RuleCount: Sendable, Equatable {
    /// The rule as written ("keep FINISHED == 1").
    public var rule: String
    /// The file the rule belongs to (nil: a rule of the whole study).
    public var file: String?
    /// Where the rule is written (codebook:line).
    public var origin: String
    /// Rows the rule looked at (those the earlier rules kept).
    public var considered: Int
    /// Rows it dropped (straightliners: flag counts the rows it flagged).
    public var dropped: Int
    /// True for a rule that only flags (`straightliners: flag`).
    public var flagOnly: Bool = false
  }

  /// A dropped row: where it was, whose it was and which rule dropped it.
  public struct DroppedRow: Sendable, Equatable {
    public var source: RowSource
    public var respondent: String
    public var wave: Int?
    public var rule: String
  }

  public var mode: CaseSelectionMode
  /// Rows in the files read.
  public var rowsRead: Int
  /// Rows kept.
  public var rowsKept: Int
  public var rules: [RuleCount]
  public var dropped: [DroppedRow]
  /// Number of rules the codebook declares (also when `mode` is `.all`).
  public var declaredRules: Int

  /// The footnote every report carries when case rules exist or `--cases all` is given; nil otherwise.
  public var footnote: String? {
    if mode == .all {
      return declaredRules == 0 ? nil
        : "cases: all \(rowsRead) rows of the files (--cases all: the codebook's \(declaredRules) case rule(s) are not applied)"
    }
    guard !rules.isEmpty else { return nil }
    // Rule texts come from the codebook and stay as written; the words around them have German
    // entries (Catalogue+German), so the counts follow the quoted rule.
    let dropped = rules.filter { !$0.flagOnly }.map { "'\($0.rule)' \($0.dropped)" }
    let flagged = rules.filter { $0.flagOnly && $0.dropped > 0 }.map { "'\($0.rule)' \($0.dropped)" }
    var text = "cases: \(rowsRead) rows read, \(rowsKept) kept"
    if !dropped.isEmpty { text += "; dropped per rule: " + dropped.joined(separator: ", ") }
    if !flagged.isEmpty { text += "; flagged: " + flagged.joined(separator: ", ") }
    return text
  }
}

/// Applies case rules to the rows of a study being assembled.
struct CaseSelector {
  /// Per file: the columns the rules read, by the name used in the rule.
  let columns: [[String: ColumnValues]]
  let fileRanges: [Range<Int>]
  let files: [String]
  let lines: [Int32]
  let waves: [Int?]
  let ids: ColumnValues
  let study: Study
  let items: Matrix
  let status: [UInt8]

  /// Runs the file rules, then the study rules. Returns the keep mask and the report parts.
  func run(fileRules: [[CaseRule]], studyRules: [CaseRule]) throws(IngestError)
    -> (keep: [Bool], counts: [CaseSelectionReport.RuleCount], dropped: [CaseSelectionReport.DroppedRow])
  {
    let n = lines.count
    var keep = [Bool](repeating: true, count: n)
    var counts: [CaseSelectionReport.RuleCount] = []
    var dropped: [CaseSelectionReport.DroppedRow] = []
    func drop(_ r: Int, _ rule: CaseRule) {
      keep[r] = false
      dropped.append(.init(source: RowSource(file: files[fileIndex(r)], line: Int(lines[r])), respondent: ids.text(at: r).trimmingWhitespace(),
                           wave: waves[r], rule: rule.text))
    }
    for (f, rules) in fileRules.enumerated() {
      for rule in rules {
        let (considered, hit) = try apply(rule, scope: [f], keep: keep)
        for r in hit where rule.dropsRows { drop(r, rule) }
        counts.append(.init(rule: rule.text, file: files[f], origin: "\(rule.file):\(rule.line)", considered: considered,
                            dropped: hit.count, flagOnly: !rule.dropsRows))
      }
    }
    for rule in studyRules {
      let (considered, hit) = try apply(rule, scope: Array(files.indices), keep: keep)
      for r in hit where rule.dropsRows { drop(r, rule) }
      counts.append(.init(rule: rule.text, file: nil, origin: "\(rule.file):\(rule.line)", considered: considered,
                          dropped: hit.count, flagOnly: !rule.dropsRows))
    }
    return (keep, counts, dropped)
  }

  func fileIndex(_ r: Int) -> Int {
    var lo = 0, hi = fileRanges.count - 1
    while lo < hi {
      let mid = (lo + hi + 1) / 2
      if fileRanges[mid].lowerBound <= r { lo = mid } else { hi = mid - 1 }
    }
    return lo
  }

  /// The rows (among the kept ones of the files in `scope`) the rule hits.
  func apply(_ rule: CaseRule, scope: [Int], keep: [Bool]) throws(IngestError) -> (considered: Int, hits: [Int]) {
    var considered = 0
    var hits: [Int] = []
    switch rule.kind {
    case .keep(let conditions), .drop(let conditions):
      let isKeep: Bool
      if case .keep = rule.kind { isKeep = true } else { isKeep = false }
      for f in scope {
        let tests = conditions.map { c in (c, columns[f][c.column] ?? .blank(fileRanges[f].count)) }
        let results = tests.map { (c, col) in evaluate(c, col) }
        for (k, r) in fileRanges[f].enumerated() where keep[r] {
          considered += 1
          let all = results.allSatisfy { $0[k] }
          if all != isKeep { hits.append(r) }
        }
      }
    case .speeders(let s):
      for f in scope {
        guard let col = columns[f][s.column] else { continue }
        let x = col.numbers
        var threshold = 0.0
        if case .belowMedianShare(let share) = s.threshold {
          let alive = fileRanges[f].enumerated().filter { keep[$0.element] && x[$0.offset].isFinite }.map { x[$0.offset] }.sorted()
          guard !alive.isEmpty else { continue }
          let m = alive.count % 2 == 1 ? alive[alive.count / 2] : (alive[alive.count / 2 - 1] + alive[alive.count / 2]) / 2
          threshold = share * m
        }
        for (k, r) in fileRanges[f].enumerated() where keep[r] {
          considered += 1
          let v = x[k]
          guard v.isFinite else { continue }
          switch s.threshold {
          case .above(let t): if v > t { hits.append(r) }
          case .below(let t): if v < t { hits.append(r) }
          case .belowMedianShare: if v < threshold { hits.append(r) }
          }
        }
      }
    case .duplicates(let policy):
      var groups: [String: [Int]] = [:]
      var order: [String] = []
      for f in scope {
        for r in fileRanges[f] where keep[r] {
          considered += 1
          let id = ids.text(at: r).trimmingWhitespace()
          guard !id.isEmpty else { continue }
          let key = "\(waves[r].map(String.init) ?? "")\u{1F}\(id)"
          if groups[key] == nil { order.append(key) }
          groups[key, default: []].append(r)
        }
      }
      let duplicated = order.compactMap { groups[$0] }.filter { $0.count > 1 }
      if policy == .error, let first = duplicated.first {
        throw .duplicateRespondents(rule: rule.text, count: duplicated.count, first: ids.text(at: first[0]).trimmingWhitespace(),
                                    locations: first.map { "\(files[fileIndex($0)]):\(lines[$0])" })
      }
      for g in duplicated { hits += policy == .first ? Array(g.dropFirst()) : Array(g.dropLast()) }
      hits.sort()
    case .straightLiners:
      let index = Dictionary(study.items.enumerated().map { ($0.element.id, $0.offset) }, uniquingKeysWith: { a, _ in a })
      let blocks = study.blocks.filter { $0.items.count >= 3 }.map { $0.items.compactMap { index[$0] } }
      let n = lines.count
      for f in scope {
        for r in fileRanges[f] where keep[r] {
          considered += 1
          if blocks.contains(where: { cols in isStraightLine(row: r, columns: cols, rows: n) }) { hits.append(r) }
        }
      }
    }
    return (considered, hits)
  }

  /// The same valid answer in every item of the block.
  func isStraightLine(row r: Int, columns cols: [Int], rows n: Int) -> Bool {
    guard let c0 = cols.first, status[c0 * n + r] == CellStatus.valid else { return false }
    let first = items[r, c0]
    return cols.allSatisfy { status[$0 * n + r] == CellStatus.valid && items[r, $0] == first }
  }

  /// The condition per cell of a column (numbers compare numerically; text after trimming).
  func evaluate(_ c: CaseCondition, _ column: ColumnValues) -> [Bool] {
    switch (c.value, column) {
    case (.number, .numeric(let v)):
      return v.map { c.holds(number: $0) }
    case (.number, .categorical(let codes, let levels)):
      let perLevel = levels.map { c.holds(number: ItemDecoder.number($0.trimmingWhitespace()) ?? .nan) }
      return codes.map { perLevel[Int($0)] }
    case (.number, _):
      return (0..<column.count).map { c.holds(number: ItemDecoder.number(column.text(at: $0).trimmingWhitespace()) ?? .nan) }
    case (.text, .categorical(let codes, let levels)):
      let perLevel = levels.map { c.holds(text: $0.trimmingWhitespace()) }
      return codes.map { perLevel[Int($0)] }
    case (.text, _):
      return (0..<column.count).map { c.holds(text: column.text(at: $0).trimmingWhitespace()) }
    }
  }
}

extension CaseRule {
  /// False for rules that only flag rows.
  var dropsRows: Bool {
    if case .straightLiners(.flag) = kind { return false }
    return true
  }
}

/// The dropped-rows file of `trustmetrics check --dropped FILE`.
public enum CaseSelectionFile {
  /// CSV with header `file,line,wave,respondent,rule`, one record per dropped row (file order).
  /// Respondent-level microdata: for finding the rows in the raw export, never for publication.
  public static func csv(_ report: CaseSelectionReport) -> String {
    var rows: [[String]] = [["file", "line", "wave", "respondent", "rule"]]
    for d in report.dropped.sorted(by: { ($0.source.file, $0.source.line) < ($1.source.file, $1.source.line) }) {
      rows.append([d.source.file, String(d.source.line), d.wave.map(String.init) ?? "", d.respondent, d.rule])
    }
    return CSVWriter.write(rows: rows)
  }
}

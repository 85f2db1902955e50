import Foundation

/// A case-selection rule of the codebook (`cases:`), applied when a study is loaded.
///
/// Rules run in the order written, each on the rows the earlier ones kept: a file's own rules
/// first (`files[i].cases`), then the study's. Every rule is counted in `trustmetrics check`
/// and named under every report; `--cases all` switches them off, `--dropped FILE` lists the
/// rows each one dropped.
///
/// ```yaml
/// cases:
///   - keep: FINISHED == 1                 # SoSci Survey: reached the last page
///   - drop: MODE == "pretest"
///   - keep: ["LASTPAGE >= 5", "QUESTNNR == base"]   # a list: all must hold
///   - duplicates: first                   # first | last | error (same respondent id in a wave)
///   - speeders: {column: TIME_RSI, above: 2.0}        # a relative speed index
///   - speeders: {column: interviewtime, below: 120}   # seconds
///   - speeders: {column: interviewtime, below_median: 0.4}   # under 40 % of the file's median time
///   - straightliners: drop                # flag | drop
/// ```
public struct CaseRule: Sendable, Equatable {
  /// What the rule does.
  public enum Kind: Sendable, Equatable {
    /// Keep the rows where every condition holds; drop the others.
    case keep([CaseCondition])
    /// Drop the rows where every condition holds.
    case drop([CaseCondition])
    /// Rows that share a respondent id within a wave: keep the first, the last, or refuse to load.
    case duplicates(DuplicatePolicy)
    /// Drop respondents who answered too fast.
    case speeders(SpeederRule)
    /// Respondents who gave the same valid answer to every item of a block of three or more
    /// items: listed (`flag`) or dropped.
    case straightLiners(StraightLinerPolicy)
  }

  public var kind: Kind
  /// The rule as written, for reports and the dropped-rows file (e.g. "keep FINISHED == 1").
  public var text: String
  /// Where the rule is written (codebook file and line).
  public var file: String
  public var line: Int

  public init(kind: Kind, text: String, file: String = "", line: Int = 0) {
    self.kind = kind
    self.text = text
    self.file = file
    self.line = line
  }

  /// The data columns the rule reads (codebook ids or file columns).
  public var columns: [String] {
    switch kind {
    case .keep(let c), .drop(let c): c.map(\.column)
    case .speeders(let s): [s.column]
    case .duplicates, .straightLiners: []
    }
  }
}

/// Comparison operators of case conditions.
public enum ComparisonOperator: String, Sendable, Equatable, CaseIterable {
  case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
}

/// `COLUMN op VALUE`, e.g. `FINISHED == 1`, `MODE != "pretest"`, `LASTPAGE >= 5`.
///
/// A number compares numerically: a cell that is blank or not a number never satisfies it
/// (for any operator). Text (quoted or not) compares with `==` / `!=` after trimming
/// surrounding blanks; `""` matches a blank cell.
public struct CaseCondition: Sendable, Equatable {
  public enum Value: Sendable, Equatable {
    case number(Double)
    case text(String)
  }
  public var column: String
  public var comparison: ComparisonOperator
  public var value: Value

  public init(column: String, comparison: ComparisonOperator, value: Value) {
    self.column = column
    self.comparison = comparison
    self.value = value
  }

  /// Parses `COLUMN op VALUE`; nil with a reason when the text is not a condition.
  public static func parse(_ text: String) -> Result<CaseCondition, CaseConditionSyntaxError> {
    let s = text.trimmingCharacters(in: .whitespaces)
    // Two-character operators first, so that "<=" is not read as "<".
    let ops: [ComparisonOperator] = [.equal, .notEqual, .lessOrEqual, .greaterOrEqual, .less, .greater]
    var best: (Range<String.Index>, ComparisonOperator)? = nil
    for op in ops {
      guard let r = firstOutsideQuotes(op.rawValue, in: s) else { continue }
      if best.map({ r.lowerBound < $0.0.lowerBound }) ?? true { best = (r, op) }
    }
    guard let (range, op) = best else {
      return .failure(.init(reason: "no comparison (==, !=, <, <=, >, >=)"))
    }
    let column = s[..<range.lowerBound].trimmingCharacters(in: .whitespaces)
    var rhs = s[range.upperBound...].trimmingCharacters(in: .whitespaces)
    guard !column.isEmpty else { return .failure(.init(reason: "no column before '\(op.rawValue)'")) }
    var quoted = false
    if rhs.count >= 2, let f = rhs.first, f == "\"" || f == "'", rhs.last == f {
      rhs = String(rhs.dropFirst().dropLast())
      quoted = true
    }
    if !quoted && rhs.isEmpty { return .failure(.init(reason: "no value after '\(op.rawValue)'")) }
    let value: Value
    if !quoted, let x = Double(rhs.replacingComma()), x.isFinite {
      value = .number(x)
    } else {
      guard op == .equal || op == .notEqual else {
        return .failure(.init(reason: "'\(op.rawValue)' needs a number; text compares only with == or !="))
      }
      value = .text(rhs)
    }
    return .success(CaseCondition(column: column, comparison: op, value: value))
  }

  private static func firstOutsideQuotes(_ op: String, in s: String) -> Range<String.Index>? {
    var quote: Character? = nil
    var i = s.startIndex
    while i < s.endIndex {
      let c = s[i]
      if let q = quote {
        if c == q { quote = nil }
      } else if c == "\"" || c == "'" {
        quote = c
      } else if s[i...].hasPrefix(op) {
        return i..<s.index(i, offsetBy: op.count)
      }
      i = s.index(after: i)
    }
    return nil
  }

  /// The condition as written back (`FINISHED == 1`, `MODE != "pretest"`).
  public var text: String {
    switch value {
    case .number(let x): "\(column) \(comparison.rawValue) \(formatCode(x))"
    case .text(let t): "\(column) \(comparison.rawValue) \"\(t)\""
    }
  }

  /// Whether a numeric cell satisfies the condition (NaN never does).
  public func holds(number x: Double) -> Bool {
    guard case .number(let v) = value, !x.isNaN else { return false }
    switch comparison {
    case .equal: return x == v
    case .notEqual: return x != v
    case .less: return x < v
    case .lessOrEqual: return x <= v
    case .greater: return x > v
    case .greaterOrEqual: return x >= v
    }
  }

  /// Whether a text cell (already trimmed) satisfies a text condition.
  public func holds(text t: String) -> Bool {
    guard case .text(let v) = value else { return false }
    return comparison == .equal ? t == v : t != v
  }
}

/// Why a case condition could not be read.
public struct CaseConditionSyntaxError: Error, Sendable, Equatable {
  public var reason: String
}

/// What to do with rows that share a respondent id within a wave.
public enum DuplicatePolicy: String, Sendable, Equatable, CaseIterable {
  /// Keep the first row (file order), drop the later ones.
  case first
  /// Keep the last row, drop the earlier ones.
  case last
  /// Refuse to load the study and list the duplicates.
  case error
}

/// What to do with straight-liners.
public enum StraightLinerPolicy: String, Sendable, Equatable, CaseIterable {
  /// List them in `check` (as without a rule) and keep them.
  case flag
  /// Drop them.
  case drop
}

/// A speeder threshold on one column.
public struct SpeederRule: Sendable, Equatable {
  public enum Threshold: Sendable, Equatable {
    /// A relative speed index (higher = faster, e.g. SoSci Survey's TIME_RSI, DEG_TIME):
    /// rows above the value are speeders.
    case above(Double)
    /// A time in seconds: rows below the value are speeders.
    case below(Double)
    /// A time: rows below this share of the median time of their file are speeders.
    case belowMedianShare(Double)
  }
  public var column: String
  public var threshold: Threshold
  public init(column: String, threshold: Threshold) {
    self.column = column
    self.threshold = threshold
  }
}

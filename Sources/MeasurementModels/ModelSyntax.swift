import Foundation

/// A located error in a model file (lavaan syntax subset): 1-based line and column, the token.
public struct ModelSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
  public var file: String?
  public var line: Int
  public var column: Int
  public var token: String
  public var message: String

  public var description: String {
    "\(file.map { "\($0):" } ?? "")\(line):\(column): \(message) (at '\(token)'); allowed: "
      + "'f =~ [1*|NA*|label*]x + …', 'x ~~ [value*|label*]y', 'x ~ 1', comments after #"
  }
}

/// What a model statement's right-hand-side term carries before its `*`.
public enum TermModifier: Sendable, Equatable, Hashable {
  /// `1*x`: the parameter is fixed to the value.
  case fixed(Double)
  /// `a*x`: the parameter is free and named; parameters sharing a name are equal.
  case label(String)
  /// `NA*x`: the parameter is free even where it would be fixed by default (the marker loading).
  case free
}

/// The operators of the supported lavaan subset.
public enum ModelOperator: String, Sendable, Equatable, Hashable {
  /// `f =~ x1 + x2`: factor measured by indicators (loadings).
  case measuredBy = "=~"
  /// `x ~~ y`: (residual) variance or covariance.
  case covaries = "~~"
  /// `x ~ 1`: intercept (observed) or mean (factor).
  case intercept = "~1"
}

/// One right-hand-side term: a variable with an optional modifier.
public struct ModelTerm: Sendable, Equatable {
  public var variable: String
  public var modifier: TermModifier?
  public var line: Int
  public var column: Int
}

/// One statement of a model: `lhs op term + term …`.
public struct ModelStatement: Sendable, Equatable {
  public var lhs: String
  public var op: ModelOperator
  public var terms: [ModelTerm]
  public var line: Int
  public var column: Int
}

/// A parsed measurement model in lavaan's syntax subset.
///
/// Supported: `=~` (loadings; the first indicator's loading is fixed to 1 unless `NA*` frees it,
/// as lavaan's `auto.fix.first`), `~~` (variances and covariances), `~ 1` (intercepts), the
/// modifiers `value*` (fixed), `label*` (named; equal labels = equal parameters, in every group as
/// lavaan) and `NA*` (free). Statements are separated by new lines or `;`; a line ending in `+`
/// or an operator continues on the next line; `#` starts a comment. Regressions (`~` with a
/// variable), defined parameters (`:=`), constraints (`==`, `<`, `>`), thresholds (`|`) and
/// per-group modifier vectors `c(…)` are refused with the line, column and token.
public struct ModelSyntax: Sendable, Equatable {
  public var statements: [ModelStatement]

  public init(statements: [ModelStatement]) { self.statements = statements }

  /// Parses model text; `file` is only used in error messages.
  public init(parsing text: String, file: String? = nil) throws(ModelSyntaxError) {
    var statements: [ModelStatement] = []
    // Logical statements: split on newlines and ';', joining continuation lines.
    var pending: [(text: Substring, line: Int, column: Int)] = []
    func flush() throws(ModelSyntaxError) {
      guard !pending.isEmpty else { return }
      let parts = pending
      pending = []
      statements.append(try Self.parseStatement(parts, file: file))
    }
    let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
    for (li, rawLine) in lines.enumerated() {
      var line = rawLine
      if let hash = line.firstIndex(where: { $0 == "#" || $0 == "!" }) { line = line[..<hash] }
      var start = line.startIndex
      var segments: [(Substring, Int)] = []
      for idx in line.indices where line[idx] == ";" {
        segments.append((line[start..<idx], line.distance(from: line.startIndex, to: start) + 1))
        start = line.index(after: idx)
      }
      segments.append((line[start...], line.distance(from: line.startIndex, to: start) + 1))
      for (si, (seg, col)) in segments.enumerated() {
        let trimmed = seg.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { if si < segments.count - 1 { try flush() }; continue }
        let continues = !pending.isEmpty && Self.endsOpen(pending.map(\.text).joined(separator: " "))
        if !continues { try flush() }
        pending.append((seg, li + 1, col))
        if si < segments.count - 1 { try flush() }
      }
    }
    try flush()
    guard !statements.isEmpty else {
      throw ModelSyntaxError(file: file, line: 1, column: 1, token: "", message: "the model has no statements")
    }
    self.statements = statements
  }

  static func endsOpen(_ s: String) -> Bool {
    let t = s.trimmingCharacters(in: .whitespaces)
    return t.hasSuffix("+") || t.hasSuffix("=~") || t.hasSuffix("~~") || t.hasSuffix("~") || t.hasSuffix("*")
  }

  // MARK: tokenizer

  enum Token: Equatable { case name(String), number(Double), op(String), plus, star, lparen, rparen, comma, other(String) }
  struct Located { var token: Token; var text: String; var line: Int; var column: Int }

  static func tokenize(_ parts: [(text: Substring, line: Int, column: Int)], file: String?) throws(ModelSyntaxError) -> [Located] {
    var out: [Located] = []
    for part in parts {
      let chars = Array(part.text)
      var i = 0
      while i < chars.count {
        let c = chars[i]
        let col = part.column + i
        if c == " " || c == "\t" || c == "\r" { i += 1; continue }
        if c.isLetter || c == "_" || c == "." {
          var j = i
          while j < chars.count && (chars[j].isLetter || chars[j].isNumber || chars[j] == "_" || chars[j] == ".") { j += 1 }
          let s = String(chars[i..<j])
          out.append(Located(token: .name(s), text: s, line: part.line, column: col))
          i = j
          continue
        }
        if c.isNumber || (c == "-" && i + 1 < chars.count && (chars[i + 1].isNumber || chars[i + 1] == ".")) {
          var j = i + 1
          while j < chars.count && (chars[j].isNumber || chars[j] == "." || chars[j] == "e" || chars[j] == "E"
            || ((chars[j] == "-" || chars[j] == "+") && (chars[j - 1] == "e" || chars[j - 1] == "E"))) { j += 1 }
          let s = String(chars[i..<j])
          guard let v = Double(s) else {
            throw ModelSyntaxError(file: file, line: part.line, column: col, token: s, message: "not a number")
          }
          out.append(Located(token: .number(v), text: s, line: part.line, column: col))
          i = j
          continue
        }
        let two = i + 1 < chars.count ? String(chars[i...i + 1]) : String(c)
        switch two {
        case "=~", "~~", ":=", "==", "<=", ">=", "~*":
          out.append(Located(token: .op(two), text: two, line: part.line, column: col)); i += 2; continue
        default: break
        }
        switch c {
        case "~", "|", "<", ">", "=": out.append(Located(token: .op(String(c)), text: String(c), line: part.line, column: col))
        case "+": out.append(Located(token: .plus, text: "+", line: part.line, column: col))
        case "*": out.append(Located(token: .star, text: "*", line: part.line, column: col))
        case "(": out.append(Located(token: .lparen, text: "(", line: part.line, column: col))
        case ")": out.append(Located(token: .rparen, text: ")", line: part.line, column: col))
        case ",": out.append(Located(token: .comma, text: ",", line: part.line, column: col))
        default: out.append(Located(token: .other(String(c)), text: String(c), line: part.line, column: col))
        }
        i += 1
      }
    }
    return out
  }

  static func parseStatement(_ parts: [(text: Substring, line: Int, column: Int)], file: String?) throws(ModelSyntaxError) -> ModelStatement {
    let toks = try tokenize(parts, file: file)
    func fail(_ t: Located?, _ msg: String) -> ModelSyntaxError {
      let last = toks.last
      return ModelSyntaxError(file: file, line: t?.line ?? last?.line ?? parts[0].line,
                              column: t?.column ?? ((last?.column ?? 0) + (last?.text.count ?? 0)),
                              token: t?.text ?? "end of statement", message: msg)
    }
    guard let first = toks.first else { throw fail(nil, "empty statement") }
    guard case .name(let lhs) = first.token else { throw fail(first, "a statement starts with a variable name") }
    guard toks.count >= 2 else { throw fail(nil, "expected an operator (=~, ~~ or ~ 1) after '\(lhs)'") }
    let opTok = toks[1]
    let op: ModelOperator
    switch opTok.token {
    case .op("=~"): op = .measuredBy
    case .op("~~"): op = .covaries
    case .op("~"): op = .intercept
    case .op(let o) where o == ":=" || o == "==" || o == "<" || o == ">" || o == "<=" || o == ">=":
      throw fail(opTok, "defined parameters and constraints are not supported; equal labels make parameters equal")
    case .op("|"): throw fail(opTok, "thresholds are set by the estimator for ordinal items, not in the model")
    case .op("~*"): throw fail(opTok, "scaling factors are not supported")
    default: throw fail(opTok, "expected an operator (=~, ~~ or ~ 1)")
    }
    var terms: [ModelTerm] = []
    var i = 2
    while true {
      guard i < toks.count else { throw fail(nil, "expected a term") }
      var modifier: TermModifier? = nil
      var t = toks[i]
      if i + 1 < toks.count, toks[i + 1].token == .star {
        switch t.token {
        case .number(let v): modifier = .fixed(v)
        case .name("NA"): modifier = .free
        case .name(let s): modifier = .label(s)
        case .name("c"), .lparen: throw fail(t, "modifier vectors c(…) are not supported")
        default: throw fail(t, "a modifier is a number, a label or NA")
        }
        i += 2
        guard i < toks.count else { throw fail(nil, "expected a variable after '*'") }
        t = toks[i]
      } else if case .name("c") = t.token, i + 1 < toks.count, toks[i + 1].token == .lparen {
        throw fail(t, "modifier vectors c(…) are not supported")
      }
      switch (op, t.token) {
      case (.intercept, .number(1)):
        terms.append(ModelTerm(variable: "1", modifier: modifier, line: t.line, column: t.column))
      case (.intercept, _):
        throw fail(t, "regressions are not supported; '~' is only allowed as 'x ~ 1' (intercept)")
      case (_, .name(let v)) where v != "NA":
        terms.append(ModelTerm(variable: v, modifier: modifier, line: t.line, column: t.column))
      default:
        throw fail(t, "expected a variable name")
      }
      i += 1
      if i == toks.count { break }
      guard toks[i].token == .plus else { throw fail(toks[i], "expected '+' or the end of the statement") }
      i += 1
    }
    if op == .intercept && terms.count != 1 { throw fail(toks[2], "an intercept statement is 'x ~ 1'") }
    return ModelStatement(lhs: lhs, op: op, terms: terms, line: first.line, column: first.column)
  }
}

import Foundation

/// Why a measurement model could not be built or fitted.
public enum MeasurementModelError: Error, Sendable, Equatable, CustomStringConvertible {
  case syntax(ModelSyntaxError)
  /// A variable of the model is not among the data's columns.
  case unknownVariable(String, line: Int, column: Int)
  /// A factor has no indicators.
  case factorWithoutIndicators(String)
  /// A group has too few complete respondents to estimate its model.
  case groupTooSmall(group: String, n: Int, needed: Int)
  /// The model has more free parameters than sample moments.
  case notIdentified(parameters: Int, moments: Int)
  /// The optimiser did not converge.
  case notConverged(iterations: Int, gradient: Double)
  /// The sample covariance matrix (or the implied one) is not positive definite.
  case notPositiveDefinite(String)
  /// A `--free` parameter does not exist in the model or is not constrained.
  case unknownParameter(String)
  /// An item has no variance in a group or overall.
  case noVariance(item: String, group: String)
  /// An ordinal item without any answer in one of its categories in a group (a threshold would be ±∞).
  case emptyCategory(item: String, group: String, category: Int, categories: Int, frequencies: [Int])
  /// A scale (or other named part of the request) that the study does not have.
  case unknownScale(String, available: [String])
  /// Anything else that makes the request impossible, with the reason.
  case invalid(String)

  public var description: String {
    switch self {
    case .syntax(let e): return e.description
    case .unknownVariable(let v, let l, let c): return "\(l):\(c): '\(v)' is neither a factor nor a data column"
    case .factorWithoutIndicators(let f): return "factor '\(f)' has no indicators"
    case .groupTooSmall(let g, let n, let k):
      return "group '\(g)' has \(n) respondents with data; a group model needs at least \(k)"
    case .notIdentified(let p, let m): return "the model has \(p) free parameters but only \(m) sample moments"
    case .notConverged(let i, let g): return "the estimation did not converge in \(i) iterations (max |gradient| \(g))"
    case .notPositiveDefinite(let what): return "\(what) is not positive definite"
    case .unknownParameter(let p):
      return "'\(p)' is not a parameter constrained equal across groups (write e.g. 'f=~x2' or 'x2~1' or 'x2~~x2')"
    case .noVariance(let i, let g): return "item '\(i)' has no variance in group '\(g)'"
    case .emptyCategory(let i, let g, let k, let n, let f):
      return "item '\(i)' has no answer in category \(k) of \(n) in group '\(g)' (frequencies \(f)); merge categories or leave the group out"
    case .unknownScale(let s, let a): return "unknown scale '\(s)'; scales: \(a.joined(separator: ", "))"
    case .invalid(let s): return s
    }
  }
}

/// The kind of a model parameter, with 0-based item and factor indices.
public enum ParameterKind: Sendable, Equatable, Hashable {
  /// λ[item, factor].
  case loading(item: Int, factor: Int)
  /// Θ[i, k] (i ≥ k): residual variance or covariance of observed items.
  case residual(Int, Int)
  /// Ψ[j, l] (j ≥ l): factor variance or covariance.
  case factorCovariance(Int, Int)
  /// ν[item].
  case intercept(Int)
  /// α[factor].
  case latentMean(Int)
}

/// One row of the parameter table (lavaan `parTable`): per group, fixed or free.
public struct ModelParameter: Sendable, Equatable {
  /// 0-based group.
  public var group: Int
  public var kind: ParameterKind
  public var lhs: String
  public var op: String
  public var rhs: String
  public var label: String?
  /// Index into the free-parameter vector (shared by equal parameters); nil when fixed.
  public var free: Int?
  /// Fixed value, or start value of a free parameter.
  public var value: Double

  /// lavaan's name of the parameter, e.g. `visual=~x2`, `x2~~x2`, `x2~1`.
  public var name: String { op == "~1" ? "\(lhs)~1" : "\(lhs)\(op)\(rhs)" }
}

/// Sets of parameters constrained equal across groups (lavaan `group.equal`).
public struct GroupEquality: OptionSet, Sendable, Hashable {
  public let rawValue: Int
  public init(rawValue: Int) { self.rawValue = rawValue }
  public static let loadings = GroupEquality(rawValue: 1)
  public static let intercepts = GroupEquality(rawValue: 2)
  public static let residuals = GroupEquality(rawValue: 4)
  public static let residualCovariances = GroupEquality(rawValue: 8)
  public static let factorVariances = GroupEquality(rawValue: 16)
  public static let factorCovariances = GroupEquality(rawValue: 32)
  public static let means = GroupEquality(rawValue: 64)
  /// Ordinal items: thresholds (WLSMV).
  public static let thresholds = GroupEquality(rawValue: 128)
}

/// A measurement model specification: factors, indicators and user statements, independent of data.
public struct MeasurementModel: Sendable, Equatable {
  /// Observed variables in the order of first appearance (lavaan's order).
  public var observed: [String]
  public var factors: [String]
  /// (factor, indicator, modifier) in statement order.
  public var loadings: [(factor: Int, item: Int, modifier: TermModifier?)]
  /// Extra `~~` statements: variances and covariances of items or factors.
  public var covariances: [(lhs: String, rhs: String, modifier: TermModifier?)]
  /// Extra `~ 1` statements.
  public var intercepts: [(variable: String, modifier: TermModifier?)]

  public static func == (a: MeasurementModel, b: MeasurementModel) -> Bool {
    a.observed == b.observed && a.factors == b.factors
      && a.loadings.map { "\($0.factor),\($0.item),\(String(describing: $0.modifier))" }
        == b.loadings.map { "\($0.factor),\($0.item),\(String(describing: $0.modifier))" }
      && a.covariances.map { "\($0.lhs)~~\($0.rhs)\(String(describing: $0.modifier))" }
        == b.covariances.map { "\($0.lhs)~~\($0.rhs)\(String(describing: $0.modifier))" }
  }

  /// Builds the model from parsed syntax; every variable that is not a factor must be in `columns`
  /// (when given).
  public init(syntax: ModelSyntax, columns: [String]? = nil) throws(MeasurementModelError) {
    var factors: [String] = []
    for s in syntax.statements where s.op == .measuredBy && !factors.contains(s.lhs) { factors.append(s.lhs) }
    var observed: [String] = []
    func noteObserved(_ v: String, _ line: Int, _ col: Int) throws(MeasurementModelError) {
      if factors.contains(v) { return }
      if let columns, !columns.contains(v) { throw .unknownVariable(v, line: line, column: col) }
      if !observed.contains(v) { observed.append(v) }
    }
    var loadings: [(Int, Int, TermModifier?)] = []
    var covs: [(String, String, TermModifier?)] = []
    var ints: [(String, TermModifier?)] = []
    for s in syntax.statements {
      switch s.op {
      case .measuredBy:
        let f = factors.firstIndex(of: s.lhs)!
        for t in s.terms {
          if factors.contains(t.variable) {
            throw .syntax(ModelSyntaxError(line: t.line, column: t.column, token: t.variable,
                                           message: "higher-order factors are not supported"))
          }
          try noteObserved(t.variable, t.line, t.column)
          loadings.append((f, observed.firstIndex(of: t.variable)!, t.modifier))
        }
      case .covaries:
        try noteObserved(s.lhs, s.line, s.column)
        for t in s.terms {
          try noteObserved(t.variable, t.line, t.column)
          covs.append((s.lhs, t.variable, t.modifier))
        }
      case .intercept:
        try noteObserved(s.lhs, s.line, s.column)
        ints.append((s.lhs, s.terms[0].modifier))
      }
    }
    for (fi, f) in factors.enumerated() where !loadings.contains(where: { $0.0 == fi }) {
      throw .factorWithoutIndicators(f)
    }
    self.observed = observed
    self.factors = factors
    self.loadings = loadings.map { (factor: $0.0, item: $0.1, modifier: $0.2) }
    self.covariances = covs.map { (lhs: $0.0, rhs: $0.1, modifier: $0.2) }
    self.intercepts = ints.map { (variable: $0.0, modifier: $0.1) }
  }

  /// Parses lavaan-syntax text and builds the model.
  public init(text: String, file: String? = nil, columns: [String]? = nil) throws(MeasurementModelError) {
    let syntax: ModelSyntax
    do { syntax = try ModelSyntax(parsing: text, file: file) } catch { throw .syntax(error) }
    try self.init(syntax: syntax, columns: columns)
  }

  /// The simple-structure model of named scales: one factor per scale, its items as indicators.
  /// `markers` optionally names the marker item of each factor (put first).
  public init(scales: [(name: String, items: [String])]) throws(MeasurementModelError) {
    let text = scales.map { "\($0.name) =~ " + $0.items.joined(separator: " + ") }.joined(separator: "\n")
    try self.init(text: text)
  }

  /// lavaan syntax of this model (round trip of what was parsed).
  public var lavaanSyntax: String {
    func mod(_ m: TermModifier?) -> String {
      switch m {
      case .none: return ""
      case .fixed(let v): return "\(v)*"
      case .label(let s): return "\(s)*"
      case .free: return "NA*"
      }
    }
    var lines: [String] = []
    for (fi, f) in factors.enumerated() {
      lines.append("\(f) =~ " + loadings.filter { $0.factor == fi }.map { mod($0.modifier) + observed[$0.item] }.joined(separator: " + "))
    }
    for c in covariances { lines.append("\(c.lhs) ~~ \(mod(c.modifier))\(c.rhs)") }
    for i in intercepts { lines.append("\(i.variable) ~ \(mod(i.modifier))1") }
    return lines.joined(separator: "\n")
  }
}

/// The options that shape the parameter table (lavaan `cfa()` defaults).
public struct ParameterTableOptions: Sendable, Equatable {
  public var groups: Int = 1
  public var meanStructure: Bool = false
  public var groupEqual: GroupEquality = []
  /// Parameters freed from `groupEqual` (lavaan `group.partial`), by lavaan name (`f=~x`, `x~1`, `x~~x`).
  public var groupPartial: Set<String> = []
  /// Factor variances fixed to 1 and all loadings free (lavaan `std.lv = TRUE`).
  public var standardizedLatent: Bool = false
  public init(groups: Int = 1, meanStructure: Bool = false, groupEqual: GroupEquality = [], groupPartial: Set<String> = [],
              standardizedLatent: Bool = false) {
    self.groups = groups; self.meanStructure = meanStructure; self.groupEqual = groupEqual
    self.groupPartial = groupPartial; self.standardizedLatent = standardizedLatent
  }
}

/// The full parameter table of a model for G groups, with equality constraints resolved into
/// shared free indices (lavaan's parameter table after `group.equal`, labels and `group.partial`).
public struct ParameterTable: Sendable, Equatable {
  public var model: MeasurementModel
  public var options: ParameterTableOptions
  public var rows: [ModelParameter]
  /// Number of distinct free parameters (lavaan `npar`).
  public var freeCount: Int

  public var p: Int { model.observed.count }
  public var m: Int { model.factors.count }

  public init(model: MeasurementModel, options: ParameterTableOptions) throws(MeasurementModelError) {
    self.model = model
    self.options = options
    var rows: [ModelParameter] = []
    let obs = model.observed, fac = model.factors
    for g in 0..<options.groups {
      // Loadings; first indicator of each factor fixed to 1 (auto.fix.first) unless std.lv or NA*.
      var seenFactor = Set<Int>()
      for l in model.loadings {
        let first = !seenFactor.contains(l.factor)
        seenFactor.insert(l.factor)
        var row = ModelParameter(group: g, kind: .loading(item: l.item, factor: l.factor), lhs: fac[l.factor], op: "=~",
                                 rhs: obs[l.item], label: nil, free: 0, value: .nan)
        switch l.modifier {
        case .fixed(let v): row.free = nil; row.value = v
        case .label(let s): row.label = s; if first && !options.standardizedLatent { row.free = nil; row.value = 1 }
        case .free: break
        case .none: if first && !options.standardizedLatent { row.free = nil; row.value = 1 }
        }
        rows.append(row)
      }
      // Residual variances (auto.var), then user covariances.
      var covRows: [ModelParameter] = []
      func covKind(_ a: String, _ b: String) throws(MeasurementModelError) -> ParameterKind {
        if let i = obs.firstIndex(of: a), let k = obs.firstIndex(of: b) { return .residual(max(i, k), min(i, k)) }
        if let j = fac.firstIndex(of: a), let l = fac.firstIndex(of: b) { return .factorCovariance(max(j, l), min(j, l)) }
        throw .invalid("covariance between an item and a factor ('\(a) ~~ \(b)') is not a measurement-model parameter")
      }
      var user: [ParameterKind: (String, String, TermModifier?)] = [:]
      for c in model.covariances { user[try covKind(c.lhs, c.rhs)] = (c.lhs, c.rhs, c.modifier) }
      func add(_ kind: ParameterKind, _ lhs: String, _ rhs: String, start: Double) {
        var row = ModelParameter(group: g, kind: kind, lhs: lhs, op: "~~", rhs: rhs, label: nil, free: 0, value: start)
        if let (ul, ur, mod) = user[kind] {
          row.lhs = ul; row.rhs = ur
          switch mod {
          case .fixed(let v): row.free = nil; row.value = v
          case .label(let s): row.label = s
          default: break
          }
          user[kind] = nil
        }
        covRows.append(row)
      }
      for i in 0..<obs.count { add(.residual(i, i), obs[i], obs[i], start: .nan) }
      for j in 0..<fac.count {
        for l in 0...j {
          if j == l {
            add(.factorCovariance(j, j), fac[j], fac[j], start: .nan)
            if options.standardizedLatent, covRows.last!.free != nil, user[.factorCovariance(j, j)] == nil,
              model.covariances.first(where: { (try? covKind($0.lhs, $0.rhs)) == .factorCovariance(j, j) }) == nil {
              covRows[covRows.count - 1].free = nil; covRows[covRows.count - 1].value = 1
            }
          } else {
            add(.factorCovariance(j, l), fac[l], fac[j], start: 0)
          }
        }
      }
      for (kind, (ul, ur, mod)) in user.sorted(by: { "\($0.value.0)\($0.value.1)" < "\($1.value.0)\($1.value.1)" }) {
        var row = ModelParameter(group: g, kind: kind, lhs: ul, op: "~~", rhs: ur, label: nil, free: 0, value: 0)
        switch mod {
        case .fixed(let v): row.free = nil; row.value = v
        case .label(let s): row.label = s
        default: break
        }
        covRows.append(row)
      }
      rows += covRows
      if options.meanStructure {
        let userInt = Dictionary(model.intercepts.map { ($0.variable, $0.modifier) }, uniquingKeysWith: { a, _ in a })
        for i in 0..<obs.count {
          var row = ModelParameter(group: g, kind: .intercept(i), lhs: obs[i], op: "~1", rhs: "", label: nil, free: 0, value: .nan)
          switch userInt[obs[i]] ?? nil {
          case .fixed(let v): row.free = nil; row.value = v
          case .label(let s): row.label = s
          default: break
          }
          rows.append(row)
        }
        for j in 0..<fac.count {
          // Latent means: fixed 0, free in groups 2… when intercepts are held equal (lavaan).
          var row = ModelParameter(group: g, kind: .latentMean(j), lhs: fac[j], op: "~1", rhs: "", label: nil, free: nil, value: 0)
          if g > 0 && options.groupEqual.contains(.intercepts) && !options.groupEqual.contains(.means) { row.free = 0 }
          switch userInt[fac[j]] ?? nil {
          case .fixed(let v): row.free = nil; row.value = v
          case .label(let s): row.label = s; row.free = 0
          case .free: row.free = 0
          case .none: break
          }
          rows.append(row)
        }
      }
    }
    // Assign free indices: labels shared, group.equal shares with group 1's row of the same kind.
    var next = 0
    var byLabel: [String: Int] = [:]
    var firstGroup: [ParameterKind: Int] = [:]
    for r in rows.indices where rows[r].free != nil {
      let row = rows[r]
      if let lab = row.label {
        if let k = byLabel[lab] { rows[r].free = k; continue }
        byLabel[lab] = next; rows[r].free = next; next += 1; continue
      }
      if row.group > 0, Self.constrained(row, options), let k = firstGroup[row.kind] {
        rows[r].free = k; continue
      }
      rows[r].free = next
      if row.group == 0 { firstGroup[row.kind] = next }
      next += 1
    }
    self.rows = rows
    self.freeCount = next
  }

  static func constrained(_ row: ModelParameter, _ o: ParameterTableOptions) -> Bool {
    if o.groupPartial.contains(row.name) { return false }
    switch row.kind {
    case .loading: return o.groupEqual.contains(.loadings)
    case .intercept: return o.groupEqual.contains(.intercepts)
    case .residual(let i, let k): return i == k ? o.groupEqual.contains(.residuals) : o.groupEqual.contains(.residualCovariances)
    case .factorCovariance(let j, let l): return j == l ? o.groupEqual.contains(.factorVariances) : o.groupEqual.contains(.factorCovariances)
    case .latentMean: return o.groupEqual.contains(.means)
    }
  }
}

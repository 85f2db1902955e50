/// Why a cell of a measure is withheld.
public enum SuppressionReason: Sendable, Equatable, CustomStringConvertible {
  /// Fewer than k distinct units behind the answers (primary).
  case tooFewUnits(measure: String, units: Int, minimum: Int)
  /// Fewer than the minimum of distinct municipalities behind the answers (primary).
  case tooFewMunicipalities(measure: String, municipalities: Int, minimum: Int)
  /// A few units make up most of the sum (primary; `weighting` nil = unweighted).
  case dominance(measure: String, weighting: String?)
  /// Withheld so that a sensitive cell or a small group cannot be derived from the published
  /// cells (secondary, found by the linear audit).
  case secondary(protects: String)
  /// A grouping the plan does not publish.
  case notAPublicationGrouping(String)

  public var isPrimary: Bool {
    switch self {
    case .tooFewUnits, .tooFewMunicipalities, .dominance: true
    case .secondary, .notAPublicationGrouping: false
    }
  }

  public var description: String {
    switch self {
    case .tooFewUnits(let m, let u, let k): "\(u) unit(s) behind \(m), fewer than \(k)"
    case .tooFewMunicipalities(let m, let u, let k): "\(u) municipalit\(u == 1 ? "y" : "ies") behind \(m), fewer than \(k)"
    case .dominance(let m, let w): "dominated sum of \(m)\(w.map { " (\($0) weights)" } ?? "")"
    case .secondary(let t): "withheld to protect \(t)"
    case .notAPublicationGrouping(let g): "'\(g)' is not a publication grouping"
    }
  }
}

/// Whether a cell of a measure may be published.
public enum PublicationDecision: Sendable, Equatable {
  /// Publish; `units` distinct units stand behind the answers (0: the cell has no answers).
  case published(units: Int)
  case suppressed(SuppressionReason)
  public var isPublished: Bool {
    if case .published = self { return true }
    return false
  }
}

/// Figures about how a plan was made, for footnotes and the closing notes of tests.
public struct PublicationDiagnostics: Sendable, Equatable {
  /// Atoms: the cross-classification of wave, the publication groupings and the weight values.
  public var atoms = 0
  public var cells = 0
  public var measures = 0
  /// Per link group: primary and secondary suppressions, audit iterations, targets tested.
  public var groups: [Group] = []
  /// The smallest ratio between the smallest singular value kept and the largest dropped
  /// (∞ when the published rows had full rank); the rank decisions rest on this gap.
  public var smallestRankGap = Double.infinity
  /// Targets whose residual from the published row space fell between 10⁻⁹ and 10⁻⁶ of their norm
  /// (numerically almost recoverable); they were treated as recoverable.
  public var nearlyRecoverable = 0

  public struct Group: Sendable, Equatable {
    public var name: String
    public var measures: [String]
    public var primary = 0
    public var secondary = 0
    public var iterations = 0
    public var targetsTested = 0
  }
}

/// The publication plan of a study: for every cell of every table a user can request — each
/// publication grouping's keys (and all respondents), in each wave and in the pooled waves — and
/// every measure, whether it may be published. Made once per study from its data by
/// `PublicationPlan.make` (restrict and audit, see there), so that every table is consistent with
/// every other: a value withheld in one table is withheld, or not derivable, in all of them.
public struct PublicationPlan: Sendable {
  public let rules: DisclosureRules
  public let waves: [String]
  public let groupings: [String]
  public let weightings: [String]
  /// Every cell of the plan, in a fixed order (selection, then all, then groupings and keys).
  public let cells: [PublicationCell]
  public let linkGroups: [String]
  public let diagnostics: PublicationDiagnostics
  let cellIndex: [PublicationCell: Int]
  let groupOfMeasure: [String: Int]
  /// [link group][cell]: nil = published.
  let status: [[SuppressionReason?]]
  /// [measure][cell]: distinct units behind the answers.
  let unitsOfMeasure: [String: [Int]]

  init(rules: DisclosureRules, waves: [String], groupings: [String], weightings: [String], cells: [PublicationCell],
       linkGroups: [String], groupOfMeasure: [String: Int], status: [[SuppressionReason?]], unitsOfMeasure: [String: [Int]],
       diagnostics: PublicationDiagnostics)
  {
    self.rules = rules
    self.waves = waves
    self.groupings = groupings
    self.weightings = weightings
    self.cells = cells
    self.linkGroups = linkGroups
    self.groupOfMeasure = groupOfMeasure
    self.status = status
    self.unitsOfMeasure = unitsOfMeasure
    self.diagnostics = diagnostics
    self.cellIndex = Dictionary(uniqueKeysWithValues: cells.enumerated().map { ($0.element, $0.offset) })
  }

  /// The measures the plan knows.
  public var measures: [String] { groupOfMeasure.keys.sorted() }

  /// Whether `cell` of `measure` may be published. A key with no response in the selection is an
  /// empty cell (published, 0 units); a grouping the plan does not publish is withheld; in a study
  /// of one wave the pooled waves are that wave.
  public func decision(_ cell: PublicationCell, measure: String) throws(DisclosureError) -> PublicationDecision {
    guard let g = groupOfMeasure[measure] else { throw .unknownMeasure(measure, known: measures) }
    if let grouping = cell.grouping, !groupings.contains(grouping) { return .suppressed(.notAPublicationGrouping(grouping)) }
    if case .wave(let w) = cell.waves, !waves.contains(w) { throw .unknownWave(w, known: waves) }
    var cell = cell
    // With one wave, the pooled waves are that wave.
    if cell.waves == .pooled && waves.count == 1 { cell.waves = .wave(waves[0]) }
    guard let c = cellIndex[cell] else { return .published(units: 0) }
    if let reason = status[g][c] { return .suppressed(reason) }
    return .published(units: unitsOfMeasure[measure]?[c] ?? 0)
  }

  /// The withheld cells of a measure's link group, with their reasons (for reports and tests).
  public func withheldCells(measure: String) throws(DisclosureError) -> [(cell: PublicationCell, reason: SuppressionReason)] {
    guard let g = groupOfMeasure[measure] else { throw .unknownMeasure(measure, known: measures) }
    return cells.indices.compactMap { c in status[g][c].map { (cells[c], $0) } }
  }
}

/// Errors of the publication plan: bad inputs, and a plan that cannot be made safely.
public enum DisclosureError: Error, Sendable, Equatable, CustomStringConvertible {
  case thresholdTooSmall(Int, minimum: Int)
  case invalidRule(String)
  case lengthMismatch(what: String, expected: Int, found: Int)
  case duplicateMeasure(String)
  case unknownMeasure(String, known: [String])
  case unknownWave(String, known: [String])
  /// The cross-classification has more atoms than the audit handles in reasonable time.
  case tooManyAtoms(Int, limit: Int)
  /// A small group can only be protected by withholding a whole wave.
  case totalWouldBeWithheld(target: String)
  case numerical(String)

  public var description: String {
    switch self {
    case .thresholdTooSmall(let k, let minimum): "the disclosure threshold k must be at least \(minimum), got \(k)"
    case .invalidRule(let s): "invalid disclosure rule: \(s)"
    case .lengthMismatch(let what, let e, let f): "\(what): expected \(e) values, found \(f)"
    case .duplicateMeasure(let m): "measure '\(m)' is given twice"
    case .unknownMeasure(let m, let known):
      "the publication plan has no measure '\(m)'; measures: \(known.prefix(12).joined(separator: ", "))\(known.count > 12 ? ", …" : "")"
    case .unknownWave(let w, let known): "the publication plan has no wave \(w); waves: \(known.joined(separator: ", "))"
    case .tooManyAtoms(let n, let limit):
      "the publication groupings cross-classify the responses into \(n) atoms (limit \(limit)); declare fewer groupings under disclosure: groupings:"
    case .totalWouldBeWithheld(let t):
      "the publication plan can protect \(t) only by withholding a whole wave; declare fewer publication groupings or a larger minimum cell size"
    case .numerical(let s): "publication audit: \(s)"
    }
  }
}

/// Everything a publication plan needs to know about a study's responses, as plain arrays (no
/// answers beyond what the dominance rule reads): one entry per response (row).
///
/// - `waveOfRow[i]` indexes `waves` (a study without waves has one wave);
/// - `unitOfRow[i]` is the counted unit (respondent, municipality or office holder; the same id
///   in several waves is one unit in a pooled cell);
/// - `municipalityOfRow[i]` the municipality, when the study names one (minimum-municipalities rule);
/// - `groupings`: the publication groupings (region levels, strata, declared variables); a row
///   with no key in a grouping belongs to no cell of it;
/// - `weightings`: every weighting that publications use (design weights, declared raking), each
///   a weight per row.
public struct PublicationFrame: Sendable {
  public var waves: [String]
  public var waveOfRow: [Int]
  public var unitOfRow: [Int]
  public var municipalityOfRow: [Int]?
  public var groupings: [PublicationGrouping]
  public var weightings: [PublicationWeighting]

  public init(waves: [String], waveOfRow: [Int], unitOfRow: [Int], municipalityOfRow: [Int]? = nil,
              groupings: [PublicationGrouping] = [], weightings: [PublicationWeighting] = []) {
    self.waves = waves
    self.waveOfRow = waveOfRow
    self.unitOfRow = unitOfRow
    self.municipalityOfRow = municipalityOfRow
    self.groupings = groupings
    self.weightings = weightings
  }

  public var rowCount: Int { waveOfRow.count }
}

/// A publication grouping: a name (e.g. `land`), its keys, and each row's key (nil: none).
public struct PublicationGrouping: Sendable, Equatable {
  public var name: String
  public var keys: [String]
  public var keyOfRow: [Int?]
  public init(name: String, keys: [String], keyOfRow: [Int?]) {
    self.name = name
    self.keys = keys
    self.keyOfRow = keyOfRow
  }
  /// A grouping from one text value per row ("" = no key); keys sorted.
  public init(name: String, values: [String]) {
    let keys = Array(Set(values).subtracting([""])).sorted()
    let index = Dictionary(uniqueKeysWithValues: keys.enumerated().map { ($0.element, $0.offset) })
    self.init(name: name, keys: keys, keyOfRow: values.map { index[$0] })
  }
}

/// A weighting that publications use: a weight per row.
public struct PublicationWeighting: Sendable, Equatable {
  public var name: String
  public var weightOfRow: [Double]
  public init(name: String, weightOfRow: [Double]) {
    self.name = name
    self.weightOfRow = weightOfRow
  }
}

/// A measure: something published per cell (an item, a scale score, the respondents). Each has its
/// own answer set, since answers are missing item by item. Measures of one `linkGroup` (a scale
/// and its items, an index and its components) are algebraically linked — a scale's sum is the sum
/// of its items' sums for complete answers — so they share one suppression pattern.
public struct PublicationMeasure: Sendable, Equatable {
  public var id: String
  public var linkGroup: String
  /// Per row: whether the row contributes to the measure; nil when exactly the rows whose value
  /// is not NaN do (a measure made with `init(id:linkGroup:values:)`).
  public var answeredRows: [Bool]?
  /// Per row: the value (for the dominance rule); nil for a pure count (the respondents). A slice,
  /// so an item's column of the item matrix is shared rather than copied (at 2,000,000 rows and 60
  /// items the copies were a gigabyte).
  public var values: ArraySlice<Double>?

  public init(id: String, linkGroup: String, answered: [Bool], values: [Double]? = nil) {
    self.id = id
    self.linkGroup = linkGroup
    self.answeredRows = answered
    self.values = values?[...]
  }

  /// A measure answered exactly where its value is not NaN.
  public init(id: String, linkGroup: String, values: ArraySlice<Double>) {
    self.id = id
    self.linkGroup = linkGroup
    self.answeredRows = nil
    self.values = values
  }

  /// Number of rows.
  public var rowCount: Int { answeredRows?.count ?? values?.count ?? 0 }

  /// Per row: whether the row contributes (materialised; the plan reads `answeredRows`/`values`).
  public var answered: [Bool] {
    if let a = answeredRows { return a }
    guard let v = values else { return [] }
    return v.map { !$0.isNaN }
  }

  /// Equal ids, link groups, answered rows and values (bit patterns, so NaN equals NaN).
  public static func == (a: PublicationMeasure, b: PublicationMeasure) -> Bool {
    guard a.id == b.id, a.linkGroup == b.linkGroup, a.answered == b.answered else { return false }
    switch (a.values, b.values) {
    case (nil, nil): return true
    case (let x?, let y?): return x.count == y.count && zip(x, y).allSatisfy { $0.bitPattern == $1.bitPattern }
    default: return false
    }
  }
}

/// Which waves a cell pools.
public enum WaveSelection: Hashable, Sendable, CustomStringConvertible {
  /// One wave (by label).
  case wave(String)
  /// All waves of the study, the unit counted once.
  case pooled
  public var description: String {
    switch self {
    case .wave(let w): "wave \(w)"
    case .pooled: "pooled waves"
    }
  }
}

/// A cell of the set of tables a user can request: a grouping's key (or the whole selection
/// when `grouping` is nil) in one wave or the pooled waves.
public struct PublicationCell: Hashable, Sendable, CustomStringConvertible {
  /// The publication grouping, or nil for all respondents of the selection.
  public var grouping: String?
  public var key: String
  public var waves: WaveSelection
  public init(grouping: String?, key: String, waves: WaveSelection) {
    self.grouping = grouping
    self.key = key
    self.waves = waves
  }
  /// All respondents of a wave, or of the pooled waves.
  public static func total(_ waves: WaveSelection) -> PublicationCell { PublicationCell(grouping: nil, key: "all", waves: waves) }
  public var isTotal: Bool { grouping == nil }
  public var description: String { "\(grouping.map { "\($0) \(key)" } ?? "all"), \(waves)" }
}

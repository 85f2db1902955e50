/// The codebook's `disclosure:` block: what disclosure control counts and publishes.
///
/// ```yaml
/// disclosure:
///   unit: municipality            # respondent | municipality | officer — what k counts
///   unit_column: muni_id          # the column that identifies it (default for respondent: respondent_id)
///   municipality_column: muni_id  # for min_municipalities (default: unit_column when unit is municipality)
///   min_cell_size: 5              # k: units behind every published number (≥ 3; default 5)
///   min_municipalities: 3         # municipalities behind every published number (default 3)
///   dominance: {rule: nk, n: 2, k: 85}   # or {rule: p-percent, p: 10}, or none
///   groupings: [land, kreis, stratum, size_class]   # besides wave (default: region variables and strata)
///   rake_margins: [margins/land_sizeclass.csv]      # raked weightings publications may use
/// ```
/// Defaults are documented in `Notebooks-md/reference-codebook.md`.
public struct DisclosureSpec: Sendable, Equatable {
  /// What one unit of k is. A municipality (or an office holder) answering in three waves is one
  /// unit in a pooled table.
  public enum Unit: String, Sendable, Equatable, CaseIterable {
    case respondent, municipality, officer
  }

  /// A dominance rule for sums.
  public enum Dominance: Sendable, Equatable {
    case none
    /// The n largest contributions exceed k % of the total.
    case nk(n: Int, k: Double)
    /// The total less the two largest contributions is below p % of the largest.
    case pPercent(p: Double)
  }

  public var unit: Unit = .respondent
  /// The column identifying a unit; nil means the respondent id column.
  public var unitColumn: String?
  /// The column identifying municipalities (minimum-municipalities rule); nil: the unit column
  /// when the unit is a municipality, else the rule cannot be applied.
  public var municipalityColumn: String?
  /// k, the minimum number of units behind every published number (never below 3).
  public var minimumCellSize: Int = 5
  /// The minimum number of distinct municipalities behind every published number.
  public var minimumMunicipalities: Int = 3
  public var dominance: Dominance = .nk(n: 2, k: 85)
  /// Publication groupings besides wave; nil: the region variables and the design strata.
  public var groupings: [String]?
  /// Population-margin files (relative to the study folder) whose raked weights publications may use.
  public var rakeMargins: [String] = []

  public static let smallestMinimumCellSize = 3

  public init(unit: Unit = .respondent, unitColumn: String? = nil, municipalityColumn: String? = nil, minimumCellSize: Int = 5,
              minimumMunicipalities: Int = 3, dominance: Dominance = .nk(n: 2, k: 85), groupings: [String]? = nil,
              rakeMargins: [String] = []) {
    self.unit = unit
    self.unitColumn = unitColumn
    self.municipalityColumn = municipalityColumn
    self.minimumCellSize = minimumCellSize
    self.minimumMunicipalities = minimumMunicipalities
    self.dominance = dominance
    self.groupings = groupings
    self.rakeMargins = rakeMargins
  }

  /// The municipality column the rules use: the declared one, else the unit column for a
  /// municipality unit.
  public var effectiveMunicipalityColumn: String? {
    municipalityColumn ?? (unit == .municipality ? unitColumn : nil)
  }
}

extension Study {
  /// The publication groupings (besides wave): the declared ones, or by default the region
  /// variables and the design strata.
  public var publicationGroupings: [String] {
    if let g = disclosure.groupings { return g }
    var out = regionVariables.map(\.variable)
    if let s = design?.strata, !out.contains(s) { out.append(s) }
    return out
  }
}

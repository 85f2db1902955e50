/// A study: the codebook that says what the data files mean. Read from one human-edited
/// YAML file (see `Notebooks-md/reference-codebook.md` for the schema) by `StudyLoader`.
///
/// Everything a second Land needs to re-use the analysis with its own data lives here:
/// items and their response scales, measurement scales, blocks, the region table,
/// the respondent id, weight/design variables, the wave variable and the data files.
public struct Study: Sendable, Equatable {
  /// Short machine id, e.g. `hvb-demo`.
  public var id: String
  /// Human title.
  public var title: String
  /// Free description.
  public var description: String
  /// True for generated (synthetic) data; reports say so.
  public var synthetic: Bool
  /// The directory the study file lives in; relative data paths resolve against it.
  public var baseDirectory: String
  /// Path of the study file itself.
  public var path: String

  /// Column holding the respondent id.
  public var respondentID: String
  /// Column holding the wave (e.g. 2019, 2021, 2023), if any.
  public var waveVariable: String?
  /// Data files, one or more per wave.
  public var dataFiles: [DataFileSpec]

  /// Response scales by id (codes, labels, valid range, missing codes).
  public var responseScales: [String: ResponseScale]
  /// Items in declaration order.
  public var items: [Item]
  /// Item blocks (used for straight-lining checks and describe grouping).
  public var blocks: [Block]
  /// Measurement scales (item lists with keys).
  public var scales: [Scale]
  /// Background (non-item) variables, e.g. role, size class.
  public var variables: [Variable]

  /// Region variables in the data, one per level (e.g. land, kreis).
  public var regionVariables: [RegionVariable]
  /// The region table (Land → Kreis → Gemeinde), keyed by official key.
  public var regions: [Region]

  /// Survey design declaration (weights, strata, clusters, fpc).
  public var design: DesignSpec?
  /// Composite indices (trees over scales, items and other indices).
  public var indices: [IndexDefinition] = []
  /// Case-selection rules applied on load to every file, after each file's own rules
  /// (`cases:`; see `CaseRule`).
  public var caseRules: [CaseRule] = []
  /// The region table file, when the table came from `regions: table_file:` (for messages).
  public var regionTableFile: String? = nil
  /// Disclosure control: the counted unit, k and the other rules, the publication groupings.
  public var disclosure = DisclosureSpec()

  public init(
    id: String, title: String, description: String = "", synthetic: Bool = false,
    baseDirectory: String = ".", path: String = "", respondentID: String,
    waveVariable: String? = nil, dataFiles: [DataFileSpec] = [],
    responseScales: [String: ResponseScale] = [:], items: [Item] = [], blocks: [Block] = [],
    scales: [Scale] = [], variables: [Variable] = [], regionVariables: [RegionVariable] = [],
    regions: [Region] = [], design: DesignSpec? = nil
  ) {
    self.id = id
    self.title = title
    self.description = description
    self.synthetic = synthetic
    self.baseDirectory = baseDirectory
    self.path = path
    self.respondentID = respondentID
    self.waveVariable = waveVariable
    self.dataFiles = dataFiles
    self.responseScales = responseScales
    self.items = items
    self.blocks = blocks
    self.scales = scales
    self.variables = variables
    self.regionVariables = regionVariables
    self.regions = regions
    self.design = design
  }

  /// The item with id `id`, or nil.
  public func item(_ id: String) -> Item? { items.first { $0.id == id } }
  /// The response scale of `item`.
  public func responseScale(of item: Item) -> ResponseScale? { responseScales[item.responseScale] }
  /// The region with key `key`, or nil.
  public func region(_ key: String) -> Region? { regions.first { $0.key == key } }
  /// The index with id `id`, or nil.
  public func index(_ id: String) -> IndexDefinition? { indices.first { $0.id == id } }
  /// The measurement scale with id `id`, or nil.
  public func scale(_ id: String) -> Scale? { scales.first { $0.id == id } }
  /// The data files of one wave (all files when `wave` is nil).
  public func files(wave: Int?) -> [DataFileSpec] {
    guard let wave else { return dataFiles }
    return dataFiles.filter { $0.wave == wave }
  }
  /// The waves that have data files, ascending.
  public var waves: [Int] { Array(Set(dataFiles.compactMap(\.wave))).sorted() }
}

/// A response scale: labelled codes, the valid range and the missing-value codes.
///
/// Cells are read as numbers when they are numbers; otherwise their text is decoded through
/// the labels and aliases of the codes and missing codes (`TextAnswerKey` states the matching
/// rule: surrounding blanks trimmed, inner blank runs folded, case ignored).
public struct ResponseScale: Sendable, Equatable {
  public var id: String
  /// Labelled valid codes, e.g. 1 "trifft gar nicht zu" … 5 "trifft voll zu".
  public var codes: [Code]
  /// Smallest valid value.
  public var minimum: Double
  /// Largest valid value.
  public var maximum: Double
  /// Numeric missing-value codes (e.g. 8 "weiß nicht", 9 "keine Angabe", −9 "nicht beantwortet").
  public var missingCodes: [Code]
  /// Text missing-value codes as the survey tool writes them (e.g. "N/A", "-oth-", "weiß nicht");
  /// `value` is NaN, `label` the text, `aliases` further spellings. Blank is always missing.
  public var missingTexts: [Code]
  /// False for an integer code scale (the default when the scale has codes and every code and
  /// bound is a whole number): then a value such as 3.5 is out of range, not a valid answer. A
  /// scale with only a valid range (`valid: [0, 100]`, no codes) takes decimals.
  public var allowsDecimals: Bool

  public init(id: String, codes: [Code], minimum: Double, maximum: Double, missingCodes: [Code],
              missingTexts: [Code] = [], allowsDecimals: Bool? = nil) {
    self.id = id
    self.codes = codes
    self.minimum = minimum
    self.maximum = maximum
    self.missingCodes = missingCodes
    self.missingTexts = missingTexts
    self.allowsDecimals = allowsDecimals
      ?? (codes.isEmpty || !(codes.allSatisfy { $0.value == $0.value.rounded() } && minimum == minimum.rounded() && maximum == maximum.rounded()))
  }

  /// True when `value` is one of the missing codes.
  public func isMissingCode(_ value: Double) -> Bool { missingCodes.contains { $0.value == value } }
  /// True when `value` lies in the valid range (and is whole on an integer code scale).
  public func isValid(_ value: Double) -> Bool {
    value >= minimum && value <= maximum && (allowsDecimals || value == value.rounded())
  }
}

/// A labelled code, with other spellings a survey tool may write for it (`aliases`, e.g.
/// LimeSurvey's answer codes "A1" or "AO01").
public struct Code: Sendable, Equatable {
  public var value: Double
  public var label: String
  public var aliases: [String]
  public init(value: Double, label: String, aliases: [String] = []) {
    self.value = value
    self.label = label
    self.aliases = aliases
  }
}

/// One survey item (a question answered on a response scale).
public struct Item: Sendable, Equatable {
  public var id: String
  /// Short (English) label for tables.
  public var label: String
  /// Question wording as asked (German).
  public var text: String
  /// Id of the item's response scale.
  public var responseScale: String
  /// True when agreement means *less* of the construct; scales reverse it.
  public var reversed: Bool
  /// Id of the block the item belongs to, if any.
  public var block: String?

  public init(id: String, label: String, text: String = "", responseScale: String, reversed: Bool = false, block: String? = nil) {
    self.id = id
    self.label = label
    self.text = text
    self.responseScale = responseScale
    self.reversed = reversed
    self.block = block
  }
}

/// A block of items asked together (the unit for straight-lining checks).
public struct Block: Sendable, Equatable {
  public var id: String
  public var label: String
  public var items: [String]
  public init(id: String, label: String, items: [String]) {
    self.id = id
    self.label = label
    self.items = items
  }
}

/// A measurement scale: items with their keying (+1 or −1).
public struct Scale: Sendable, Equatable {
  public var id: String
  public var label: String
  /// Item ids in order.
  public var items: [String]
  /// Keys parallel to `items`: +1, or −1 for a reverse-keyed item.
  public var keys: [Int]
  /// `score:` and `invariance:` (Scale+Measurement.swift).
  public var measurement = ScaleMeasurement()
  public init(id: String, label: String, items: [String], keys: [Int]) {
    self.id = id
    self.label = label
    self.items = items
    self.keys = keys
  }
}

/// The kind of a background variable.
public enum VariableKind: String, Sendable, Equatable, CaseIterable {
  case categorical, numeric, text
}

/// A background (non-item) variable such as role or municipality size class.
public struct Variable: Sendable, Equatable {
  public var id: String
  public var label: String
  public var kind: VariableKind
  /// Labelled codes for categorical variables.
  public var codes: [Code]
  public init(id: String, label: String, kind: VariableKind, codes: [Code] = []) {
    self.id = id
    self.label = label
    self.kind = kind
    self.codes = codes
  }
}

/// The levels of the region hierarchy.
public enum RegionLevel: String, Sendable, Equatable, CaseIterable, Comparable {
  case land, kreis, gemeinde
  public static func < (a: RegionLevel, b: RegionLevel) -> Bool {
    allCases.firstIndex(of: a)! < allCases.firstIndex(of: b)!
  }
}

/// How a region variable gets its keys.
public enum RegionSource: Sendable, Equatable {
  /// The data column of the same name holds official keys of the level.
  case keys
  /// The data column `column` holds region **names** of the level, matched to the table's
  /// names with the normalised-name rules of `compare` (umlauts, "Landkreis", "(Saale)").
  case names(column: String)
  /// Rolled up from the data column `column` (keys of a lower level, e.g. 8-digit AGS):
  /// through the table's parents where the key is in the table, else by the official key
  /// structure (the first 5 digits of an AGS or ARS are the Kreis, the first 2 the Land).
  case rollUp(column: String)
}

/// A region variable: region keys of one level per respondent, read from a data column or
/// derived from one (`RegionSource`). Derived variables look to the rest of the code exactly
/// like columns of the data.
public struct RegionVariable: Sendable, Equatable {
  public var variable: String
  public var level: RegionLevel
  /// Where the keys come from (default: the column `variable`).
  public var source: RegionSource
  /// Official keys of this many digits: shorter all-digit keys get their leading zeros back
  /// ("1001" → "01001" with 5), as Excel drops them. Nil: keys are used as written.
  public var keyWidth: Int?
  public init(variable: String, level: RegionLevel, source: RegionSource = .keys, keyWidth: Int? = nil) {
    self.variable = variable
    self.level = level
    self.source = source
    self.keyWidth = keyWidth
  }
  /// The data column read for this variable (the variable itself, or the column it is derived from).
  public var column: String {
    switch source {
    case .keys: variable
    case .names(let c), .rollUp(let c): c
    }
  }
}

/// One row of the region table: an official key (AGS), a name, a level and the parent key.
public struct Region: Sendable, Equatable {
  public var key: String
  public var name: String
  public var level: RegionLevel
  public var parent: String?
  /// Optional covariates (population, density, …) for small-area models.
  public var covariates: [String: Double]
  /// Optional position in a tile-grid map (`tile_row`, `tile_col`, `tile_label`).
  public var tile: RegionTile?
  public init(key: String, name: String, level: RegionLevel, parent: String? = nil, covariates: [String: Double] = [:], tile: RegionTile? = nil) {
    self.key = key
    self.name = name
    self.level = level
    self.parent = parent
    self.covariates = covariates
    self.tile = tile
  }
}

/// A region's square in a tile-grid map: row and column from the top left (0-based) and the
/// short label printed in the tile.
public struct RegionTile: Sendable, Equatable {
  public var row: Int
  public var column: Int
  public var label: String?
  public init(row: Int, column: Int, label: String? = nil) {
    self.row = row
    self.column = column
    self.label = label
  }
}

/// Text encodings a CSV file may declare.
public enum TextEncodingChoice: String, Sendable, Equatable, CaseIterable {
  case auto, utf8 = "utf-8", windows1252 = "windows-1252"
}

/// One data file of the study.
public struct DataFileSpec: Sendable, Equatable {
  /// Path as written in the study file.
  public var path: String
  /// Wave the file holds, if the study has waves.
  public var wave: Int?
  /// Format, from the `format` key or the file extension ("csv", "xlsx", "sav").
  public var format: String
  /// CSV only: declared encoding.
  public var encoding: TextEncodingChoice
  /// CSV only: delimiter (nil = detect).
  public var delimiter: Character?
  /// CSV only: decimal separator (nil = detect: "," when the delimiter is ";" or tab).
  public var decimalSeparator: Character?
  /// XLSX only: sheet name (nil = first sheet).
  public var sheet: String?
  /// CSV only: the row after the header holds variable labels (SoSci Survey's CSV export).
  public var labelRow: Bool
  /// This file's column for a codebook id, where it differs (`columns: {tr_land: "G02Q04[SQ001]"}`).
  public var columns: [String: String]
  /// Items and variables the file does not have because they were not asked in its wave.
  public var notAsked: [String]
  /// Case-selection rules for this file only, applied before the study's rules.
  public var caseRules: [CaseRule]
  /// Line of the entry in the codebook (for messages).
  public var line: Int

  public init(path: String, wave: Int? = nil, format: String, encoding: TextEncodingChoice = .auto,
              delimiter: Character? = nil, decimalSeparator: Character? = nil, sheet: String? = nil,
              labelRow: Bool = false, columns: [String: String] = [:], notAsked: [String] = [], caseRules: [CaseRule] = [],
              line: Int = 0) {
    self.path = path
    self.wave = wave
    self.format = format
    self.encoding = encoding
    self.delimiter = delimiter
    self.decimalSeparator = decimalSeparator
    self.sheet = sheet
    self.labelRow = labelRow
    self.columns = columns
    self.notAsked = notAsked
    self.caseRules = caseRules
    self.line = line
  }

  /// The file's column name for the codebook id `id`.
  public func column(for id: String) -> String { columns[id] ?? id }
}

/// What to do with a stratum that has a single PSU (R survey's `lonely.psu`).
public enum LonelyPSUDeclaration: String, Sendable, Equatable, CaseIterable {
  case fail, remove, adjust, average, certainty
}

/// The sampling design declared in the codebook.
public struct DesignSpec: Sendable, Equatable {
  /// Weight column.
  public var weight: String?
  /// Strata column.
  public var strata: String?
  /// Cluster (PSU) columns, outermost stage first.
  public var clusters: [String]
  /// Finite population correction columns (population sizes per stage), if any.
  public var fpc: [String]
  public var lonelyPSU: LonelyPSUDeclaration
  public init(weight: String? = nil, strata: String? = nil, clusters: [String] = [], fpc: [String] = [], lonelyPSU: LonelyPSUDeclaration = .fail) {
    self.weight = weight
    self.strata = strata
    self.clusters = clusters
    self.fpc = fpc
    self.lonelyPSU = lonelyPSU
  }
}

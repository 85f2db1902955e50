import Codebook

/// One data row of the demo study (one responding HVB in one wave).
public struct DemoRow: Sendable, Equatable {
  /// Unique per wave row (except the planted duplicates), e.g. "2019-0001".
  public var respID: String
  /// Synthetic municipality (HVB position) id, stable across waves.
  public var muniID: String
  /// Officer id; changes when the officer changes.
  public var officerID: String
  public var wave: Int
  /// Land key "01"…"16".
  public var land: String
  /// 5-digit Kreis key for Sachsen-Anhalt respondents, nil elsewhere.
  public var kreis: String?
  /// 1 Bürgermeister/in, 2 Oberbürgermeister/in, 3 Landrat/Landrätin, 4 Verbandsgemeindebürgermeister/in.
  public var role: Int
  /// 1 < 5,000; 2 5,000–19,999; 3 20,000–99,999; 4 ≥ 100,000 inhabitants.
  public var sizeClass: Int
  public var yearsInOffice: Int
  /// Stratum id "LL-s" (Land key, size class) or "15-K".
  public var stratum: String
  /// Design weight 1/π of the stratum.
  public var weight: Double
  /// Item values in `DemoStudy.itemIDs` order: 1…5, missing codes 8/9, planted out-of-range values; nil = blank.
  public var items: [Double?]
}

/// The rows of one wave.
public struct DemoWave: Sendable, Equatable {
  public var wave: Int
  public var rows: [DemoRow]
}

/// Population count of HVB frame units in one Land × size-class cell (a raking margin).
public struct DemoMargin: Sendable, Equatable {
  public var land: String
  public var sizeClass: Int
  public var population: Int
}

/// A generated synthetic study: codebook, data rows per wave, margins and the generator's truth.
public struct DemoStudy: Sendable {
  public var configuration: DemoStudyConfiguration
  /// The codebook written as `study.yaml`.
  public var codebook: Study
  /// Item ids in column order.
  public var itemIDs: [String]
  public var waves: [DemoWave]
  /// Land × size-class population counts of the frame (rows sorted by Land, size class).
  public var margins: [DemoMargin]
  public var truth: DemoStudyTruth

  /// Data columns in file order.
  public var columnNames: [String] {
    ["resp_id", "muni_id", "officer_id", "wave", "land", "kreis", "role", "size_class",
     "years_in_office", "stratum", "weight"] + itemIDs
  }

  /// The rows of `wave`, or nil when the study has no such wave.
  public func rows(wave: Int) -> [DemoRow]? { waves.first { $0.wave == wave }?.rows }
}

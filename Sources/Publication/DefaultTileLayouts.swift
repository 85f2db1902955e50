import Charts

/// Default tile-grid positions for the 16 Länder and for the 14 Kreise of Sachsen-Anhalt, keyed
/// by official key (AGS). A codebook can set its own per region (`tile_row`, `tile_col`,
/// `tile_label` in the region table); those take precedence.
///
/// Where they come from: drawn for TrustMetrics (not copied from another map) by placing each
/// region's seat of government (Landeshauptstadt; Kreisstadt or kreisfreie Stadt) on a coarse
/// grid of its latitude and longitude and moving tiles by one cell where two fell together, so
/// that neighbours stay neighbours where the grid allows. Labels: the Länder's official
/// two-letter abbreviations (as in ISO 3166-2:DE without the prefix) and the Kreise's
/// vehicle-registration codes. A tile map gives each region the same area and shows no
/// boundaries; it distorts position and adjacency by design.
///
/// Länder (5 × 4):
/// ```
///      SH  MV
///  HB  HH  BB  BE
///  NW  NI  ST  SN
///  RP  HE  TH
///  SL  BW  BY
/// ```
/// Sachsen-Anhalt (5 × 4):
/// ```
///  SAW  SDL
///  BK   MD   JL
///  HZ   SLK  DE   WB
///  MSH  SK   ABI
///       BLK  HAL
/// ```
public enum DefaultTileLayouts {
  public static let laender: [String: TilePlacement] = [
    "01": TilePlacement(row: 0, column: 1, short: "SH"),
    "13": TilePlacement(row: 0, column: 2, short: "MV"),
    "04": TilePlacement(row: 1, column: 0, short: "HB"),
    "02": TilePlacement(row: 1, column: 1, short: "HH"),
    "12": TilePlacement(row: 1, column: 2, short: "BB"),
    "11": TilePlacement(row: 1, column: 3, short: "BE"),
    "05": TilePlacement(row: 2, column: 0, short: "NW"),
    "03": TilePlacement(row: 2, column: 1, short: "NI"),
    "15": TilePlacement(row: 2, column: 2, short: "ST"),
    "14": TilePlacement(row: 2, column: 3, short: "SN"),
    "07": TilePlacement(row: 3, column: 0, short: "RP"),
    "06": TilePlacement(row: 3, column: 1, short: "HE"),
    "16": TilePlacement(row: 3, column: 2, short: "TH"),
    "10": TilePlacement(row: 4, column: 0, short: "SL"),
    "08": TilePlacement(row: 4, column: 1, short: "BW"),
    "09": TilePlacement(row: 4, column: 2, short: "BY"),
  ]

  public static let sachsenAnhaltKreise: [String: TilePlacement] = [
    "15081": TilePlacement(row: 0, column: 0, short: "SAW"),
    "15090": TilePlacement(row: 0, column: 1, short: "SDL"),
    "15083": TilePlacement(row: 1, column: 0, short: "BK"),
    "15003": TilePlacement(row: 1, column: 1, short: "MD"),
    "15086": TilePlacement(row: 1, column: 2, short: "JL"),
    "15085": TilePlacement(row: 2, column: 0, short: "HZ"),
    "15089": TilePlacement(row: 2, column: 1, short: "SLK"),
    "15001": TilePlacement(row: 2, column: 2, short: "DE"),
    "15091": TilePlacement(row: 2, column: 3, short: "WB"),
    "15087": TilePlacement(row: 3, column: 0, short: "MSH"),
    "15088": TilePlacement(row: 3, column: 1, short: "SK"),
    "15082": TilePlacement(row: 3, column: 2, short: "ABI"),
    "15084": TilePlacement(row: 4, column: 1, short: "BLK"),
    "15002": TilePlacement(row: 4, column: 2, short: "HAL"),
  ]

  /// Where the default layouts come from (for the report's sources section).
  public static let source = "Tile layouts: TrustMetrics defaults from the seats' coordinates (Länder: ISO 3166-2:DE codes; Kreise: vehicle-registration codes)"

  /// The default placement of the region with official key `key`, if any.
  public static func placement(forKey key: String) -> TilePlacement? {
    laender[key] ?? sachsenAnhaltKreise[key]
  }
}

/// Limits that keep a hostile workbook from exhausting memory or time. Every limit reached is a
/// `DataError` naming the part and the limit (the CLI exits with 65); the defaults are far above
/// what survey workbooks need (a 200,000 × 60 sheet inflates to about 400 MB of XML and holds
/// 12 million cells).
public struct XLSXLimits: Sendable, Equatable {
  /// The largest `.xlsx` file read (compressed bytes).
  public var fileBytes: Int
  /// The largest inflated size of one part.
  public var entryBytes: Int
  /// The largest inflated size of all parts read together (workbook, relationships, shared
  /// strings and the sheet).
  public var totalBytes: Int
  /// The largest ratio of inflated to compressed bytes of a part once it is above ``ratioFloor``.
  /// Sheets compress 5–30:1; deflate's maximum is about 1,032:1, which zip bombs use.
  public var compressionRatio: Int
  /// Parts up to this inflated size are exempt from the ratio limit (small parts of blank space
  /// compress far better than 100:1 and are harmless).
  public var ratioFloor: Int
  /// The text a sheet's cells hold, with every use of a shared string counted.
  public var sheetText: Int
  /// The most cells (columns × data rows) a table may have.
  public var tableCells: Int
  /// Tables larger than ``sparseTableCells`` need at least one value in ``sparseness`` cells
  /// (a header of 16,384 columns over 100,000 one-cell rows would be 1.6 billion cells from a few MB).
  public var sparseTableCells: Int
  public var sparseness: Int

  public init(
    fileBytes: Int = 1 << 30, entryBytes: Int = 1 << 30, totalBytes: Int = 3 << 29, compressionRatio: Int = 200,
    ratioFloor: Int = 1 << 20, sheetText: Int = 1 << 30, tableCells: Int = 1 << 28, sparseTableCells: Int = 1 << 22,
    sparseness: Int = 64
  ) {
    self.fileBytes = fileBytes
    self.entryBytes = entryBytes
    self.totalBytes = totalBytes
    self.compressionRatio = compressionRatio
    self.ratioFloor = ratioFloor
    self.sheetText = sheetText
    self.tableCells = tableCells
    self.sparseTableCells = sparseTableCells
    self.sparseness = sparseness
  }

  /// 1 GiB file, 1 GiB per part, 1.5 GiB in total, ratio 200:1 above 1 MiB, 1 GiB of cell text,
  /// 2²⁸ table cells, and beyond 2²² cells at least 1 value in 64.
  public static let `default` = XLSXLimits()
}

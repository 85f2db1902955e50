import FileSafety
import Foundation

/// Reads a data file of any supported format into a `DataTable`.
///
/// The format comes from `format`, else from the extension (`.csv`, `.tsv`, `.txt` → CSV;
/// `.xlsx`, `.xlsm` → XLSX; `.sav`, `.zsav` → SAV; `.dta` → Stata), else from the first bytes
/// (`PK\u{3}\u{4}` → XLSX, `$FL2`/`$FL3` → SAV, `<stata_dta>` → DTA, anything else → CSV). A file whose content does not match
/// its format fails in that format's reader with `DataError.wrongFormat`.
///
/// Only regular files are read: a directory, FIFO, device or socket is `DataError.unreadable`
/// naming what it is, checked with `stat(2)` before anything opens the path (a FIFO would block
/// `open`, `/dev/zero` would never end). The CSV and XLSX readers also open with `O_NONBLOCK` and
/// check the open descriptor again (``FileSafety/InputFile``); ReadStat opens `.sav` and `.dta` files itself,
/// after the check here.
public enum DataFileReader {
  /// Reads `path`.
  ///
  /// - Parameters:
  ///   - format: the format; nil to infer it as described above.
  ///   - csv: options for CSV input (`CSVOptions()` when nil); ignored for other formats.
  ///   - sheet: the sheet of an XLSX workbook (the first when nil); ignored for other formats.
  /// - Throws: `DataError` from the format's reader.
  public static func read(
    path: String, format: DataFormat? = nil, csv: CSVOptions? = nil, sheet: String? = nil
  ) throws(DataError) -> DataTable {
    do { try InputFile.checkRegular(path) } catch { throw .unreadable(path: path, reason: error.reason) }
    let resolved: DataFormat
    if let format { resolved = format } else { resolved = try inferFormat(path: path) }
    switch resolved {
    case .csv:
      // CSV: provided by CSVReader (CSV branch). Signature relied on:
      // `CSVReader.read(path: String, options: CSVOptions) throws(DataError) -> DataTable`.
      return try CSVReader.read(path: path, options: csv ?? CSVOptions())
    case .xlsx:
      return try XLSXReader.read(path: path, sheet: sheet)
    case .sav:
      return try SAVReader.read(path: path)
    case .dta:
      return try DTAReader.read(path: path)
    }
  }

  /// The format named by the extension of `path`, or nil for an unknown extension.
  public static func format(forExtensionOf path: String) -> DataFormat? {
    switch URL(fileURLWithPath: path).pathExtension.lowercased() {
    case "csv", "tsv", "txt": .csv
    case "xlsx", "xlsm": .xlsx
    case "sav", "zsav": .sav
    case "dta": .dta
    default: nil
    }
  }

  /// The format from the extension, else from the file's first bytes.
  ///
  /// - Throws: `DataError.unreadable` when the extension is unknown and the file cannot be opened.
  public static func inferFormat(path: String) throws(DataError) -> DataFormat {
    if let f = format(forExtensionOf: path) { return f }
    let fd: Int32
    do { fd = try InputFile.openRegular(path) } catch { throw .unreadable(path: path, reason: error.reason) }
    let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    let head = [UInt8]((try? handle.read(upToCount: 11)) ?? Data())
    if head.starts(with: [0x50, 0x4B, 0x03, 0x04]) { return .xlsx }
    if head.starts(with: Array("$FL2".utf8)) || head.starts(with: Array("$FL3".utf8)) { return .sav }
    if head.starts(with: Array("<stata_dta>".utf8)) { return .dta }
    return .csv
  }
}

import FileSafety
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads CSV files as Excel, LibreOffice, R and SPSS write them into a `DataTable`.
///
/// Dialects handled without options: `,` `;` or tab delimiters (detected); RFC 4180 quoting with
/// embedded delimiters, doubled quotes and line breaks; CR LF, LF or CR line ends; UTF-8 with or
/// without byte-order mark, or Windows-1252 when the bytes are not valid UTF-8; decimal comma
/// with `;` or tab (detected); spaces and tabs around numbers; blank lines at the end.
///
/// Column types: a column is `.numeric` ([Double], NaN for an empty cell) when every non-empty
/// cell is a number in the file's decimal format and none has a leading zero before a digit
/// ("01" keeps a key column as text); otherwise `.text` with the cells' raw text (quotes
/// removed, doubled quotes undone, no trimming). Quoting does not change the type: `"3"` is 3.
/// Header names are trimmed. `rowLocations[r]` is the 1-based physical line where record `r`
/// starts (a quoted line break makes later records start further down).
///
/// Errors (never a trap): `.unreadable`, `.empty` (no bytes or only blank lines), `.headerOnly`,
/// `.notText` (a NUL byte, or invalid UTF-8 when `.utf8` is declared), `.badHeader` (empty or
/// duplicate name), `.unbalancedQuote` (line and column where the quote opened; also text
/// after a closing quote), `.raggedRow` (line, fields found, fields expected; a blank line
/// inside a multi-column file counts as one field), `.lineTooLong`, and `.malformed` for
/// unusable options.
///
/// Implementation notes (goals in order: never trap, exact values, speed):
/// 1. One pass over the file's bytes (`UnsafeBufferPointer<UInt8>`, local to the parser) checks
///    for NUL and UTF-8 validity, 8 bytes at a time on ASCII.
/// 2. The parser never builds a `String` for a numeric cell: integers go from bytes straight
///    into the column's `[Double]`; decimals use Clinger's exact fast path
///    (≤ 15 digits, |exponent| ≤ 22) and the standard library's correctly rounded parser otherwise.
/// 3. A column turns text when its first non-number appears; the cells before it are recovered
///    in one extra pass over the records they came from (recorded byte offsets), so all-numeric
///    files pay nothing for it. Decimal-comma detection works the same way at the end.
/// 4. Memory: the file's bytes + 8 bytes per numeric cell + 16 bytes per row (line, offset).
/// 5. `CSVOptions.threads` > 1 parses chunks of the records (cut at line feeds, ≥ 1 MiB each)
///    on that many threads, each writing its numbers straight into the columns at rows known
///    from a count of line feeds; a cut inside a quoted field, a quoted line break or an error
///    after the first chunk falls back to the one-thread parse, so the table and the errors
///    are the same for every thread count (`CSVReader+Parallel.swift`).
///
/// Validated against: R `data.table::fread` 1.14 and `pandas.read_csv` on the same files
/// (see BENCHMARKS.md, "CSV ingestion").
///
/// Example:
/// ```swift
/// let table = try CSVReader.read(path: "umfrage.csv")          // ; + decimal comma + cp1252
/// let alter = table.column("alter")?.number(at: 0)
/// ```
public enum CSVReader {
  /// Reads the CSV file at `path`.
  public static func read(path: String, options: CSVOptions = .init()) throws(DataError) -> DataTable {
    let bytes = try readFile(path)
    return try read(data: bytes, path: path, options: options)
  }

  /// Reads CSV from bytes; `path` is only used in error messages and `DataTable.path`.
  public static func read(data: [UInt8], path: String, options: CSVOptions = .init()) throws(DataError)
    -> DataTable
  {
    let result: Result<DataTable, DataError> = data.withUnsafeBufferPointer { buffer in
      do throws(DataError) {
        return .success(try parse(buffer, path: path, options: options))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// Reads CSV from `Data`; `path` is only used in error messages and `DataTable.path`.
  public static func read(data: Data, path: String, options: CSVOptions = .init()) throws(DataError)
    -> DataTable
  {
    let result: Result<DataTable, DataError> = data.withUnsafeBytes { raw in
      do throws(DataError) {
        return .success(try parse(raw.bindMemory(to: UInt8.self), path: path, options: options))
      } catch {
        return .failure(error)
      }
    }
    return try result.get()
  }

  /// The whole file as bytes (POSIX `open`/`read`, so errors carry `strerror` text). Only a
  /// regular file is opened (`O_NONBLOCK`, checked before and after the open: a FIFO or device
  /// is refused, never read).
  static func readFile(_ path: String) throws(DataError) -> [UInt8] {
    let fd: Int32
    do { fd = try InputFile.openRegular(path) } catch { throw .unreadable(path: path, reason: error.reason) }
    defer { close(fd) }
    var st = stat()
    if fstat(fd, &st) != 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
    let size = max(Int(st.st_size), 0)
    var failure: Int32 = 0
    var bytes = [UInt8](unsafeUninitializedCapacity: size) { buf, initialized in
      initialized = 0
      guard let base = buf.baseAddress else { return }
      adviseHugePages(UnsafeMutableRawPointer(base), size)
      while initialized < size {
        let n = systemRead(fd, base + initialized, size - initialized)
        if n < 0 {
          if errno == EINTR { continue }
          failure = errno
          return
        }
        if n == 0 { return }
        initialized += n
      }
    }
    if failure != 0 { throw .unreadable(path: path, reason: String(cString: strerror(failure))) }
    // Files that grow while read (or report size 0, like /proc) are read to their end.
    var chunk = [UInt8](repeating: 0, count: 1 << 16)
    while true {
      let n = chunk.withUnsafeMutableBufferPointer { b in
        b.baseAddress.map { systemRead(fd, $0, b.count) } ?? 0
      }
      if n < 0 && errno == EINTR { continue }
      if n < 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
      if n == 0 { break }
      bytes.append(contentsOf: chunk[0..<n])
    }
    return bytes
  }

  /// Asks the kernel to back the 2 MiB-aligned interior of a large byte buffer with
  /// transparent huge pages before it is filled (a few faults instead of one per 4 KiB page;
  /// purely advisory, ignored where unsupported).
  private static func adviseHugePages(_ base: UnsafeMutableRawPointer, _ size: Int) {
    #if os(Linux)
      let huge = 2 << 20
      guard size >= 2 * huge else { return }
      let address = Int(bitPattern: base)
      let first = (address + huge - 1) / huge * huge
      let last = (address + size) / huge * huge
      if last > first, let start = UnsafeMutableRawPointer(bitPattern: first) {
        _ = madvise(start, last - first, MADV_HUGEPAGE)
      }
    #endif
  }

  private static func systemRead(_ fd: Int32, _ p: UnsafeMutablePointer<UInt8>, _ n: Int) -> Int {
    #if canImport(Glibc)
      return Glibc.read(fd, p, n)
    #else
      return Darwin.read(fd, p, n)
    #endif
  }
}

import CReadStat
import FileSafety
import Foundation

#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// Reads an SPSS system file (`.sav`, also compressed `.zsav`) into a `DataTable` with ReadStat.
///
/// - Numeric variables become numeric columns; system-missing values are NaN.
///   **User-missing values keep their numeric value** (e.g. 9 stays 9): the study loader makes
///   them missing (`userMissing[name]` lists the declared discrete missing values and, for
///   declared ranges (`7 THRU 9`, `LO THRU -1`), every distinct value of the column that falls
///   in a range, sorted ascending — so the list is complete for this file).
/// - String variables become text columns (UTF-8; SPSS's trailing blanks removed by ReadStat);
///   their declared user-missing values are in `userMissingTexts[name]` (pyreadstat's
///   `missing_ranges` for a string variable, e.g. `'Z'` in its missing_char.sav).
/// - `variableLabels[name]`: the variable label when it is not empty.
/// - `valueLabels[name]`: code → label for numeric variables.
/// - `rowLocations` are the 1-based case numbers.
/// - `declaredRowCount`: the case count in the file header (nil when the header says −1,
///   "unknown", as streaming writers do).
///
/// Robustness (issue 8 §2): nothing is allocated from a header field. The header's case count
/// is not trusted: the reader hands ReadStat a header whose count reads −1 ("unknown", a value
/// the SAV format allows), so ReadStat reads every case the file holds, and the declared count
/// is kept in `declaredRowCount` for `check` to compare (ReadStat 1.1.8 then reads until the
/// data end: the end-of-data code of compressed files, the end of the file otherwise). A count
/// that is too small therefore never drops cases, one that is too large never reserves memory,
/// and 2³¹−1 is harmless.
///
/// Character data is converted to UTF-8 by ReadStat (iconv) from the file's declared encoding.
///
/// Implementation notes: ReadStat 1.1.8 (Debian `libreadstat-dev`) calls the value-label
/// handler before the variable handler for SAV, so labels are collected per label-set name and
/// attached at the end. Context is passed to the C callbacks with `Unmanaged.passUnretained`;
/// the context objects outlive the parse because it runs inside `withExtendedLifetime`.
///
/// Validated against: pyreadstat 1.3.7/1.3.8 `read_sav(user_missing=True)` on
/// Fixtures/same/same.sav and Fixtures/sav/*.sav.
public enum SAVReader {
  /// Reads the `.sav` file at `path`.
  ///
  /// - Throws: `DataError.unreadable` (missing or unreadable file), `.wrongFormat(expected: .sav)`
  ///   with ReadStat's message (not an SPSS file, truncated, bad compression), `.empty`
  ///   (no variables), `.headerOnly` (variables but no cases).
  public static func read(path: String) throws(DataError) -> DataTable {
    try StatisticalFileReader.read(path: path, format: .sav, rowLimit: nil).table
  }
}

/// Reads a Stata `.dta` file (releases 104–119, as ReadStat reads them) into a `DataTable`.
///
/// As `SAVReader`: numeric variables → numeric columns (system missing `.` and the extended
/// missing values `.a`–`.z` → NaN; they are missing by Stata's definition), strings → text,
/// variable labels, value labels of numeric variables, `declaredRowCount` from the header.
///
/// Robustness: for releases 117–119 the section map gives the size of the data section; the
/// number of records it holds must equal the header's N, or the file is refused
/// (`DataError.malformed`): ReadStat reads exactly N records, so a wrong N would drop rows or
/// read other sections as data. Older releases have no map and are read as ReadStat reads them.
public enum DTAReader {
  /// Reads the `.dta` file at `path`.
  public static func read(path: String) throws(DataError) -> DataTable {
    try StatisticalFileReader.read(path: path, format: .dta, rowLimit: nil).table
  }
}

/// What a statistical file (SAV, DTA) says about one variable.
public struct VariableMetadata: Sendable, Equatable {
  /// SPSS measurement level (Stata has none: `.unknown`).
  public enum Measure: String, Sendable, Equatable {
    case unknown, nominal, ordinal, scale
  }
  public var name: String
  public var label: String
  public var isNumeric: Bool
  /// Value labels (code → label) of a numeric variable.
  public var valueLabels: [Double: String]
  /// Declared discrete user-missing values (SPSS).
  public var missingValues: [Double]
  /// Declared user-missing ranges (SPSS `7 THRU 9`; `LO`/`HI` as ∓∞).
  public var missingRanges: [ClosedRange<Double>]
  public var measure: Measure
  /// SPSS/Stata display format (e.g. "F8.2", "%9.0g").
  public var format: String
  /// Declared user-missing values of a string variable (SPSS; trailing blanks removed).
  public var missingTexts: [String] = []

  /// True when `x` is one of the file's user-missing values.
  public func isUserMissing(_ x: Double) -> Bool {
    missingValues.contains(x) || missingRanges.contains { $0.contains(x) }
  }
}

/// The common ReadStat reader behind `SAVReader` and `DTAReader`, with the variable metadata
/// that `trustmetrics init` uses.
public enum StatisticalFileReader {
  /// Reads `path` (`.sav`/`.zsav` or `.dta`); `rowLimit` reads only the first rows (for
  /// metadata with a sample of the data).
  public static func read(path: String, format: DataFormat, rowLimit: Int?) throws(DataError)
    -> (table: DataTable, variables: [VariableMetadata])
  {
    precondition(format == .sav || format == .dta, "StatisticalFileReader reads .sav and .dta")
    // Regular files only (a FIFO would block, a device never end): checked here, and the open
    // handler below opens with O_NONBLOCK and checks the descriptor again.
    let fd: Int32
    do { fd = try InputFile.openRegular(path) } catch { throw .unreadable(path: path, reason: error.reason) }
    let size = InputFile.size(of: fd)
    var head = [UInt8](repeating: 0, count: 16)
    let got = head.withUnsafeMutableBytes { pread(fd, $0.baseAddress, 16, 0) }
    close(fd)
    if size == 0 { throw .empty(path: path) }
    if let reason = StatisticalFileReader.signatureMismatch(Array(head.prefix(max(0, got))), format: format) {
      throw .wrongFormat(path: path, expected: format, reason: reason)
    }

    let io = ReadStatIO(patchSAVCaseCount: format == .sav)
    if format == .dta, let map = DTAHeaderProbe.read(path: path), let records = map.dataRecords(), records != map.declaredN {
      let held = records < 0 ? "a data section that is no whole number of \(map.recordLength)-byte records" : "\(records) records"
      throw .malformed(
        path: path, location: "header",
        reason: "the header declares \(map.declaredN) observations but the file holds \(held); ReadStat reads exactly the declared number, "
          + "so rows would be lost or misread (re-save the file in Stata or with pyreadstat)")
    }
    // The callbacks' state lives behind a plain pointer: no reference counting and no dynamic
    // exclusivity check per value (12 M values for 200,000 × 60 took 3.5 s through a class).
    let state = UnsafeMutablePointer<SAVContext>.allocate(capacity: 1)
    state.initialize(to: SAVContext())
    defer {
      state.deinitialize(count: 1)
      state.deallocate()
    }
    guard let parser = readstat_parser_init() else {
      throw .unreadable(path: path, reason: "ReadStat could not allocate a parser")
    }
    defer { readstat_parser_free(parser) }
    readstat_set_metadata_handler(parser, savMetadataHandler)
    readstat_set_variable_handler(parser, savVariableHandler)
    readstat_set_value_handler(parser, savValueHandler)
    readstat_set_value_label_handler(parser, savValueLabelHandler)
    readstat_set_error_handler(parser, savErrorHandler)
    readstat_set_open_handler(parser, readStatOpen)
    readstat_set_close_handler(parser, readStatClose)
    readstat_set_seek_handler(parser, readStatSeek)
    readstat_set_read_handler(parser, readStatRead)
    readstat_set_update_handler(parser, readStatUpdate)
    // With the SAV case count read as −1, ReadStat 1.1.8 takes its row limit from the parser
    // (0 would read nothing): a limit no file reaches lets it read to the end of the data.
    if let rowLimit, rowLimit > 0 {
      readstat_set_row_limit(parser, rowLimit)
    } else if format == .sav {
      readstat_set_row_limit(parser, Int.max)
    }

    let status = withExtendedLifetime(io) {
      readstat_set_io_ctx(parser, Unmanaged.passUnretained(io).toOpaque())
      return format == .sav
        ? readstat_parse_sav(parser, path, UnsafeMutableRawPointer(state))
        : readstat_parse_dta(parser, path, UnsafeMutableRawPointer(state))
    }
    if status != READSTAT_OK {
      let base = String(cString: readstat_error_message(status))
      let detail = state.pointee.errorMessages.isEmpty ? "" : " (\(state.pointee.errorMessages.joined(separator: "; ")))"
      if status == READSTAT_ERROR_OPEN {
        throw .unreadable(path: path, reason: io.openError ?? (base + detail))
      }
      throw .wrongFormat(path: path, expected: format, reason: "ReadStat: " + base + detail)
    }
    if state.pointee.rowsOutOfOrder {
      throw .malformed(path: path, location: "data", reason: "values arrived out of case order; the file is damaged")
    }
    var declared: Int? = nil
    if format == .sav {
      declared = io.declaredSAVCaseCount.flatMap { $0 >= 0 ? $0 : nil }
    } else {
      declared = state.pointee.rowCount >= 0 ? state.pointee.rowCount : nil
    }
    var table = try state.pointee.table(path: path, format: format)
    table.declaredRowCount = declared
    return (table, state.pointee.metadata())
  }
}

extension StatisticalFileReader {
  /// Why the first bytes `head` cannot start a file of `format`, naming what they look like and
  /// what is allowed; nil when they can. ReadStat's own message for a foreign file ("Invalid
  /// file, or file has unsupported features") names neither. SAV: `$FL2` (also `$FL3`, ZSAV);
  /// DTA: `<stata_dta>` (releases 117–119) or a release byte 102–115 followed by a byte order
  /// 1 or 2 (releases 102–115).
  static func signatureMismatch(_ head: [UInt8], format: DataFormat) -> String? {
    let known: [([UInt8], String)] = [
      ([0x50, 0x4B, 0x03, 0x04], "a ZIP container (XLSX?)"), ([0xD0, 0xCF, 0x11, 0xE0], "an OLE2 compound file (legacy Excel .xls?)"),
      (Array("<stata_dta>".utf8), "a Stata .dta file"), (Array("$FL2".utf8), "an SPSS .sav file"), (Array("$FL3".utf8), "an SPSS .zsav file"),
      (Array("<?xml".utf8), "an XML file"), ([0x1F, 0x8B], "a gzip file"),
    ]
    func looksLike() -> String {
      // IDL save files: "SR", 0, then 4 (plain) or 6 (compressed) (SciPy's scipy.io.readsav).
      if head.count >= 4, head[0] == 0x53, head[1] == 0x52, head[2] == 0, head[3] == 4 || head[3] == 6 { return "looks like an IDL save file" }
      if let k = known.first(where: { head.starts(with: $0.0) }) { return "looks like " + k.1 }
      if head.firstRange(of: [0xE2, 0xD7, 0xE2, 0xE2]) != nil { return "looks like an SPSS portable file (.por)" }  // "SPSS" in EBCDIC
      let printable = head.prefix(8).map { $0 >= 0x20 && $0 < 0x7F ? String(UnicodeScalar($0)) : String(format: "\\x%02X", $0) }.joined()
      return "starts with the bytes \"\(printable)\""
    }
    switch format {
    case .sav:
      if head.starts(with: Array("$FL2".utf8)) || head.starts(with: Array("$FL3".utf8)) { return nil }
      return "the file \(looksLike()); an SPSS system file starts with $FL2 (.sav) or $FL3 (.zsav)"
    case .dta:
      if head.starts(with: Array("<stata_dta>".utf8)) { return nil }
      if head.count >= 2, (102...115).contains(head[0]), head[1] == 1 || head[1] == 2 { return nil }
      return "the file \(looksLike()); a Stata file starts with <stata_dta> (releases 117–119) or a release byte 102–115"
    default:
      return nil
    }
  }
}

// MARK: - ReadStat callbacks

/// What the ReadStat callbacks collect. Columns grow with the cases actually read; nothing
/// is sized from the header.
struct SAVContext {
  struct Variable {
    var name: String
    var label: String
    var isString: Bool
    var labelSet: String?
    var missingDiscrete: [Double]
    var missingRanges: [ClosedRange<Double>]
    /// Declared user-missing values of a string variable (SPSS allows up to three).
    var missingTexts: [String]
    var measure: VariableMetadata.Measure
    var format: String
    var storageWidth: Int
  }

  /// Row count from the metadata (the header; −1 when unknown).
  var rowCount = -1
  var variables: [Variable] = []
  var isString: [Bool] = []
  var numbers: [[Double]] = []
  var strings: [[String]] = []
  var labelSets: [String: [Double: String]] = [:]
  var errorMessages: [String] = []
  var rowsOutOfOrder = false

  mutating func table(path: String, format: DataFormat) throws(DataError) -> DataTable {
    guard !variables.isEmpty else { throw .empty(path: path) }
    var n = 0
    for i in variables.indices { n = Swift.max(n, isString[i] ? strings[i].count : numbers[i].count) }
    guard n > 0 else { throw .headerOnly(path: path) }
    var columns: [ColumnValues] = []
    var variableLabels: [String: String] = [:]
    var valueLabels: [String: [Double: String]] = [:]
    var userMissing: [String: [Double]] = [:]
    var userMissingTexts: [String: [String]] = [:]
    for (i, v) in variables.enumerated() {
      if v.isString {
        var col = strings[i]
        strings[i] = []
        if col.count < n { col += [String](repeating: "", count: n - col.count) }
        columns.append(.text(col))
        if !v.missingTexts.isEmpty { userMissingTexts[v.name] = v.missingTexts }
      } else {
        var col = numbers[i]
        numbers[i] = []
        if col.count < n { col += [Double](repeating: .nan, count: n - col.count) }
        var missing = Set(v.missingDiscrete)
        if !v.missingRanges.isEmpty {
          for x in col where !x.isNaN && v.missingRanges.contains(where: { $0.contains(x) }) { missing.insert(x) }
        }
        columns.append(.numeric(col))
        if !missing.isEmpty { userMissing[v.name] = missing.sorted() }
        if let set = v.labelSet, let labels = labelSets[set], !labels.isEmpty { valueLabels[v.name] = labels }
      }
      if !v.label.isEmpty { variableLabels[v.name] = v.label }
    }
    var table = DataTable(
      path: path, format: format, columnNames: variables.map(\.name), columns: columns,
      rowLocations: Array(1...n), variableLabels: variableLabels, valueLabels: valueLabels,
      userMissing: userMissing)
    table.userMissingTexts = userMissingTexts
    return table
  }

  func metadata() -> [VariableMetadata] {
    variables.map { v in
      VariableMetadata(
        name: v.name, label: v.label, isNumeric: !v.isString,
        valueLabels: v.labelSet.flatMap { labelSets[$0] } ?? [:], missingValues: v.missingDiscrete,
        missingRanges: v.missingRanges, measure: v.measure, format: v.format, missingTexts: v.missingTexts)
    }
  }
}

private let handlerOK = Int32(READSTAT_HANDLER_OK)
private let handlerAbort = Int32(READSTAT_HANDLER_ABORT)

private func context(_ raw: UnsafeMutableRawPointer?) -> UnsafeMutablePointer<SAVContext>? {
  raw?.assumingMemoryBound(to: SAVContext.self)
}

/// A numeric value of any ReadStat numeric type as Double (NaN for system-missing and for
/// Stata's extended missing values).
private func numericValue(_ value: readstat_value_t) -> Double {
  if readstat_value_is_system_missing(value) != 0 || readstat_value_is_tagged_missing(value) != 0 { return .nan }
  return readstat_double_value(value)
}

private let savMetadataHandler: readstat_metadata_handler = { metadata, raw in
  guard let ctx = context(raw) else { return handlerAbort }
  let n = readstat_get_row_count(metadata)
  if n >= 0 { ctx.pointee.rowCount = Int(n) }
  return handlerOK
}

private let savVariableHandler: readstat_variable_handler = { index, variable, valLabels, raw in
  guard let ctx = context(raw), let variable, index >= 0 else { return handlerAbort }
  let name = readstat_variable_get_name(variable).map { String(cString: $0) } ?? "V\(index + 1)"
  let label = readstat_variable_get_label(variable).map { String(cString: $0) } ?? ""
  let format = readstat_variable_get_format(variable).map { String(cString: $0) } ?? ""
  let isString = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING
  var discrete: [Double] = []
  var ranges: [ClosedRange<Double>] = []
  var texts: [String] = []
  if isString {
    // SPSS string variables have discrete missing values only (ReadStat gives each as lo == hi);
    // compared as SPSS does, without the trailing blanks of the fixed-width value.
    for k in 0..<readstat_variable_get_missing_ranges_count(variable) {
      for value in [readstat_variable_get_missing_range_lo(variable, k), readstat_variable_get_missing_range_hi(variable, k)] {
        guard let c = readstat_string_value(value) else { continue }
        var t = String(cString: c)
        while t.last == " " { t.removeLast() }
        if !texts.contains(t) { texts.append(t) }
      }
    }
  } else {
    for k in 0..<readstat_variable_get_missing_ranges_count(variable) {
      let lo = readstat_double_value(readstat_variable_get_missing_range_lo(variable, k))
      let hi = readstat_double_value(readstat_variable_get_missing_range_hi(variable, k))
      if lo == hi { discrete.append(lo) } else if lo <= hi { ranges.append(lo...hi) }
    }
  }
  let measure: VariableMetadata.Measure
  switch readstat_variable_get_measure(variable) {
  case READSTAT_MEASURE_NOMINAL: measure = .nominal
  case READSTAT_MEASURE_ORDINAL: measure = .ordinal
  case READSTAT_MEASURE_SCALE: measure = .scale
  default: measure = .unknown
  }
  let set = valLabels.map { String(cString: $0) }
  // Variables arrive in index order; indices beyond the next one would be a damaged file.
  let i = Int(index)
  guard i == ctx.pointee.variables.count else { return handlerAbort }
  ctx.pointee.variables.append(
    SAVContext.Variable(
      name: name, label: label, isString: isString, labelSet: set, missingDiscrete: discrete, missingRanges: ranges,
      missingTexts: texts, measure: measure, format: format, storageWidth: Int(readstat_variable_get_storage_width(variable))))
  ctx.pointee.isString.append(isString)
  ctx.pointee.numbers.append([])
  ctx.pointee.strings.append([])
  return handlerOK
}

private let savValueHandler: readstat_value_handler = { obsIndex, variable, value, raw in
  guard let ctx = context(raw), let variable else { return handlerAbort }
  let i = Int(readstat_variable_get_index(variable))
  let row = Int(obsIndex)
  guard i >= 0, i < ctx.pointee.isString.count, row >= 0 else { return handlerAbort }
  if ctx.pointee.isString[i] {
    guard ctx.pointee.strings[i].count == row else { ctx.pointee.rowsOutOfOrder = true; return handlerAbort }
    ctx.pointee.strings[i].append(readstat_string_value(value).map { String(cString: $0) } ?? "")
  } else {
    guard ctx.pointee.numbers[i].count == row else { ctx.pointee.rowsOutOfOrder = true; return handlerAbort }
    ctx.pointee.numbers[i].append(numericValue(value))
  }
  return handlerOK
}

private let savValueLabelHandler: readstat_value_label_handler = { valLabels, value, label, raw in
  guard let ctx = context(raw), let valLabels, let label else { return handlerAbort }
  guard readstat_value_type_class(value) == READSTAT_TYPE_CLASS_NUMERIC else { return handlerOK }
  let code = numericValue(value)
  guard !code.isNaN else { return handlerOK }
  ctx.pointee.labelSets[String(cString: valLabels), default: [:]][code] = String(cString: label)
  return handlerOK
}

private let savErrorHandler: readstat_error_handler = { message, raw in
  guard let ctx = context(raw), let message else { return }
  let text = String(cString: message).trimmingWhitespace()
  if !text.isEmpty && ctx.pointee.errorMessages.count < 20 { ctx.pointee.errorMessages.append(text) }
}

// MARK: - I/O: POSIX file access, with the SAV case count patched to −1

/// The file ReadStat reads, through our handlers. For SAV files the four bytes of the header's
/// case count (offset 80, `$FL2`/`$FL3` files) are handed to ReadStat as −1 and their original
/// value is kept: see `SAVReader`.
final class ReadStatIO {
  let patchSAVCaseCount: Bool
  var fd: Int32 = -1
  var position: Int64 = 0
  var openError: String? = nil
  /// Original header bytes 0..<4 (magic), 64..<68 (layout code) and 80..<84 (case count).
  var header = [UInt8](repeating: 0, count: 84)
  var headerSeen = [Bool](repeating: false, count: 84)

  init(patchSAVCaseCount: Bool) { self.patchSAVCaseCount = patchSAVCaseCount }

  /// The case count the SAV header declared (−1 = unknown), once the header has been read.
  var declaredSAVCaseCount: Int? {
    guard headerSeen[0..<4].allSatisfy({ $0 }), headerSeen[64..<68].allSatisfy({ $0 }), headerSeen[80..<84].allSatisfy({ $0 }),
          header[0..<4].elementsEqual(Array("$FL2".utf8)) || header[0..<4].elementsEqual(Array("$FL3".utf8))
    else { return nil }
    func int32(_ at: Int, littleEndian: Bool) -> Int32 {
      let b = header[at..<(at + 4)].map(UInt32.init)
      let v = littleEndian ? b[0] | b[1] << 8 | b[2] << 16 | b[3] << 24 : b[3] | b[2] << 8 | b[1] << 16 | b[0] << 24
      return Int32(bitPattern: v)
    }
    let le = [2, 3].contains(int32(64, littleEndian: true))
    return Int(int32(80, littleEndian: le))
  }

  /// Records header bytes and patches the case count in `buffer` (which holds file bytes
  /// `start..<start+count`).
  func inspect(_ buffer: UnsafeMutableRawBufferPointer, start: Int64) {
    guard start < 84 else { return }
    let end = min(Int64(84), start + Int64(buffer.count))
    var offset = start
    while offset < end {
      let k = Int(offset)
      let b = Int(offset - start)
      header[k] = buffer[b]
      headerSeen[k] = true
      offset += 1
    }
    guard patchSAVCaseCount, headerSeen[0..<4].allSatisfy({ $0 }),
          header[0..<4].elementsEqual(Array("$FL2".utf8)) || header[0..<4].elementsEqual(Array("$FL3".utf8))
    else { return }
    var k = max(start, 80)
    while k < end {
      buffer[Int(k - start)] = 0xFF
      k += 1
    }
  }
}

private func io(_ raw: UnsafeMutableRawPointer?) -> ReadStatIO? {
  raw.map { Unmanaged<ReadStatIO>.fromOpaque($0).takeUnretainedValue() }
}

private let readStatOpen: readstat_open_handler = { path, raw in
  guard let io = io(raw), let path else { return -1 }
  let fd: Int32
  do throws(InputFileError) { fd = try InputFile.openRegular(String(cString: path)) } catch {
    io.openError = error.reason
    return -1
  }
  io.fd = fd
  io.position = 0
  return fd
}

private let readStatClose: readstat_close_handler = { raw in
  guard let io = io(raw) else { return -1 }
  if io.fd >= 0 { close(io.fd) }
  io.fd = -1
  return 0
}

private let readStatSeek: readstat_seek_handler = { offset, whence, raw in
  guard let io = io(raw), io.fd >= 0 else { return -1 }
  let how: Int32
  switch whence {
  case READSTAT_SEEK_SET: how = SEEK_SET
  case READSTAT_SEEK_CUR: how = SEEK_CUR
  default: how = SEEK_END
  }
  let r = lseek(io.fd, offset, how)
  if r >= 0 { io.position = Int64(r) }
  return r
}

private let readStatRead: readstat_read_handler = { buf, nbyte, raw in
  guard let io = io(raw), io.fd >= 0, let buf else { return -1 }
  var n: Int
  repeat {
    n = read(io.fd, buf, nbyte)
  } while n < 0 && errno == EINTR
  if n > 0 {
    io.inspect(UnsafeMutableRawBufferPointer(start: buf, count: n), start: io.position)
    io.position += Int64(n)
  }
  return n
}

private let readStatUpdate: readstat_update_handler = { _, _, _, _ in READSTAT_OK }

// MARK: - DTA section map (releases 117–119)

/// The `<N>`, the section map and the record length of an XML-tagged DTA file (Stata 13+,
/// releases 117–119), read directly so the header's observation count can be checked against
/// the data section's size. Record length from `<variable_types>`: 1–2045 str# (that many
/// bytes), 32768 strL (8), 65526 double (8), 65527 float (4), 65528 long (4), 65529 int (2),
/// 65530 byte (1) (Stata's dta file-format description, "5.4 Variable types").
struct DTAHeaderProbe {
  var declaredN: Int
  /// Section offsets from `<map>` (14 entries: stata_data, map, variable_types, varnames,
  /// sortlist, formats, value_label_names, variable_labels, characteristics, data, strls,
  /// value_labels, end of stata_data, end of file).
  var offsets: [UInt64]
  var recordLength: Int

  /// Records in the data section (−1 when its size is no multiple of the record length), or
  /// nil when the map is unusable.
  func dataRecords() -> Int? {
    guard offsets.count == 14, recordLength > 0 else { return nil }
    let dataStart = offsets[9], strls = offsets[10]
    let open = UInt64("<data>".utf8.count), closeTag = UInt64("</data>".utf8.count)
    guard strls >= dataStart + open + closeTag else { return nil }
    let bytes = strls - dataStart - open - closeTag
    guard bytes % UInt64(recordLength) == 0 else { return -1 }
    return Int(bytes / UInt64(recordLength))
  }

  static func read(path: String) -> DTAHeaderProbe? {
    guard let fd = try? InputFile.openRegular(path) else { return nil }
    let h = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    guard let data = try? h.read(upToCount: 4096) else { return nil }
    let b = [UInt8](data)
    guard b.starts(with: Array("<stata_dta><header><release>".utf8)) else { return nil }
    func find(_ tag: String, in b: [UInt8]) -> Int? {
      let t = Array(tag.utf8)
      guard b.count >= t.count else { return nil }
      var i = 0
      while i <= b.count - t.count {
        if b[i] == t[0] && b[i..<(i + t.count)].elementsEqual(t) { return i + t.count }
        i += 1
      }
      return nil
    }
    guard let rel = find("<release>", in: b), rel + 3 <= b.count, let release = Int(String(decoding: b[rel..<(rel + 3)], as: UTF8.self)),
          (117...119).contains(release),
          let bo = find("<byteorder>", in: b), bo + 3 <= b.count
    else { return nil }
    let little = String(decoding: b[bo..<(bo + 3)], as: UTF8.self) == "LSF"
    func uint(_ bytes: [UInt8], _ at: Int, _ width: Int) -> UInt64? {
      guard at >= 0, at + width <= bytes.count else { return nil }
      var v: UInt64 = 0
      for k in 0..<width {
        let byte = UInt64(bytes[little ? at + width - 1 - k : at + k])
        v = v << 8 | byte
      }
      return v
    }
    guard let kAt = find("<K>", in: b), let k = uint(b, kAt, release == 119 ? 4 : 2), k > 0, k <= 1_000_000,
          let nAt = find("<N>", in: b), let n = uint(b, nAt, release == 117 ? 4 : 8), n <= UInt64(Int.max),
          let mapAt = find("<map>", in: b)
    else { return nil }
    var offsets: [UInt64] = []
    for i in 0..<14 {
      guard let o = uint(b, mapAt + 8 * i, 8) else { return nil }
      offsets.append(o)
    }
    let typesStart = offsets[2] + UInt64("<variable_types>".utf8.count)
    guard (try? h.seek(toOffset: typesStart)) != nil, let typeData = try? h.read(upToCount: Int(2 * k)), typeData.count == Int(2 * k) else { return nil }
    let types = [UInt8](typeData)
    var length = 0
    for i in 0..<Int(k) {
      guard let t = uint(types, 2 * i, 2) else { return nil }
      switch t {
      case 1...2045: length += Int(t)
      case 32768: length += 8
      case 65526: length += 8
      case 65527, 65528: length += 4
      case 65529: length += 2
      case 65530: length += 1
      default: return nil
      }
    }
    return DTAHeaderProbe(declaredN: Int(n), offsets: offsets, recordLength: length)
  }
}

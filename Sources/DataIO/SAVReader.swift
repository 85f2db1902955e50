import CReadStat
import Foundation

/// Reads an SPSS system file (`.sav`, also compressed `.zsav`) into a `DataTable` with ReadStat.
///
/// - Numeric variables become numeric columns; system-missing values are NaN.
///   **User-missing values keep their numeric value** (e.g. 9 stays 9): the codebook decides
///   what is missing. `userMissing[name]` lists the declared discrete missing values and,
///   for declared ranges (`7 THRU 9`, `LO THRU -1`), every distinct value of the column
///   that falls in a range, sorted ascending — so the list is complete for this file.
/// - String variables become text columns (UTF-8; SPSS's trailing blanks removed by ReadStat).
/// - `variableLabels[name]`: the variable label when it is not empty.
/// - `valueLabels[name]`: code → label for numeric variables (labels of string values are
///   not kept: `DataTable` has numeric codes only).
/// - `rowLocations` are the 1-based case numbers.
///
/// Character data is converted to UTF-8 by ReadStat (iconv) from the file's declared encoding.
///
/// Implementation notes: ReadStat 1.1.8 (Debian `libreadstat-dev`) calls the value-label
/// handler before the variable handler for SAV, so labels are collected per label-set
/// name and attached at the end. Context is passed to the C callbacks with
/// `Unmanaged.passUnretained`; the context object outlives `readstat_parse_sav` because the
/// call is inside `withExtendedLifetime`. Measured earlier: 96 MB (200 k × 60) in 1.6 s.
///
/// Validated against: pyreadstat 1.3.7 `read_sav(user_missing=True)` on Fixtures/same/same.sav.
public enum SAVReader {
  /// Reads the `.sav` file at `path`.
  ///
  /// - Throws: `DataError.unreadable` (missing or unreadable file), `.wrongFormat(expected: .sav)`
  ///   with ReadStat's message (not an SPSS file, truncated, bad compression), `.empty`
  ///   (no variables), `.headerOnly` (variables but no cases).
  public static func read(path: String) throws(DataError) -> DataTable {
    let fm = FileManager.default
    var isDirectory: ObjCBool = false
    guard fm.fileExists(atPath: path, isDirectory: &isDirectory) else {
      throw .unreadable(path: path, reason: "no such file")
    }
    guard !isDirectory.boolValue else { throw .unreadable(path: path, reason: "it is a directory") }
    guard fm.isReadableFile(atPath: path) else { throw .unreadable(path: path, reason: "permission denied") }
    if let size = (try? fm.attributesOfItem(atPath: path))?[.size] as? NSNumber, size.intValue == 0 {
      throw .empty(path: path)
    }

    let context = SAVContext()
    guard let parser = readstat_parser_init() else {
      throw .unreadable(path: path, reason: "ReadStat could not allocate a parser")
    }
    defer { readstat_parser_free(parser) }
    readstat_set_metadata_handler(parser, savMetadataHandler)
    readstat_set_variable_handler(parser, savVariableHandler)
    readstat_set_value_handler(parser, savValueHandler)
    readstat_set_value_label_handler(parser, savValueLabelHandler)
    readstat_set_error_handler(parser, savErrorHandler)

    let status = withExtendedLifetime(context) {
      readstat_parse_sav(parser, path, Unmanaged.passUnretained(context).toOpaque())
    }
    if status != READSTAT_OK {
      let base = String(cString: readstat_error_message(status))
      let detail = context.errorMessages.isEmpty ? "" : " (\(context.errorMessages.joined(separator: "; ")))"
      if status == READSTAT_ERROR_OPEN {
        throw .unreadable(path: path, reason: base + detail)
      }
      throw .wrongFormat(path: path, expected: .sav, reason: "ReadStat: " + base + detail)
    }
    return try context.table(path: path)
  }
}

/// What the ReadStat callbacks collect.
final class SAVContext {
  struct Variable {
    var name: String
    var label: String
    var isString: Bool
    var labelSet: String?
    var missingDiscrete: [Double]
    var missingRanges: [(lo: Double, hi: Double)]
  }

  var rowCount = -1
  var variables: [Variable] = []
  var numbers: [[Double]] = []
  var strings: [[String]] = []
  var labelSets: [String: [Double: String]] = [:]
  var errorMessages: [String] = []
  var maxRow = -1

  func table(path: String) throws(DataError) -> DataTable {
    guard !variables.isEmpty else { throw .empty(path: path) }
    let n = Swift.max(rowCount, maxRow + 1)
    guard n > 0 else { throw .headerOnly(path: path) }
    var columns: [ColumnValues] = []
    var variableLabels: [String: String] = [:]
    var valueLabels: [String: [Double: String]] = [:]
    var userMissing: [String: [Double]] = [:]
    for (i, v) in variables.enumerated() {
      if v.isString {
        var col = strings[i]
        if col.count < n { col += [String](repeating: "", count: n - col.count) }
        columns.append(.text(col))
      } else {
        var col = numbers[i]
        if col.count < n { col += [Double](repeating: .nan, count: n - col.count) }
        columns.append(.numeric(col))
        var missing = Set(v.missingDiscrete)
        for r in v.missingRanges {
          for x in col where !x.isNaN && x >= r.lo && x <= r.hi { missing.insert(x) }
        }
        if !missing.isEmpty { userMissing[v.name] = missing.sorted() }
        if let set = v.labelSet, let labels = labelSets[set], !labels.isEmpty { valueLabels[v.name] = labels }
      }
      if !v.label.isEmpty { variableLabels[v.name] = v.label }
    }
    return DataTable(
      path: path, format: .sav, columnNames: variables.map(\.name), columns: columns,
      rowLocations: Array(1...n), variableLabels: variableLabels, valueLabels: valueLabels,
      userMissing: userMissing)
  }
}

private let handlerOK = Int32(READSTAT_HANDLER_OK)
private let handlerAbort = Int32(READSTAT_HANDLER_ABORT)

private func context(_ raw: UnsafeMutableRawPointer?) -> SAVContext? {
  raw.map { Unmanaged<SAVContext>.fromOpaque($0).takeUnretainedValue() }
}

/// A numeric value of any ReadStat numeric type as Double (NaN for system-missing).
private func numericValue(_ value: readstat_value_t) -> Double {
  if readstat_value_is_system_missing(value) != 0 || readstat_value_is_tagged_missing(value) != 0 { return .nan }
  return readstat_double_value(value)
}

private let savMetadataHandler: readstat_metadata_handler = { metadata, raw in
  guard let ctx = context(raw) else { return handlerAbort }
  let n = readstat_get_row_count(metadata)
  if n >= 0 { ctx.rowCount = Int(n) }
  return handlerOK
}

private let savVariableHandler: readstat_variable_handler = { index, variable, valLabels, raw in
  guard let ctx = context(raw), let variable else { return handlerAbort }
  let name = readstat_variable_get_name(variable).map { String(cString: $0) } ?? "V\(index + 1)"
  let label = readstat_variable_get_label(variable).map { String(cString: $0) } ?? ""
  let isString = readstat_variable_get_type_class(variable) == READSTAT_TYPE_CLASS_STRING
  var discrete: [Double] = []
  var ranges: [(lo: Double, hi: Double)] = []
  if !isString {
    for k in 0..<readstat_variable_get_missing_ranges_count(variable) {
      let lo = readstat_double_value(readstat_variable_get_missing_range_lo(variable, k))
      let hi = readstat_double_value(readstat_variable_get_missing_range_hi(variable, k))
      if lo == hi { discrete.append(lo) } else { ranges.append((lo, hi)) }
    }
  }
  let set = valLabels.map { String(cString: $0) }
  let reserve = Swift.max(ctx.rowCount, 0)
  // Variables arrive in index order; grow the arrays to `index` defensively.
  while ctx.variables.count <= Int(index) {
    ctx.variables.append(
      SAVContext.Variable(name: "", label: "", isString: false, labelSet: nil, missingDiscrete: [], missingRanges: []))
    ctx.numbers.append([])
    ctx.strings.append([])
  }
  let i = Int(index)
  ctx.variables[i] = SAVContext.Variable(
    name: name, label: label, isString: isString, labelSet: set, missingDiscrete: discrete, missingRanges: ranges)
  if isString {
    ctx.strings[i] = [String](repeating: "", count: reserve)
  } else {
    ctx.numbers[i] = [Double](repeating: .nan, count: reserve)
  }
  return handlerOK
}

private let savValueHandler: readstat_value_handler = { obsIndex, variable, value, raw in
  guard let ctx = context(raw), let variable else { return handlerAbort }
  let i = Int(readstat_variable_get_index(variable))
  let row = Int(obsIndex)
  guard i >= 0, i < ctx.variables.count, row >= 0 else { return handlerAbort }
  if row > ctx.maxRow { ctx.maxRow = row }
  if ctx.variables[i].isString {
    if ctx.strings[i].count <= row {
      ctx.strings[i] += [String](repeating: "", count: row + 1 - ctx.strings[i].count)
    }
    ctx.strings[i][row] = readstat_string_value(value).map { String(cString: $0) } ?? ""
  } else {
    if ctx.numbers[i].count <= row {
      ctx.numbers[i] += [Double](repeating: .nan, count: row + 1 - ctx.numbers[i].count)
    }
    ctx.numbers[i][row] = numericValue(value)
  }
  return handlerOK
}

private let savValueLabelHandler: readstat_value_label_handler = { valLabels, value, label, raw in
  guard let ctx = context(raw), let valLabels, let label else { return handlerAbort }
  guard readstat_value_type_class(value) == READSTAT_TYPE_CLASS_NUMERIC else { return handlerOK }
  let code = numericValue(value)
  guard !code.isNaN else { return handlerOK }
  ctx.labelSets[String(cString: valLabels), default: [:]][code] = String(cString: label)
  return handlerOK
}

private let savErrorHandler: readstat_error_handler = { message, raw in
  guard let ctx = context(raw), let message else { return }
  let text = String(cString: message).trimmingWhitespace()
  if !text.isEmpty { ctx.errorMessages.append(text) }
}

// The byte-level CSV parser: fields and the cursor, and the steps of a whole file (encoding,
// dialect, header, records, decimal comma, cells recovered as text); the record loop itself is
// in `CSVReader+Records.swift`. Raw pointers to the file's bytes stay inside these files,
// `CSVReader+Parallel.swift`, `CSVReader+Levels.swift`, `CSVReader+Number.swift` and
// `TextDecoding.swift`; nothing unsafe escapes `CSVReader.parse`.

let quoteByte: UInt8 = 0x22
let lineFeed: UInt8 = 0x0A
let carriageReturn: UInt8 = 0x0D
let tabByte: UInt8 = 0x09
let spaceByte: UInt8 = 0x20

/// One field as a byte range of the file (quotes excluded).
struct CSVFieldSpan {
  var start: Int
  var end: Int
  /// The field was quoted.
  var quoted: Bool
  /// The quoted content holds doubled quotes that must be undone.
  var escaped: Bool
  /// The field is the last of its record.
  var endsRecord: Bool
}

/// A position in the file with its physical line, advancing field by field.
struct CSVCursor {
  let p: UnsafePointer<UInt8>
  let end: Int
  let delimiter: UInt8
  let maxLineLength: Int
  let path: String
  /// Next byte to read.
  var pos: Int
  /// 1-based physical line of `pos`.
  var line: Int
  /// Offset where the current physical line starts.
  var lineStart: Int

  /// Reads the next field; `column` (0-based) is only used for error messages.
  @inline(__always)
  mutating func nextField(column: Int) throws(DataError) -> CSVFieldSpan {
    if pos < end && p[pos] == quoteByte { return try quotedField(column: column) }
    let s = pos
    let d = delimiter
    while pos < end {
      let c = p[pos]
      if c == d || c == lineFeed || c == carriageReturn { break }
      pos += 1
    }
    let e = pos
    let last = try terminate()
    return CSVFieldSpan(start: s, end: e, quoted: false, escaped: false, endsRecord: last)
  }

  /// Consumes the delimiter or line end after a field; true when the record ends.
  @inline(__always)
  mutating func terminate() throws(DataError) -> Bool {
    guard pos < end else {
      if pos - lineStart > maxLineLength { throw .lineTooLong(path: path, line: line, limit: maxLineLength) }
      return true
    }
    let c = p[pos]
    if c == delimiter {
      pos += 1
      return false
    }
    if pos - lineStart > maxLineLength { throw .lineTooLong(path: path, line: line, limit: maxLineLength) }
    pos += 1
    if c == carriageReturn && pos < end && p[pos] == lineFeed { pos += 1 }
    line += 1
    lineStart = pos
    return true
  }

  mutating func quotedField(column: Int) throws(DataError) -> CSVFieldSpan {
    let openLine = line
    pos += 1
    let s = pos
    var escaped = false
    while true {
      guard pos < end else { throw .unbalancedQuote(path: path, line: openLine, column: column + 1) }
      let c = p[pos]
      if c == quoteByte {
        if pos + 1 < end && p[pos + 1] == quoteByte {
          escaped = true
          pos += 2
          continue
        }
        break
      }
      if c == lineFeed || (c == carriageReturn && !(pos + 1 < end && p[pos + 1] == lineFeed)) {
        if pos - lineStart > maxLineLength { throw .lineTooLong(path: path, line: line, limit: maxLineLength) }
        line += 1
        lineStart = pos + 1
      }
      pos += 1
    }
    let e = pos
    pos += 1
    // Spaces after the closing quote are tolerated; anything else means the quote was not
    // the field's closing quote, i.e. the field opened at `openLine` is unbalanced.
    while pos < end && (p[pos] == spaceByte || (p[pos] == tabByte && delimiter != tabByte)) { pos += 1 }
    if pos < end {
      let c = p[pos]
      if c != delimiter && c != lineFeed && c != carriageReturn {
        throw .unbalancedQuote(path: path, line: openLine, column: column + 1)
      }
    }
    let last = try terminate()
    return CSVFieldSpan(start: s, end: e, quoted: true, escaped: escaped, endsRecord: last)
  }

  /// Reads a whole record's fields.
  mutating func nextRecord() throws(DataError) -> [CSVFieldSpan] {
    var fields: [CSVFieldSpan] = []
    while true {
      let f = try nextField(column: fields.count)
      fields.append(f)
      if f.endsRecord { return fields }
    }
  }

  /// Skips line ends (blank lines), keeping the line count.
  mutating func skipBlankLines() {
    while pos < end && (p[pos] == lineFeed || p[pos] == carriageReturn) {
      let c = p[pos]
      pos += 1
      if c == carriageReturn && pos < end && p[pos] == lineFeed { pos += 1 }
      line += 1
      lineStart = pos
    }
  }
}

extension CSVReader {
  /// Parses a whole file held in `buffer`.
  static func parse(_ buffer: UnsafeBufferPointer<UInt8>, path: String, options: CSVOptions) throws(DataError)
    -> DataTable
  {
    guard let p = buffer.baseAddress, buffer.count > 0 else { throw .empty(path: path) }
    let n = buffer.count

    // 1. Encoding.
    let hasBOM = n >= 3 && p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF
    let scan = TextDecoding.scan(buffer)
    if let nul = scan.firstNUL { throw .notText(path: path, offset: nul) }
    let encoding: DetectedEncoding
    switch options.encoding {
    case .utf8:
      if let bad = scan.firstInvalidUTF8 { throw .notText(path: path, offset: bad) }
      encoding = .utf8
    case .windows1252:
      encoding = .windows1252
    case .auto:
      encoding = (hasBOM || scan.firstInvalidUTF8 == nil) ? .utf8 : .windows1252
    }
    let start = (hasBOM && encoding == .utf8) ? 3 : 0

    // 2. Content end: trailing line ends are blank lines, not records.
    var contentEnd = n
    while contentEnd > start && (p[contentEnd - 1] == lineFeed || p[contentEnd - 1] == carriageReturn) {
      contentEnd -= 1
    }
    var firstContent = start
    while firstContent < contentEnd
      && (p[firstContent] == lineFeed || p[firstContent] == carriageReturn || p[firstContent] == spaceByte
        || p[firstContent] == tabByte)
    {
      firstContent += 1
    }
    if firstContent >= contentEnd { throw .empty(path: path) }

    // 3. Dialect.
    let delimiter: UInt8
    if let d = options.delimiter {
      guard let a = d.asciiValue, a != quoteByte, a != lineFeed, a != carriageReturn else {
        throw .malformed(
          path: path, location: "options",
          reason: "delimiter \(String(reflecting: d)) is not allowed; use one ASCII character such as , ; or tab")
      }
      delimiter = a
    } else {
      delimiter = detectDelimiter(p, from: start, to: contentEnd)
    }
    let allowDot: Bool
    let allowComma: Bool
    let detectDecimal: Bool
    switch options.decimalSeparator {
    case nil:
      allowDot = true
      allowComma = delimiter == 0x3B || delimiter == tabByte
      detectDecimal = allowComma
    case "."?:
      (allowDot, allowComma, detectDecimal) = (true, false, false)
    case ","?:
      (allowDot, allowComma, detectDecimal) = (false, true, false)
    case let other?:
      throw .malformed(
        path: path, location: "options",
        reason: "decimal separator \(String(reflecting: other)) is not allowed; use \".\" or \",\"")
    }

    var cursor = CSVCursor(
      p: p, end: n, delimiter: delimiter, maxLineLength: options.maxLineLength, path: path,
      pos: start, line: 1, lineStart: start)
    cursor.skipBlankLines()

    // 4. Header.
    let names: [String]
    let dataStart = (pos: cursor.pos, line: cursor.line)
    let first = try cursor.nextRecord()
    if options.hasHeader {
      names = first.map { f in fieldText(p, f, encoding).trimmingWhitespace() }
      var seen: [String: Int] = [:]
      for (j, name) in names.enumerated() {
        if name.isEmpty {
          throw .badHeader(path: path, column: j + 1, reason: "the column name is empty; every column needs a name")
        }
        if let k = seen[name] {
          throw .badHeader(
            path: path, column: j + 1, reason: "the name '\(name)' is also column \(k + 1); names must be unique")
        }
        seen[name] = j
      }
    } else {
      names = (1...first.count).map { "V\($0)" }
      cursor.pos = dataStart.pos
      cursor.line = dataStart.line
      cursor.lineStart = dataStart.pos
    }
    let columnCount = names.count
    var labels: [String: String] = [:]
    if options.labelRow && options.hasHeader {
      cursor.skipBlankLines()
      let labelLine = cursor.line
      let row = try cursor.nextRecord()
      guard row.count == columnCount else {
        throw .raggedRow(path: path, line: labelLine, found: row.count, expected: columnCount)
      }
      for (j, f) in row.enumerated() {
        let text = fieldText(p, f, encoding).trimmingWhitespace()
        if !text.isEmpty { labels[names[j]] = text }
      }
    }

    // 5. Records. Reserve for the estimated row count (from the first data line's length),
    // but never more than the bytes could hold (each record needs `columnCount` bytes).
    var firstLineEnd = cursor.pos
    while firstLineEnd < contentEnd && p[firstLineEnd] != lineFeed { firstLineEnd += 1 }
    let remaining = max(contentEnd - cursor.pos, 0)
    let lineLength = max(firstLineEnd - cursor.pos + 1, 1)
    let estimatedRows = min(remaining / lineLength + remaining / lineLength / 16 + 16, remaining / columnCount + 2)

    let recordsStart = (pos: cursor.pos, line: cursor.line)
    var state = try parseRecordsInParallel(
      p: p, count: n, from: cursor.pos, line: cursor.line, to: contentEnd, delimiter: delimiter, options: options,
      columnCount: columnCount, estimatedRows: estimatedRows, encoding: encoding, dot: allowDot, comma: allowComma, path: path)
    if state == nil {
      cursor.pos = recordsStart.pos
      cursor.line = recordsStart.line
      cursor.lineStart = recordsStart.pos
      state = try parseRecords(
        cursor: &cursor, contentEnd: contentEnd, columnCount: columnCount, reserve: estimatedRows,
        levels: options.textAsLevels, encoding: encoding, dot: allowDot, comma: allowComma)
    }
    guard var state else { throw .empty(path: path) }
    var columns = state.columns
    let rowLines = state.rowLines
    let rowOffsets = state.rowOffsets
    let row = state.row
    state = CSVRecordState(columnCount: 0, reserve: 0)
    if row == 0 { throw options.hasHeader ? .headerOnly(path: path) : .empty(path: path) }
    let levels = options.textAsLevels

    // 6. Decimal comma: detected when a column that stayed numeric used it; columns that
    // then wrote "." as decimal point are text.
    if detectDecimal && columns.contains(where: { !$0.isText && $0.sawCommaDecimal }) {
      for j in 0..<columnCount where !columns[j].isText && columns[j].sawDotDecimal {
        columns[j].isText = true
        columns[j].textFromRow = row
        columns[j].numbers = []
        columns[j].texts = []
        columns[j].interner = CSVLevelInterner()
      }
    }

    // 7. Recover, as text, the cells of columns that turned text after their first rows.
    let pending = columns.indices.filter { columns[$0].isText && columns[$0].textFromRow > 0 }
    if !pending.isEmpty {
      var prefixes = [[String]](repeating: [], count: columnCount)
      var prefixCodes = [[UInt32]](repeating: [], count: columnCount)
      let lastRow = pending.map { columns[$0].textFromRow }.max() ?? 0
      var needed = [Int](repeating: 0, count: columnCount)
      for j in pending {
        needed[j] = columns[j].textFromRow
        if levels { prefixCodes[j].reserveCapacity(needed[j]) } else { prefixes[j].reserveCapacity(needed[j]) }
      }
      for r in 0..<lastRow {
        cursor.pos = rowOffsets[r]
        cursor.line = rowLines[r]
        cursor.lineStart = rowOffsets[r]
        var j = 0
        while true {
          let f = try cursor.nextField(column: j)
          if j < columnCount && r < needed[j] {
            if levels && columns[j].interner.plain {
              prefixes[j].append(fieldText(p, f, encoding))
            } else if levels {
              prefixCodes[j].append(columns[j].interner.code(p, f, encoding))
            } else {
              prefixes[j].append(fieldText(p, f, encoding))
            }
          }
          j += 1
          if f.endsRecord { break }
        }
      }
      for j in pending {
        if levels {
          columns[j].interner.prepend(codes: prefixCodes[j], texts: prefixes[j])
        } else {
          columns[j].texts = prefixes[j] + columns[j].texts
        }
      }
    }

    var values: [ColumnValues] = []
    values.reserveCapacity(columnCount)
    for j in 0..<columnCount {
      if columns[j].isText && levels {
        values.append(columns[j].interner.values())
        columns[j].interner = CSVLevelInterner()
      } else if columns[j].isText {
        values.append(.text(columns[j].texts))
        columns[j].texts = []
      } else {
        values.append(.numeric(columns[j].numbers))
        columns[j].numbers = []
      }
    }
    return DataTable(path: path, format: .csv, columnNames: names, columns: values, rowLocations: rowLines,
                     variableLabels: labels)
  }

  /// The field's text: quotes removed, doubled quotes undone, decoded.
  static func fieldText(_ p: UnsafePointer<UInt8>, _ f: CSVFieldSpan, _ encoding: DetectedEncoding) -> String {
    f.escaped
      ? TextDecoding.decodeUnescaping(p + f.start, count: f.end - f.start, as: encoding)
      : TextDecoding.decode(p + f.start, count: f.end - f.start, as: encoding)
  }

  /// Picks the delimiter among `;`, tab and `,` from up to 50 records after `from`.
  ///
  /// Counts each candidate outside quotes per record. A candidate is consistent when the
  /// header count is positive and every sampled record has the same count; the consistent
  /// candidate with the highest count wins (ties: `;`, tab, `,`). Without one, the candidate
  /// most frequent in the header wins; with none in the header (one column), `;`, so that a
  /// decimal comma is still read as a number.
  static func detectDelimiter(_ p: UnsafePointer<UInt8>, from: Int, to end: Int) -> UInt8 {
    let candidates: [UInt8] = [0x3B, tabByte, 0x2C]
    var counts: [[Int]] = []
    var current = [0, 0, 0]
    var inQuote = false
    var i = from
    var lineHasContent = false
    while i < end && counts.count < 50 {
      let c = p[i]
      if inQuote {
        if c == quoteByte { inQuote = false }
      } else if c == quoteByte {
        inQuote = true
        lineHasContent = true
      } else if c == lineFeed || c == carriageReturn {
        if lineHasContent { counts.append(current) }
        current = [0, 0, 0]
        lineHasContent = false
      } else {
        lineHasContent = true
        if c == 0x3B { current[0] += 1 } else if c == tabByte { current[1] += 1 } else if c == 0x2C { current[2] += 1 }
      }
      i += 1
    }
    if lineHasContent && counts.count < 50 { counts.append(current) }
    guard let header = counts.first else { return 0x3B }
    var best: Int? = nil
    for k in 0..<3 where header[k] > 0 && counts.allSatisfy({ $0[k] == header[k] }) {
      if best.map({ header[k] > header[$0] }) ?? true { best = k }
    }
    if best == nil {
      for k in 0..<3 where header[k] > 0 {
        if best.map({ header[k] > header[$0] }) ?? true { best = k }
      }
    }
    return candidates[best ?? 0]
  }
}

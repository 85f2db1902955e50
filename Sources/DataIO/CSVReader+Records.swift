// The record loop of the CSV parser: the state it keeps across blocks, the per-block hot loop
// (fields scanned and numbers converted in one pass into a small column-major block) and the
// flush of a block into the columns (or into storage given by the parallel parse). Raw pointers
// to the file's bytes: see `CSVReader+Parser.swift`.

/// What the record loop keeps across blocks.
struct CSVRecordState {
  let columnCount: Int
  /// Text columns are interned into levels (`CSVOptions.textAsLevels`).
  var levels = false
  var columns: [CSVColumnBuilder]
  var isText: [Bool]
  var textColumnCount = 0
  var row = 0
  /// 1-based line and byte offset where each record starts.
  var rowLines: [Int] = []
  var rowOffsets: [Int] = []
  /// A chunk parse (`parseRecordsInParallel`) found more records than its line feeds allow.
  var overflowed = false

  /// Room for `reserve` records; the columns' numbers too unless they go elsewhere
  /// (`parseRecords(destination:)`).
  init(columnCount: Int, reserve: Int, reserveNumbers: Bool = true) {
    self.columnCount = columnCount
    columns = [CSVColumnBuilder](repeating: CSVColumnBuilder(), count: columnCount)
    isText = [Bool](repeating: false, count: columnCount)
    if reserveNumbers { for j in 0..<columnCount { columns[j].numbers.reserveCapacity(reserve) } }
    rowLines.reserveCapacity(reserve)
    rowOffsets.reserveCapacity(reserve)
  }
}

/// A column under construction: numbers until the first cell that is not one, then text
/// (one string per cell, or interned codes in `levels` mode).
struct CSVColumnBuilder {
  var numbers: [Double] = []
  var texts: [String] = []
  var interner = CSVLevelInterner()
  var isText = false
  /// Rows before this one were parsed as numbers and must be recovered as text.
  var textFromRow = 0
  var sawDotDecimal = false
  var sawCommaDecimal = false
}

extension CSVReader {
  /// Parses the records from `cursor` until `contentEnd` (the record that crosses it is read
  /// whole; the cursor ends after it). With `destination` (one address per column), numbers
  /// are written to `destination[j] + rowOffset + row` instead of the columns' arrays, and the
  /// parse stops, `overflowed`, before a record past `rowLimit` would be written.
  static func parseRecords(
    cursor: inout CSVCursor, contentEnd: Int, columnCount: Int, reserve: Int, levels: Bool,
    encoding: DetectedEncoding, dot allowDot: Bool, comma allowComma: Bool,
    destination: [UInt]? = nil, rowOffset: Int = 0, rowLimit: Int = .max
  ) throws(DataError) -> CSVRecordState {
    // Numbers go into a small column-major block of `blockRows` rows (one local array, so the
    // hot loop has no nested copy-on-write checks) that is appended to the columns, one memcpy
    // per column, when it fills. The block stays in L1/L2: 120 rows = 960 bytes per column,
    // 15 cache lines, an odd multiple that spreads the columns over the cache sets.
    // Text columns skip the block: their earlier cells are recovered from the file (step 7).
    // (Very wide files get fewer rows per block, so the block stays ≤ 8 MB.)
    let blockRows = max(1, min(120, (1 << 20) / columnCount))
    var block = [Double](repeating: .nan, count: blockRows * columnCount)
    var state = CSVRecordState(columnCount: columnCount, reserve: reserve, reserveNumbers: destination == nil)
    state.levels = levels
    while cursor.pos < contentEnd {
      var rowsInBlock = 0
      do {
        // A MutableSpan checks uniqueness once per block instead of once per cell.
        var cells = block.mutableSpan
        rowsInBlock = try parseBlock(
          &cells, blockRows: blockRows, cursor: &cursor, state: &state, contentEnd: contentEnd,
          encoding: encoding, dot: allowDot, comma: allowComma)
      }
      if let destination {
        if state.row > rowLimit {
          state.overflowed = true
          return state
        }
        flushBlock(block, blockRows: blockRows, rows: rowsInBlock, isText: state.isText, to: destination,
                   row: rowOffset + state.row - rowsInBlock)
      } else {
        flushBlock(block, blockRows: blockRows, rows: rowsInBlock, isText: state.isText, into: &state.columns)
      }
    }
    return state
  }

  /// Parses records into `cells` (column-major, `blockRows` rows) until the block is full or
  /// the content ends; returns the number of rows parsed. A separate function keeps the hot
  /// loop's few variables in registers.
  @inline(never)
  static func parseBlock(
    _ cells: inout MutableSpan<Double>, blockRows: Int, cursor: inout CSVCursor, state: inout CSVRecordState,
    contentEnd: Int, encoding: DetectedEncoding, dot allowDot: Bool, comma allowComma: Bool
  ) throws(DataError) -> Int {
    var c = cursor
    defer { cursor = c }
    let p = c.p
    let n = c.end
    let delimiterByte = c.delimiter
    var blockRow = 0
    while blockRow < blockRows && c.pos < contentEnd {
      let recordStart = c.pos
      let recordLine = c.line
      var j = 0
      while true {
        // One field. Unquoted fields are scanned and, when they are plain digits, converted
        // in the same loop (the integer fast path); everything else goes through
        // `parseNumber` or, for text columns, `fieldText`.
        var f: CSVFieldSpan
        var plainValue = Double.nan
        var plain = false
        let here = c.pos
        if here + 1 < n && p[here &+ 1] == delimiterByte && p[here] &- 0x30 <= 9 {
          // Fastest path: one digit and a delimiter (Likert answers, codes, counts).
          plain = true
          plainValue = Double(Int64(p[here] &- 0x30))
          c.pos = here &+ 2
          f = CSVFieldSpan(start: here, end: here &+ 1, quoted: false, escaped: false, endsRecord: false)
        } else if here < n && p[here] == delimiterByte {
          // An empty field followed by a delimiter: NaN.
          plain = true
          c.pos = here &+ 1
          f = CSVFieldSpan(start: here, end: here, quoted: false, escaped: false, endsRecord: false)
        } else if here < n && p[here] == quoteByte {
          f = try c.quotedField(column: j)
        } else {
          let s = c.pos
          var i = s
          var m: Int64 = 0
          var digitsOnly = true
          while i < n {
            let byte = p[i]
            if byte == delimiterByte || byte == lineFeed || byte == carriageReturn { break }
            let d = byte &- 0x30
            if d > 9 { digitsOnly = false } else { m = m &* 10 &+ Int64(d) }
            i += 1
          }
          let length = i - s
          if digitsOnly && length <= 15 && (length <= 1 || p[s] != 0x30) {
            plain = true
            plainValue = length == 0 ? .nan : Double(m)
          }
          c.pos = i
          let last: Bool
          if i < n && p[i] == delimiterByte {
            c.pos = i + 1
            last = false
          } else {
            last = try c.terminate()
          }
          f = CSVFieldSpan(start: s, end: i, quoted: false, escaped: false, endsRecord: last)
          if j == 0 && last && length == 0 && state.columnCount > 1 {
            throw .raggedRow(path: c.path, line: recordLine, found: 1, expected: state.columnCount)
          }
        }
        if j < state.columnCount {
          if state.textColumnCount > 0 && state.isText[j] {
            if state.levels {
              state.columns[j].interner.append(p, f, encoding)
            } else {
              state.columns[j].texts.append(fieldText(p, f, encoding))
            }
          } else if plain {
            cells[j &* blockRows &+ blockRow] = plainValue
          } else {
            var v = Double.nan
            let kind: CSVNumberKind =
              f.escaped ? .notNumber : parseNumber(p, f.start, f.end, dot: allowDot, comma: allowComma, &v)
            switch kind {
            case .integer, .empty:
              cells[j &* blockRows &+ blockRow] = v
            case .dotDecimal:
              state.columns[j].sawDotDecimal = true
              cells[j &* blockRows &+ blockRow] = v
            case .commaDecimal:
              state.columns[j].sawCommaDecimal = true
              cells[j &* blockRows &+ blockRow] = v
            case .notNumber:
              state.isText[j] = true
              state.textColumnCount += 1
              state.columns[j].isText = true
              state.columns[j].textFromRow = state.row
              state.columns[j].numbers = []
              if state.levels {
                state.columns[j].interner.append(p, f, encoding)
              } else {
                state.columns[j].texts.append(fieldText(p, f, encoding))
              }
            }
          }
        }
        j += 1
        if f.endsRecord { break }
      }
      if j != state.columnCount {
        throw .raggedRow(path: c.path, line: recordLine, found: j, expected: state.columnCount)
      }
      state.rowLines.append(recordLine)
      state.rowOffsets.append(recordStart)
      state.row += 1
      blockRow += 1
    }
    return blockRow
  }

  /// Appends the first `rows` rows of the column-major `block` to the numeric columns.
  static func flushBlock(
    _ block: [Double], blockRows: Int, rows: Int, isText: [Bool], into columns: inout [CSVColumnBuilder]
  ) {
    for j in 0..<columns.count where !isText[j] {
      columns[j].numbers.append(contentsOf: block[(j * blockRows)..<(j * blockRows + rows)])
    }
  }

  /// Copies the first `rows` rows of the column-major `block` to the numeric columns'
  /// storage at `destination[j]` (addresses), starting at `row`.
  static func flushBlock(_ block: [Double], blockRows: Int, rows: Int, isText: [Bool], to destination: [UInt], row: Int) {
    block.withUnsafeBufferPointer { b in
      guard let base = b.baseAddress else { return }
      for j in 0..<destination.count where !isText[j] {
        guard let column = UnsafeMutablePointer<Double>(bitPattern: destination[j]) else { continue }
        (column + row).initialize(from: base + j * blockRows, count: rows)
      }
    }
  }
}

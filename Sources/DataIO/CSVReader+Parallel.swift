import Foundation

// Parsing the records of one file on several threads: the byte range after the header is cut
// at line ends into chunks, each chunk is parsed on its own thread as if it were a file of its
// own, writing its numbers straight into the columns' final storage, and the chunks are checked
// and joined in order.
//
// Why the result equals the one-thread parse:
// - A cut is just after a line feed. The first chunk is parsed from a known record start, and
//   each chunk's parse ends after the record that crosses its end; when it ends exactly at the
//   next cut, that cut was a record start and the next chunk read the same records the
//   one-thread parse reads.
// - Rows: before parsing, the line feeds of each chunk are counted; without quoted line breaks
//   a chunk holds exactly that many records (the last chunk one more), which gives each chunk
//   its first row in the columns. A chunk whose record count differs (a quoted line break), a
//   chunk that ends elsewhere than at the next cut (a cut inside a quoted field), or an error
//   after the first chunk make the reader parse the file again on one thread, so values,
//   types, lines and errors never depend on the thread count. A chunk stops before writing a
//   row past its share, so chunks never write each other's rows.
// - Lines: each chunk counts from 1 and is shifted by the lines of the chunks before it.
// - Columns: a column that is text in some chunk is text; its cells from the last run of
//   chunks that were text throughout (the "text suffix") are kept, and the cells before are
//   recovered from the file exactly as for a column that turned text part-way in a one-thread
//   parse (step 7 of `parse`). Levels are re-interned into the interner of the suffix's first
//   chunk (`CSVLevelInterner.absorb`).

/// What one chunk's parse left: its records (lines counted from 1) and where it ended.
private final class CSVChunkResult: @unchecked Sendable {
  var state: CSVRecordState?
  var error: DataError?
  var endPosition = 0
  var endLine = 0
  var lineFeeds = 0
}

extension CSVReader {
  /// Files with more columns are parsed on one thread (the columns' storage is allocated one
  /// nested scope per column).
  static let maximumParallelColumns = 512

  /// The records from `start` (line `line`) to `contentEnd` parsed on `options.threads`
  /// threads, or `nil` when the file should be parsed on one thread (one thread asked for, a
  /// small or very wide file, or a chunk that does not join; see above). An error in the first
  /// chunk is thrown: the one-thread parse would throw it too.
  static func parseRecordsInParallel(
    p: UnsafePointer<UInt8>, count n: Int, from start: Int, line: Int, to contentEnd: Int, delimiter: UInt8,
    options: CSVOptions, columnCount: Int, estimatedRows: Int, encoding: DetectedEncoding,
    dot allowDot: Bool, comma allowComma: Bool, path: String
  ) throws(DataError) -> CSVRecordState? {
    let threads = Swift.min(options.threads, (contentEnd - start) / Swift.max(options.minimumChunkBytes, 1))
    guard threads > 1, columnCount <= maximumParallelColumns else { return nil }
    // Cuts: after the first line feed at or past each even share of the bytes.
    var bounds = [start]
    for t in 1..<threads {
      var cut = start + (contentEnd - start) / threads * t
      while cut < contentEnd && p[cut] != lineFeed { cut += 1 }
      cut += 1
      if cut < contentEnd && cut > bounds[bounds.count - 1] { bounds.append(cut) }
    }
    bounds.append(contentEnd)
    let chunkCount = bounds.count - 1
    guard chunkCount > 1 else { return nil }
    let cuts = bounds
    let results = (0..<chunkCount).map { _ in CSVChunkResult() }
    let address = UInt(bitPattern: p)

    // 1. Line feeds per chunk, hence each chunk's first row and the row count.
    DispatchQueue.concurrentPerform(iterations: chunkCount) { t in
      guard let p = UnsafePointer<UInt8>(bitPattern: address) else { return }
      var count = 0
      for i in cuts[t]..<cuts[t + 1] where p[i] == lineFeed { count += 1 }
      results[t].lineFeeds = count
    }
    var rowStarts = [0]
    for t in 0..<chunkCount {
      rowStarts.append(rowStarts[t] + results[t].lineFeeds + (t == chunkCount - 1 ? 1 : 0))
    }
    let firstRow = rowStarts
    let rows = firstRow[chunkCount]

    // 2. The chunks, each writing its numbers into the columns' storage at its rows.
    var merged: CSVRecordState? = nil
    let (levels, maxLineLength) = (options.textAsLevels, options.maxLineLength)
    let columns = withColumnStorage(columnCount: columnCount, rows: rows) { storage -> [Bool] in
      let destination = storage.map { UInt(bitPattern: $0) }
      DispatchQueue.concurrentPerform(iterations: chunkCount) { t in
        guard let p = UnsafePointer<UInt8>(bitPattern: address) else { return }
        let from = cuts[t], to = cuts[t + 1]
        let share = firstRow[t + 1] - firstRow[t]
        var cursor = CSVCursor(
          p: p, end: n, delimiter: delimiter, maxLineLength: maxLineLength, path: path,
          pos: from, line: t == 0 ? line : 1, lineStart: from)
        do throws(DataError) {
          results[t].state = try parseRecords(
            cursor: &cursor, contentEnd: to, columnCount: columnCount, reserve: share, levels: levels,
            encoding: encoding, dot: allowDot, comma: allowComma,
            destination: destination, rowOffset: firstRow[t], rowLimit: share)
        } catch {
          results[t].error = error
        }
        results[t].endPosition = cursor.pos
        results[t].endLine = cursor.line
      }
      merged = join(results, cuts: cuts, firstRow: firstRow, columnCount: columnCount, p: p, encoding: encoding)
      guard let merged else { return [Bool](repeating: false, count: columnCount) }
      return merged.isText.map { !$0 }
    }
    if let error = results[0].error { throw error }
    guard var merged else { return nil }
    for j in 0..<columnCount where !merged.isText[j] { merged.columns[j].numbers = columns[j] }
    return merged
  }

  /// The chunks joined in order, or nil when they do not fit together (see above).
  private static func join(
    _ results: [CSVChunkResult], cuts: [Int], firstRow: [Int], columnCount: Int,
    p: UnsafePointer<UInt8>, encoding: DetectedEncoding
  ) -> CSVRecordState? {
    let chunkCount = results.count
    for t in 0..<chunkCount {
      guard results[t].error == nil, let state = results[t].state, !state.overflowed,
            state.row == firstRow[t + 1] - firstRow[t] else { return nil }
      if t + 1 < chunkCount && results[t].endPosition != cuts[t + 1] { return nil }
    }
    guard var merged = results[0].state else { return nil }
    results[0].state = nil
    var lineShift = results[0].endLine - 1
    for t in 1..<chunkCount {
      guard let chunk = results[t].state else { return nil }
      results[t].state = nil
      let rowBase = merged.row
      merged.rowLines.reserveCapacity(rowBase + chunk.row)
      for l in chunk.rowLines { merged.rowLines.append(l + lineShift) }
      merged.rowOffsets.append(contentsOf: chunk.rowOffsets)
      for j in 0..<columnCount {
        join(&merged.columns[j], with: chunk.columns[j], rowBase: rowBase, chunkRows: chunk.row, p: p, encoding: encoding)
        merged.isText[j] = merged.columns[j].isText
      }
      merged.row += chunk.row
      lineShift += results[t].endLine - 1
    }
    merged.textColumnCount = merged.isText.reduce(0) { $0 + ($1 ? 1 : 0) }
    return merged
  }

  /// Appends a chunk's column (`chunkRows` rows starting at row `rowBase`) to the column so far.
  /// Numbers are already in the columns' storage; this joins types, flags and text.
  private static func join(
    _ a: inout CSVColumnBuilder, with b: CSVColumnBuilder, rowBase: Int, chunkRows: Int,
    p: UnsafePointer<UInt8>, encoding: DetectedEncoding
  ) {
    switch (a.isText, b.isText) {
    case (false, false):
      a.sawDotDecimal = a.sawDotDecimal || b.sawDotDecimal
      a.sawCommaDecimal = a.sawCommaDecimal || b.sawCommaDecimal
    case (true, true) where b.textFromRow == 0:
      // The text suffix goes on (levels, or one string per cell: the other side is empty).
      a.interner.absorb(b.interner, p, encoding)
      a.texts.append(contentsOf: b.texts)
    case (_, true):
      // The chunk turned text after numeric rows (or the column was numeric so far): the text
      // suffix starts in this chunk; everything before is recovered from the file.
      a.isText = true
      a.textFromRow = rowBase + b.textFromRow
      a.texts = b.texts
      a.interner = b.interner
    case (true, false):
      // A numeric chunk after text: the text suffix is empty so far and every row up to here
      // is recovered from the file.
      a.textFromRow = rowBase + chunkRows
      a.texts = []
      a.interner = CSVLevelInterner()
    }
  }

  /// Runs `body` with uninitialised storage for `columnCount` columns of `rows` numbers each
  /// and returns the columns: those `body` reports as filled (every one of their `rows` values
  /// written) with `rows` values, the others empty. One nested
  /// `Array(unsafeUninitializedCapacity:)` scope per column keeps every pointer valid while
  /// `body` runs; pages are touched only by the threads that write them.
  static func withColumnStorage(
    columnCount: Int, rows: Int, _ body: ([UnsafeMutablePointer<Double>]) -> [Bool]
  ) -> [[Double]] {
    var pointers: [UnsafeMutablePointer<Double>] = []
    pointers.reserveCapacity(columnCount)
    var filled: [Bool] = []
    var columns: [[Double]] = []
    columns.reserveCapacity(columnCount)
    func allocate(_ j: Int) {
      if j == columnCount {
        filled = body(pointers)
        return
      }
      let column = [Double](unsafeUninitializedCapacity: Swift.max(rows, 1)) { buffer, count in
        pointers.append(buffer.baseAddress!)
        allocate(j + 1)
        count = j < filled.count && filled[j] ? rows : 0
      }
      columns.append(column)
    }
    allocate(0)
    return columns.reversed()
  }
}

import Codebook
import DataIO
import LinearAlgebra

/// Where a row came from: the data file and the 1-based line (CSV), sheet row (XLSX) or case (SAV, DTA).
public struct RowSource: Sendable, Equatable {
  public var file: String
  public var line: Int
  public var location: String { "\(file):\(line)" }
}

/// A study's responses after the codebook is applied: one row per respondent and wave.
///
/// `items` holds analysable values as an n × p column-major matrix in codebook item order,
/// ready for BLAS: NaN wherever the cell is blank, not asked, a declared missing code (e.g.
/// 8 "weiß nicht", −9 "nicht beantwortet", "N/A"), a user-missing value of the file, outside
/// the valid range, or text that is no label of the item's scale. `status` says which, one
/// byte per cell (`CellStatus`), so the quality report can count every kind without a second
/// copy of the matrix; the few raw values behind out-of-range cells are kept beside it.
///
/// Memory: 9 bytes per item cell plus a few bytes per row (ids stay as the file's column,
/// sources as a file index and a line number); nothing is formatted until a report asks.
public struct StudyData: Sendable {
  public let study: Study
  /// Respondent ids, formatted when read (`data.respondentIDs[row]`).
  public let respondentIDs: RespondentIDs
  /// Wave per row (nil when the study has no waves).
  public let waves: [Int?]
  /// File and line per row (`data.sources[row].location`).
  public let sources: RowSources
  /// Analysable item values (n × p, NaN = missing for any reason).
  public let items: Matrix
  /// Why each item cell is or is not valid (n × p, column-major like `items`).
  public let status: CellStatusMatrix
  /// Region keys per row, by region variable name ("" when empty or not resolvable). Derived
  /// variables (`from:`, `names:`) appear here exactly like columns of the data.
  public let regionKeys: [String: [String]]
  /// Design weights per row (nil when the codebook declares none).
  public let weights: [Double]?
  /// Background variables and any other declared columns, by name.
  public let variables: [String: ColumnValues]
  /// Wave mismatches: the wave column disagrees with the file's declared wave.
  public let waveMismatches: [WaveMismatch]
  /// What the case-selection rules did (rows read, dropped per rule, the dropped rows).
  public let caseSelection: CaseSelectionReport
  /// Problems found while reading that every command reports (undecodable cells,
  /// non-numeric cells in numeric columns, header counts, label conflicts, region keys).
  public let loadReport: LoadReport

  public var rowCount: Int { respondentIDs.count }

  /// Row indices of one wave (all rows when `wave` is nil).
  public func rows(wave: Int?) -> [Int] {
    guard let wave else { return Array(0..<rowCount) }
    return (0..<rowCount).filter { waves[$0] == wave }
  }

  /// Item cells as read: the valid value, the numeric missing code, the out-of-range number;
  /// NaN for blank, not-asked and text cells. Built on request (n × p); the analyses use `items`.
  public var rawItems: Matrix {
    var m = items
    let n = rowCount
    for (j, item) in study.items.enumerated() {
      let rs = study.responseScale(of: item)
      for i in 0..<n {
        let s = status[i, j]
        guard s != CellStatus.valid else { continue }
        switch CellStatus.kind(s) {
        case .missingCode(let k): m[i, j] = rs.map { $0.missingCodes[k].value } ?? .nan
        case .outOfRange, .fileMissing:
          if case .number(let x)? = status.raw(row: i, item: j) { m[i, j] = x } else { m[i, j] = .nan }
        default: m[i, j] = .nan
        }
      }
    }
    return m
  }

  /// Item cells whose text was not a number and not a label (row, item column, text).
  public var nonNumericCells: [NonNumericCell] {
    status.rawCells.compactMap { key, raw in
      guard case .text(let t) = raw else { return nil }
      return NonNumericCell(row: key % Swift.max(rowCount, 1), item: key / Swift.max(rowCount, 1), text: t)
    }.sorted { ($0.item, $0.row) < ($1.item, $1.row) }
  }

  public struct NonNumericCell: Sendable, Equatable {
    public var row: Int
    public var item: Int
    public var text: String
  }

  public struct WaveMismatch: Sendable, Equatable {
    public var source: RowSource
    public var declared: Int
    public var found: String
  }
}

/// Respondent ids as a collection of strings over the file's own column (numbers are
/// formatted when read, as the file shows them: integers without ".0").
public struct RespondentIDs: RandomAccessCollection, Sendable {
  let column: ColumnValues
  public var startIndex: Int { 0 }
  public var endIndex: Int { column.count }
  public subscript(position: Int) -> String { column.text(at: position).trimmingWhitespace() }

  /// Groups of `rows` (in row order, ordered by their first row) that share an id (blank ids
  /// form one group too: a missing id is as ambiguous as a repeated one).
  /// Dictionary-encoded ids are compared by level (one array lookup per row) when no level
  /// has surrounding white space; numeric ids as numbers; others as trimmed text.
  public func duplicateGroups(rows: [Int]) -> [[Int]] {
    switch column {
    case .categorical(let codes, let levels)
    where !levels.contains(where: { l in l.utf8.first.map { $0 <= 0x20 } ?? true || l.utf8.last.map { $0 <= 0x20 } ?? true }):
      var first = [Int32](repeating: -1, count: levels.count)
      var groups: [Int: [Int]] = [:]
      var order: [Int] = []
      for r in rows {
        let c = Int(codes[r])
        if first[c] < 0 { first[c] = Int32(r); continue }
        if groups[c] == nil { groups[c] = [Int(first[c])]; order.append(c) }
        groups[c]?.append(r)
      }
      return order.compactMap { groups[$0] }.sorted { $0[0] < $1[0] }
    case .numeric(let v):
      var first: [Double: Int] = [:]
      var groups: [Double: [Int]] = [:]
      var order: [Double] = []
      var blank: [Int] = []
      for r in rows {
        guard !v[r].isNaN else { blank.append(r); continue }
        guard let f = first[v[r]] else { first[v[r]] = r; continue }
        if groups[v[r]] == nil { groups[v[r]] = [f]; order.append(v[r]) }
        groups[v[r]]?.append(r)
      }
      return (order.compactMap { groups[$0] } + (blank.count > 1 ? [blank] : [])).sorted { $0[0] < $1[0] }
    default:
      // One string per cell: a 64-bit FNV-1a hash of each trimmed id into an open-addressing
      // table (linear probing, at most half full); only rows whose hash was seen before are
      // compared as text, within their hash (no dictionary of strings, no sort of all rows).
      let ids = rows.map { self[$0] }
      let m = ids.count
      var hashes = [UInt64](repeating: 0, count: m)
      for (k, id) in ids.enumerated() {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        hashes[k] = h
      }
      var capacity = 16
      while capacity < 2 * m { capacity <<= 1 }
      let mask = capacity - 1
      var table = [Int32](repeating: -1, count: capacity)
      // The first row of each hash that occurs more than once, and the later rows with it.
      var repeats: [Int: [Int]] = [:]
      table.withUnsafeMutableBufferPointer { t in
        hashes.withUnsafeBufferPointer { hp in
          for k in 0..<m {
            let h = hp[k]
            var slot = Int(truncatingIfNeeded: (h ^ (h >> 29)) & UInt64(mask))
            while true {
              let e = Int(t[slot])
              if e < 0 { t[slot] = Int32(k); break }
              if hp[e] == h { repeats[e, default: []].append(k); break }
              slot = (slot + 1) & mask
            }
          }
        }
      }
      var groups: [[Int]] = []
      for first in repeats.keys.sorted() {
        var pending = [first] + repeats[first]!
        while let head = pending.first {
          let same = pending.filter { ids[$0] == ids[head] }
          if same.count > 1 { groups.append(same.map { rows[$0] }) }
          pending.removeAll { ids[$0] == ids[head] }
        }
      }
      return groups.sorted { $0[0] < $1[0] }
    }
  }
}

/// Row sources as a collection: a file index and a line per row.
public struct RowSources: RandomAccessCollection, Sendable {
  let files: [String]
  let fileIndex: [UInt16]
  let lines: [Int32]
  public var startIndex: Int { 0 }
  public var endIndex: Int { lines.count }
  public subscript(position: Int) -> RowSource {
    RowSource(file: files[Int(fileIndex[position])], line: Int(lines[position]))
  }
  /// The index of the file row `position` came from, in the study's file order.
  public func file(of position: Int) -> Int { Int(fileIndex[position]) }
}

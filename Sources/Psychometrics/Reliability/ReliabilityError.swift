import LinearAlgebra
import Statistics

/// Why a reliability statistic or scale score could not be computed. Item indices are 0-based
/// columns of the input matrix; `item` names come from `itemNames` (psych's "V1", "V2", … when none
/// were given).
public enum ReliabilityError: Error, Sendable, Equatable, CustomStringConvertible {
  /// Too few items (columns) for the statistic.
  case tooFewItems(found: Int, required: Int)
  /// Too few usable rows (for `.listwise`: complete rows).
  case tooFewObservations(found: Int, required: Int)
  /// `keys` (or `itemNames`) does not have one entry per item.
  case lengthMismatch(what: String, found: Int, expected: Int)
  /// A key is not +1 or −1.
  case invalidKey(item: String, index: Int, value: Int)
  /// A value is NaN (missing) and the policy is `.fail`; row and column are 0-based.
  case missingValue(row: Int, column: Int, item: String)
  /// A value is ±∞; row and column are 0-based.
  case nonFiniteValue(row: Int, column: Int, item: String)
  /// An item has no variance (or fewer than two observations); psych deletes such items with a warning.
  case zeroVarianceItem(item: String, index: Int)
  /// Two items have fewer than two rows observed together, so their covariance is undefined.
  case undefinedCovariance(item1: String, item2: String)
  /// An option is outside its allowed range.
  case invalidOption(name: String, value: Double, allowed: String)

  public var description: String {
    switch self {
    case let .tooFewItems(found, required):
      return "reliability needs at least \(required) items, found \(found)"
    case let .tooFewObservations(found, required):
      return "reliability needs at least \(required) usable rows, found \(found)"
    case let .lengthMismatch(what, found, expected):
      return "\(what) has \(found) entries; expected one per item (\(expected))"
    case let .invalidKey(item, index, value):
      return "key for item '\(item)' (column \(index + 1)) is \(value); allowed: 1 or -1"
    case let .missingValue(row, column, item):
      return "missing value at row \(row + 1), column \(column + 1) ('\(item)'); choose a missing-value policy (listwise or pairwise)"
    case let .nonFiniteValue(row, column, item):
      return "infinite value at row \(row + 1), column \(column + 1) ('\(item)')"
    case let .zeroVarianceItem(item, index):
      return "item '\(item)' (column \(index + 1)) has no variance; remove it from the scale"
    case let .undefinedCovariance(item1, item2):
      return "items '\(item1)' and '\(item2)' have fewer than 2 rows answered together; their covariance is undefined"
    case let .invalidOption(name, value, allowed):
      return "\(name) = \(value) is not allowed; allowed: \(allowed)"
    }
  }
}

/// Validated item matrix shared by the reliability functions.
struct ValidatedItems {
  var data: Matrix
  var names: [String]
  var keys: [Double]
  /// Rows of the caller's matrix (before listwise deletion).
  var inputRows: Int

  /// `scan: false` leaves the values unchecked (the caller's own pass checks them, see
  /// `reportFirstInvalidCell`); `.listwise` always scans (it needs the complete rows).
  init(
    _ items: Matrix, keys: [Int]?, itemNames: [String]?, missing: MissingPolicy, minimumItems: Int, scan: Bool = true
  ) throws(ReliabilityError) {
    let k = items.columns
    let names = itemNames ?? (0..<k).map { "V\($0 + 1)" }
    guard names.count == k else { throw .lengthMismatch(what: "itemNames", found: names.count, expected: k) }
    guard k >= minimumItems else { throw .tooFewItems(found: k, required: minimumItems) }
    let keyValues = keys ?? Array(repeating: 1, count: k)
    guard keyValues.count == k else { throw .lengthMismatch(what: "keys", found: keyValues.count, expected: k) }
    for (j, key) in keyValues.enumerated() where key != 1 && key != -1 {
      throw .invalidKey(item: names[j], index: j, value: key)
    }
    // Column-major scan (contiguous): non-finite values and each row's completeness. The row-major
    // loop below, which reports the first offending cell in row order, runs only when there is
    // something to report.
    let n = items.rows
    guard scan || missing == .listwise else {
      data = items
      self.names = names
      self.keys = keyValues.map(Double.init)
      inputRows = n
      return
    }
    var complete = [Bool](repeating: true, count: n)
    var anyInfinite = false, anyMissing = false
    items.elements.withUnsafeBufferPointer { p in
      for j in 0..<k {
        for i in 0..<n {
          let v = p[i + j * n]
          if v.isNaN {
            anyMissing = true
            complete[i] = false
          } else if v.isInfinite {
            anyInfinite = true
          }
        }
      }
    }
    var completeRows: [Int] = []
    completeRows.reserveCapacity(items.rows)
    if anyInfinite || (anyMissing && missing == .fail) {
      try Self.reportFirstInvalidCell(items, names: names, missing: missing)
    }
    for i in 0..<n where complete[i] { completeRows.append(i) }
    if missing == .listwise && completeRows.count < items.rows {
      data = items.submatrix(rows: completeRows, columns: 0..<k)
    } else {
      data = items
    }
    self.names = names
    self.keys = keyValues.map(Double.init)
    inputRows = items.rows
  }

  /// Throws for the first missing (under `.fail`) or infinite value in row order.
  static func reportFirstInvalidCell(_ items: Matrix, names: [String], missing: MissingPolicy) throws(ReliabilityError) {
    let k = items.columns
    for i in 0..<items.rows {
      for j in 0..<k {
        let v = items[i, j]
        if v.isNaN && missing == .fail { throw .missingValue(row: i, column: j, item: names[j]) }
        if v.isInfinite { throw .nonFiniteValue(row: i, column: j, item: names[j]) }
      }
    }
  }
}

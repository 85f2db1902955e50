import DataIO
import Foundation

/// The numeric values of column `name`, or nil when it is missing or text.
func csvNumbers(_ t: DataTable, _ name: String) -> [Double]? {
  if case .numeric(let v)? = t.column(name) { return v }
  return nil
}

/// The text values of column `name`, or nil when it is missing or numeric.
func csvTexts(_ t: DataTable, _ name: String) -> [String]? {
  if case .text(let v)? = t.column(name) { return v }
  return nil
}

/// Exact equality of two number vectors where NaN equals NaN (tolerance 0: the reader must
/// produce the correctly rounded double of each decimal string).
func sameNumbers(_ a: [Double]?, _ b: [Double]) -> Bool {
  guard let a, a.count == b.count else { return false }
  return zip(a, b).allSatisfy { x, y in (x.isNaN && y.isNaN) || x == y }
}

/// Tables equal in names and values (NaN = NaN), ignoring path and row locations.
func sameContent(_ a: DataTable, _ b: DataTable) -> Bool {
  guard a.columnNames == b.columnNames, a.columns.count == b.columns.count else { return false }
  for (x, y) in zip(a.columns, b.columns) {
    switch (x, y) {
    case (.numeric(let u), .numeric(let v)): if !sameNumbers(u, v) { return false }
    case (.text(let u), .text(let v)): if u != v { return false }
    default: return false
    }
  }
  return true
}

/// Reads CSV given as a Swift string (UTF-8 bytes).
func readCSV(_ text: String, options: CSVOptions = .init()) throws(DataError) -> DataTable {
  try CSVReader.read(data: Array(text.utf8), path: "t.csv", options: options)
}

/// The DataError thrown by `body`, or nil when it succeeds.
func csvError(_ body: () throws(DataError) -> DataTable) -> DataError? {
  do {
    _ = try body()
    return nil
  } catch {
    return error
  }
}

// TEMPORARY STUB — DELETE ON MERGE.
// Stands in for the real CSVOptions / CSVReader (written on another branch) so that
// DataFileReader compiles on the `xlsx` branch. The lead must delete this file when the
// CSV reader is merged.

/// Stub: the real type lives in CSVReader.swift on the CSV branch.
public struct CSVOptions: Sendable, Equatable {
  public init() {}
}

/// Stub: the real type lives in CSVReader.swift on the CSV branch.
public enum CSVReader {
  public static func read(path: String, options: CSVOptions) throws(DataError) -> DataTable {
    throw .wrongFormat(path: path, expected: .csv, reason: "CSV reading is not on this branch (stub)")
  }
}

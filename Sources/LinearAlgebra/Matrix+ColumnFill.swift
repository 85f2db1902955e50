extension Matrix {
  /// A matrix built column by column: `fill(j, &column)` writes column `j` (`rows` values,
  /// NaN until written) in place.
  ///
  /// The storage is allocated once and a column's pages are first touched when that column is
  /// filled, so a caller that releases its source for column `j` after filling it (a data file
  /// read column by column) never holds two full copies of the data. (Transparent huge pages
  /// were tried for this storage: fewer faults, but with the kernel's `defrag = madvise` a
  /// fragmented machine stalls in compaction — sys time 0.08 to 0.30 s for a 96 MB matrix — so
  /// the storage is left to ordinary pages.)
  public init(rows: Int, columns: Int, fillingColumns fill: (Int, inout MutableSpan<Double>) -> Void) {
    precondition(rows >= 0 && columns >= 0, "Matrix(rows: \(rows), columns: \(columns)): sizes must be ≥ 0")
    let elements = [Double](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
      initialized = 0
      for j in 0..<columns {
        let column = UnsafeMutableBufferPointer(rebasing: buffer[(j * rows)..<((j + 1) * rows)])
        column.initialize(repeating: .nan)
        initialized += rows
        var span = column.mutableSpan
        fill(j, &span)
      }
    }
    self.init(rows: rows, columns: columns, columnMajor: elements)
  }
}

#if canImport(Glibc)
  import Glibc
#endif

extension Matrix {
  /// A matrix built column by column: `fill(j, &column)` writes column `j` (`rows` values,
  /// NaN until written) in place.
  ///
  /// The storage is allocated once and a column's pages are first touched when that column is
  /// filled, so a caller that releases its source for column `j` after filling it (a data file
  /// read column by column) never holds two full copies of the data. On Linux the storage is
  /// offered to transparent huge pages (`madvise(MADV_HUGEPAGE)`, advisory): a 96 MB matrix
  /// then takes a few dozen page faults instead of 24,000.
  public init(rows: Int, columns: Int, fillingColumns fill: (Int, inout MutableSpan<Double>) -> Void) {
    precondition(rows >= 0 && columns >= 0, "Matrix(rows: \(rows), columns: \(columns)): sizes must be ≥ 0")
    let elements = [Double](unsafeUninitializedCapacity: rows * columns) { buffer, initialized in
      initialized = 0
      if let base = buffer.baseAddress { Matrix.adviseHugePages(UnsafeMutableRawPointer(base), buffer.count * MemoryLayout<Double>.stride) }
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

  /// Asks the kernel to back the 2 MiB-aligned interior of a large buffer with transparent huge
  /// pages before it is first touched (ignored where unsupported).
  static func adviseHugePages(_ base: UnsafeMutableRawPointer, _ size: Int) {
    #if os(Linux)
      let huge = 2 << 20
      guard size >= 2 * huge else { return }
      let address = Int(bitPattern: base)
      let first = (address + huge - 1) / huge * huge
      let last = (address + size) / huge * huge
      if last > first, let start = UnsafeMutableRawPointer(bitPattern: first) {
        _ = madvise(start, last - first, MADV_HUGEPAGE)
      }
    #endif
  }
}

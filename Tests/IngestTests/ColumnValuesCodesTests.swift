import Testing

import DataIO
@testable import Ingest

/// `firstAppearanceCodes` numbers values by first appearance as a `[String: Int]` over the
/// trimmed texts would (the reference below), in every column representation and both integer paths.
@Suite struct ColumnValuesCodesTests {
  /// The reference: trimmed text of each cell, numbered by first appearance; −1 and the first
  /// blank row for empty cells.
  static func reference(_ c: ColumnValues) -> (codes: [Int], firstBlank: Int?) {
    var index: [String: Int] = [:]
    var firstBlank: Int? = nil
    let codes = (0..<c.count).map { r -> Int in
      let t = c.text(at: r).trimmingWhitespace()
      if t.isEmpty {
        if firstBlank == nil { firstBlank = r }
        return -1
      }
      if let k = index[t] { return k }
      index[t] = index.count
      return index.count - 1
    }
    return (codes, firstBlank)
  }

  static func check(_ c: ColumnValues) {
    let got = c.firstAppearanceCodes(), want = reference(c)
    #expect(got.codes == want.codes)
    #expect(got.firstBlank == want.firstBlank)
  }

  @Test func denseIntegerIdsUseTheirValue() {
    let c = ColumnValues.numeric([3, 1, 2, 1, 3, 4, .nan, 2])
    Self.check(c)
    #expect(c.firstAppearanceCodes().codes == [0, 1, 2, 1, 0, 3, -1, 2])
    #expect(c.firstAppearanceCodes().firstBlank == 6)
  }

  @Test func sparseZeroFractionalAndHugeNumbers() {
    // Far apart (dictionary path), zero and minus zero (both "0"), fractions and 1e15 and above
    // (keyed by their text), negative ids.
    Self.check(.numeric([1e14, -5, 0, -0.0, 2.5, 1e14, 1e15, 1e15 + 2, 2.5, -5, 7e20, 0]))
    #expect(ColumnValues.numeric([0, -0.0]).firstAppearanceCodes().codes == [0, 0])
  }

  @Test func levelsAndTextAreTrimmed() {
    Self.check(.categorical(codes: [0, 1, 2, 0, 3, 1], levels: ["a", " a", "b ", "  "]))
    #expect(ColumnValues.categorical(codes: [0, 1, 2], levels: ["a", " a", "  "]).firstAppearanceCodes().codes == [0, 0, -1])
    Self.check(.text(["x", "y ", " x", "", "z", "y"]))
    Self.check(.text([]))
  }
}

import DataIO

extension ColumnValues {
  /// Each row's value numbered by first appearance (0, 1, 2, … in row order), values compared as
  /// trimmed text (`text(at:)` trimmed, as ids are read); −1 for a blank cell, with the first
  /// blank row. The same numbering as a `[String: Int]` over the trimmed texts, without a string
  /// per cell: levels are keyed once per level, and integer numbers (the usual respondent and
  /// municipality ids) by their value — in an array when they are dense, as 1…n is.
  public func firstAppearanceCodes() -> (codes: [Int], firstBlank: Int?) {
    let n = count
    var codes = [Int](repeating: -1, count: n)
    var firstBlank: Int? = nil
    var next = 0
    var byText: [String: Int] = [:]
    func code(text: String) -> Int {
      if let c = byText[text] { return c }
      byText[text] = next
      next += 1
      return next - 1
    }
    switch self {
    case .categorical(let levelOfRow, let levels):
      let keys = levels.map { $0.trimmingWhitespace() }
      var codeOfLevel = [Int](repeating: -2, count: levels.count)
      for r in 0..<n {
        let l = Int(levelOfRow[r])
        if codeOfLevel[l] == -2 { codeOfLevel[l] = keys[l].isEmpty ? -1 : code(text: keys[l]) }
        codes[r] = codeOfLevel[l]
        if codes[r] < 0 && firstBlank == nil { firstBlank = r }
      }
    case .numeric(let v):
      // Integers below 10¹⁵ print as their digits (`formatNumber`; −0 as "0"), which no other
      // number prints as, so they are keyed by value; the rest (fractions, huge) by their text.
      func isPlainInteger(_ x: Double) -> Bool { Swift.abs(x) < 1e15 && x == x.rounded() }
      var lo = Int.max, hi = Int.min
      for x in v where isPlainInteger(x) {
        lo = Swift.min(lo, Int(x))
        hi = Swift.max(hi, Int(x))
      }
      let dense = lo <= hi && hi.subtractingReportingOverflow(lo).partialValue < 4 * n + 1024 && !hi.subtractingReportingOverflow(lo).overflow
      var byOffset = [Int](repeating: -1, count: dense ? hi - lo + 1 : 0)
      var byValue: [Int: Int] = [:]
      for r in 0..<n {
        let x = v[r]
        if x.isNaN {
          if firstBlank == nil { firstBlank = r }
          continue
        }
        if isPlainInteger(x) {
          let i = Int(x)
          if dense {
            if byOffset[i - lo] < 0 { byOffset[i - lo] = next; next += 1 }
            codes[r] = byOffset[i - lo]
          } else if let c = byValue[i] {
            codes[r] = c
          } else {
            byValue[i] = next
            codes[r] = next
            next += 1
          }
        } else {
          codes[r] = code(text: text(at: r).trimmingWhitespace())
        }
      }
    case .text(let t):
      for r in 0..<n {
        let key = t[r].trimmingWhitespace()
        if key.isEmpty {
          if firstBlank == nil { firstBlank = r }
        } else {
          codes[r] = code(text: key)
        }
      }
    }
    return (codes, firstBlank)
  }
}

extension RespondentIDs {
  /// The respondent ids numbered by first appearance (see `ColumnValues.firstAppearanceCodes`).
  public func firstAppearanceCodes() -> (codes: [Int], firstBlank: Int?) { column.firstAppearanceCodes() }
}

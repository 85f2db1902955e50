import Codebook
import DataIO

/// Turns one file's item column into analysable values and cell statuses, following the
/// item's response scale.
///
/// Order of the rules for a cell (documented in reference-codebook.md, "Text answers"):
/// 1. blank → blank (or the scale's text missing code `""` when it declares one);
/// 2. a number (in the file's number format; decimal comma accepted in text) → a numeric
///    missing code of the scale; else a user-missing value of the file; else valid when in the
///    valid range (and whole on an integer code scale); else out of range;
/// 3. text → matched by `TextAnswerKey` to a code's label or alias (valid), a numeric missing
///    code's label or alias, or a text missing code; else undecodable.
///
/// Numeric columns take a branch-light loop; dictionary-encoded text columns decode each
/// distinct text once and then map codes; plain text columns cache decoded texts.
struct ItemDecoder {
  let minimum: Double
  let maximum: Double
  let integerOnly: Bool
  let missingCodes: [Double]
  let fileMissing: [Double]
  /// User-missing values of a string variable in the file (exact, without trailing blanks).
  let fileMissingTexts: Set<String>
  /// Text key → (value, status).
  let textKeys: [String: (Double, UInt8)]
  let blankStatus: UInt8

  init(scale rs: ResponseScale, fileMissing: [Double], fileMissingTexts: [String] = []) {
    self.fileMissingTexts = Set(fileMissingTexts)
    minimum = rs.minimum
    maximum = rs.maximum
    integerOnly = !rs.allowsDecimals
    missingCodes = rs.missingCodes.map(\.value)
    self.fileMissing = fileMissing.filter { x in !rs.missingCodes.contains { $0.value == x } }
    var keys: [String: (Double, UInt8)] = [:]
    for c in rs.codes {
      for t in [c.label] + c.aliases { keys[TextAnswerKey.key(t)] = (c.value, CellStatus.valid) }
    }
    for (k, c) in rs.missingCodes.enumerated() {
      for t in [c.label] + c.aliases where !t.isEmpty { keys[TextAnswerKey.key(t)] = (.nan, CellStatus.missingCode(k)) }
    }
    var blank = CellStatus.blank
    for (k, c) in rs.missingTexts.enumerated() {
      if c.label.isEmpty { blank = CellStatus.missingText(k) }
      for t in [c.label] + c.aliases where !t.isEmpty { keys[TextAnswerKey.key(t)] = (.nan, CellStatus.missingText(k)) }
    }
    keys[""] = nil
    textKeys = keys
    blankStatus = blank
  }

  /// Whether `x`, already inside the (finite) valid range, is acceptable: whole on an integer
  /// code scale. A round trip through Int is exact there and needs no libm call.
  @inline(__always)
  func wholeIfRequired(_ x: Double) -> Bool {
    !integerOnly || Double(Int(x)) == x
  }

  /// Value and status of a number.
  @inline(__always)
  func classify(_ x: Double) -> (Double, UInt8) {
    if x.isNaN { return (.nan, blankStatus) }
    for (k, m) in missingCodes.enumerated() where m == x { return (.nan, CellStatus.missingCode(k)) }
    if !fileMissing.isEmpty && fileMissing.contains(x) { return (.nan, CellStatus.fileMissing) }
    if x >= minimum && x <= maximum && wholeIfRequired(x) { return (x, CellStatus.valid) }
    return (.nan, CellStatus.outOfRange)
  }

  /// Value, status and raw content of a text cell.
  func decode(_ text: String) -> (Double, UInt8, RawCell?) {
    let t = text.trimmingWhitespace()
    if t.isEmpty { return (.nan, blankStatus, nil) }
    // A user-missing value of the file's string variable is missing unless the codebook
    // declares it as one of its own missing codes (as for numeric user-missing values).
    if !fileMissingTexts.isEmpty, fileMissingTexts.contains(t) {
      if let x = Self.number(t), missingCodes.contains(x) { let (v, s) = classify(x); return (v, s, nil) }
      if let (v, s) = textKeys[TextAnswerKey.key(t)], s != CellStatus.valid { return (v, s, nil) }
      return (.nan, CellStatus.fileMissing, Self.number(t).map { .number($0) } ?? .text(text))
    }
    if let x = Self.number(t) {
      let (v, s) = classify(x)
      return (v, s, s == CellStatus.outOfRange || s == CellStatus.fileMissing ? .number(x) : nil)
    }
    if let (v, s) = textKeys[TextAnswerKey.key(t)] { return (v, s, nil) }
    return (.nan, CellStatus.undecodable, .text(text))
  }

  /// A number as spreadsheets and survey tools write it: "3", "-9", "3.5", "3,5".
  static func number(_ t: String) -> Double? {
    if let x = Double(t), x.isFinite { return x }
    guard t.contains(","), !t.contains(".") else { return nil }
    return Double(t.replacingOccurrences(of: ",", with: ".")).flatMap { $0.isFinite ? $0 : nil }
  }

  /// Decodes `column` into `values[offset...]` and `status[statusOffset + offset...]`, adding
  /// raw cells (keyed `rawBase + row`) for out-of-range, undecodable and user-missing cells.
  func decode(
    _ column: ColumnValues, values: inout MutableSpan<Double>, status: inout MutableSpan<UInt8>,
    offset: Int, statusOffset: Int, rawBase: Int, raw: inout [Int: RawCell]
  ) {
    let so = statusOffset + offset
    switch column {
    case .numeric(let v):
      let n = v.count
      // Codebook missing codes lie outside the valid range (the loader checks), so a value in
      // range is valid unless the file declares it user-missing.
      let checkFile = !fileMissing.isEmpty
      // Pass 1 (raw pointers, no per-cell bounds checks): every cell is written as a whole valid
      // answer; the positions of the others (blank, missing codes, out of range) are listed.
      // Pass 2 classifies the listed cells. Pass 1 needs no file user-missing values (a valid
      // answer can be one), exact rounding (|bounds| < 2^51) and positions that fit 32 bits;
      // otherwise every cell is classified one by one.
      let fast = !checkFile && (!integerOnly || Swift.max(Swift.abs(minimum), Swift.abs(maximum)) < 0x1p51) && n <= Int(UInt32.max)
      var other = [UInt32](repeating: 0, count: fast ? n : 0)
      var otherCount = 0
      v.withUnsafeBufferPointer { src in
        values.withUnsafeMutableBufferPointer { dst in
          status.withUnsafeMutableBufferPointer { st in
            other.withUnsafeMutableBufferPointer { o in
              let d = dst.baseAddress! + offset, t = st.baseAddress! + so
              let lo = minimum, hi = maximum
              // Whole numbers without a branch or a trap: adding and subtracting 1.5·2^52 rounds
              // to an integer (exact below 2^51 in magnitude; NaN stays NaN and fails the test).
              let magic = 6_755_399_441_055_744.0
              let whole = integerOnly
              if fast {
                for i in 0..<n {
                  let x = src[i]
                  d[i] = x
                  t[i] = CellStatus.valid
                  let above = x >= lo, below = x <= hi
                  let isWhole = !whole || (x + magic) - magic == x
                  o[otherCount] = UInt32(truncatingIfNeeded: i)
                  otherCount &+= (above && below && isWhole) ? 0 : 1
                }
              }
            }
          }
        }
      }
      let fix = { (i: Int, values: inout MutableSpan<Double>, status: inout MutableSpan<UInt8>, raw: inout [Int: RawCell]) in
        let x = v[i]
        let (y, s) = classify(x)
        values[offset + i] = y
        status[so + i] = s
        if s == CellStatus.outOfRange || s == CellStatus.fileMissing { raw[rawBase + i] = .number(x) }
      }
      if !fast {
        for i in 0..<n { fix(i, &values, &status, &raw) }
      } else {
        for k in 0..<otherCount { fix(Int(other[k]), &values, &status, &raw) }
      }
    case .categorical(let codes, let levels):
      var lv = [Double](repeating: .nan, count: levels.count)
      var ls = [UInt8](repeating: 0, count: levels.count)
      var lr = [RawCell?](repeating: nil, count: levels.count)
      for (k, text) in levels.enumerated() { (lv[k], ls[k], lr[k]) = decode(text) }
      let anyRaw = lr.contains { $0 != nil }
      for i in 0..<codes.count {
        let k = Int(codes[i])
        values[offset + i] = lv[k]
        status[so + i] = ls[k]
        if anyRaw, let r = lr[k] { raw[rawBase + i] = r }
      }
    case .text(let texts):
      var cache: [String: (Double, UInt8, RawCell?)] = [:]
      for (i, text) in texts.enumerated() {
        let d: (Double, UInt8, RawCell?)
        if let c = cache[text] {
          d = c
        } else {
          d = decode(text)
          if cache.count < 4096 { cache[text] = d }
        }
        values[offset + i] = d.0
        status[so + i] = d.1
        if let r = d.2 { raw[rawBase + i] = r }
      }
    }
  }
}

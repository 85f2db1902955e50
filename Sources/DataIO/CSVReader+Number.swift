/// What one cell holds, as far as the numeric column type is concerned.
enum CSVNumberKind: UInt8 {
  /// Not a number in the allowed format (or a leading zero such as "01"): the column becomes text.
  case notNumber
  /// Blank after trimming spaces and tabs: NaN.
  case empty
  /// Digits with optional sign and exponent, no decimal separator.
  case integer
  /// A number written with `.` as decimal point.
  case dotDecimal
  /// A number written with `,` as decimal point.
  case commaDecimal
}

extension CSVReader {
  /// The exact power of ten 10^k for 0 ≤ k ≤ 22 (all representable in binary64).
  @inline(__always)
  static func exactPowerOfTen(_ k: Int) -> Double {
    switch k {
    case 0: 1e0
    case 1: 1e1
    case 2: 1e2
    case 3: 1e3
    case 4: 1e4
    case 5: 1e5
    case 6: 1e6
    case 7: 1e7
    case 8: 1e8
    case 9: 1e9
    case 10: 1e10
    case 11: 1e11
    case 12: 1e12
    case 13: 1e13
    case 14: 1e14
    case 15: 1e15
    case 16: 1e16
    case 17: 1e17
    case 18: 1e18
    case 19: 1e19
    case 20: 1e20
    case 21: 1e21
    default: 1e22
    }
  }

  /// Parses bytes `s..<e` at `p` as a number.
  ///
  /// Grammar after trimming spaces and tabs: `[+-]? digits ([.,] digits)? ([eE] [+-]? digits)?`,
  /// or a fraction without integer digits (`.5`). A separator is only accepted when allowed
  /// (`dot`, `comma`). "5." (a German ordinal), "inf", "nan" and hexadecimal are not numbers.
  /// An integer part with a leading zero followed by a digit ("01", "-007") is not a number,
  /// so key columns keep their zeros.
  ///
  /// Conversion: with at most 15 significant digits and a decimal exponent within ±22 the value
  /// is `m × 10^k` or `m / 10^k` with both operands exact, hence correctly rounded (Clinger's
  /// fast path); otherwise the digits go through the standard library's correctly rounded
  /// `Double(String)`. Values that overflow to ±∞ are not numbers.
  @inline(__always)
  static func parseNumber(
    _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, dot: Bool, comma: Bool, _ out: inout Double
  ) -> CSVNumberKind {
    var i = start
    var e = end
    while i < e && (p[i] == 0x20 || p[i] == 0x09) { i += 1 }
    while e > i && (p[e - 1] == 0x20 || p[e - 1] == 0x09) { e -= 1 }
    if i == e { return .empty }
    let trimmedStart = i
    var negative = false
    if p[i] == 0x2D {
      negative = true
      i += 1
    } else if p[i] == 0x2B {
      i += 1
    }
    let digitsStart = i
    var m: Int64 = 0
    while i < e {
      let d = p[i] &- 0x30
      if d > 9 { break }
      m = m &* 10 &+ Int64(d)
      i += 1
    }
    let intDigits = i - digitsStart
    if intDigits > 1 && p[digitsStart] == 0x30 { return .notNumber }
    if i == e {
      if intDigits == 0 { return .notNumber }
      if intDigits <= 15 {
        out = negative ? -Double(m) : Double(m)
        return .integer
      }
      return slowParse(p, trimmedStart, e, kind: .integer, &out)
    }
    var kind = CSVNumberKind.integer
    var fracDigits = 0
    let c = p[i]
    if (c == 0x2E && dot) || (c == 0x2C && comma) {
      kind = c == 0x2E ? .dotDecimal : .commaDecimal
      i += 1
      let fracStart = i
      while i < e {
        let d = p[i] &- 0x30
        if d > 9 { break }
        m = m &* 10 &+ Int64(d)
        i += 1
      }
      fracDigits = i - fracStart
      if fracDigits == 0 { return .notNumber }
    }
    var exponent = 0
    if i < e && (p[i] == 0x65 || p[i] == 0x45) {
      if intDigits + fracDigits == 0 { return .notNumber }
      i += 1
      var expNegative = false
      if i < e && (p[i] == 0x2D || p[i] == 0x2B) {
        expNegative = p[i] == 0x2D
        i += 1
      }
      let expStart = i
      while i < e {
        let d = p[i] &- 0x30
        if d > 9 { break }
        if exponent < 100_000 { exponent = exponent * 10 + Int(d) }
        i += 1
      }
      if i == expStart { return .notNumber }
      if expNegative { exponent = -exponent }
    }
    if i != e || intDigits + fracDigits == 0 { return .notNumber }
    let k = exponent - fracDigits
    if intDigits + fracDigits <= 15 && k >= -22 && k <= 22 {
      var v = Double(m)
      v = k < 0 ? v / exactPowerOfTen(-k) : v * exactPowerOfTen(k)
      out = negative ? -v : v
      return kind
    }
    return slowParse(p, trimmedStart, e, kind: kind, &out)
  }

  /// Correctly rounded conversion of an already validated number (`,` becomes `.`).
  static func slowParse(
    _ p: UnsafePointer<UInt8>, _ start: Int, _ end: Int, kind: CSVNumberKind, _ out: inout Double
  ) -> CSVNumberKind {
    var bytes = [UInt8](UnsafeBufferPointer(start: p + start, count: end - start))
    for j in bytes.indices where bytes[j] == 0x2C { bytes[j] = 0x2E }
    guard let v = Double(String(decoding: bytes, as: UTF8.self)), v.isFinite else { return .notNumber }
    out = v
    return kind
  }
}

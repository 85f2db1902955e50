import DataIO

extension ColumnValues {
  /// An empty column of `count` cells (NaN).
  static func blank(_ count: Int) -> ColumnValues { .numeric([Double](repeating: .nan, count: count)) }

  /// The columns one after another: numbers stay numbers; dictionary-encoded columns merge
  /// their levels; anything else becomes text.
  static func concatenate(_ parts: [ColumnValues]) -> ColumnValues {
    guard parts.count > 1 else { return parts.first ?? .numeric([]) }
    if parts.allSatisfy({ if case .numeric = $0 { true } else { false } }) {
      var out: [Double] = []
      out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
      for case .numeric(let v) in parts { out += v }
      return .numeric(out)
    }
    if parts.allSatisfy({ if case .categorical = $0 { true } else { false } }) {
      var levels: [String] = []
      var index: [String: UInt32] = [:]
      var codes: [UInt32] = []
      codes.reserveCapacity(parts.reduce(0) { $0 + $1.count })
      for case .categorical(let c, let l) in parts {
        let map = l.map { text -> UInt32 in
          if let k = index[text] { return k }
          let k = UInt32(levels.count)
          levels.append(text)
          index[text] = k
          return k
        }
        codes += c.map { map[Int($0)] }
      }
      return .categorical(codes: codes, levels: levels)
    }
    var out: [String] = []
    out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for p in parts {
      if case .text(let v) = p { out += v } else { out += (0..<p.count).map { p.text(at: $0) } }
    }
    return .text(out)
  }

  /// The cells where `keep` is true.
  func selecting(_ keep: [Bool]) -> ColumnValues {
    switch self {
    case .numeric(let v): .numeric(v.indices.filter { keep[$0] }.map { v[$0] })
    case .text(let v): .text(v.indices.filter { keep[$0] }.map { v[$0] })
    case .categorical(let c, let l): .categorical(codes: c.indices.filter { keep[$0] }.map { c[$0] }, levels: l)
    }
  }

  /// True when every non-empty cell is a number.
  var isNumeric: Bool {
    if case .numeric = self { return true }
    for r in 0..<count where !isEmpty(at: r) && number(at: r).isNaN { return false }
    return true
  }

  /// The cells as numbers (NaN for blank or text).
  var numbers: [Double] {
    if case .numeric(let v) = self { return v }
    return (0..<count).map { number(at: $0) }
  }
}

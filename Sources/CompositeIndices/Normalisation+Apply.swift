import Foundation

extension Normalisation {
  /// Normalises one indicator column (NaN kept) after applying `direction` (see ``Normalisation``).
  ///
  /// Throws ``IndexError/zeroRange(indicator:)`` / ``IndexError/zeroStandardDeviation(indicator:)``
  /// where COINr would warn and return NaN, and ``IndexError/invalidReferenceUnit(indicator:unit:unitCount:)``
  /// for a bad reference unit.
  public func apply(to column: [Double], direction: Direction = .positive, name: String = "") throws(IndexError)
    -> [Double]
  {
    let d = direction.sign
    let x = column.map { $0 * d }
    let obs = x.filter { !$0.isNaN }
    let lo = obs.min() ?? .nan, hi = obs.max() ?? .nan
    switch self {
    case .none:
      return x
    case .minMax(let l, let u):
      guard hi > lo else { throw .zeroRange(indicator: name) }
      return x.map { ($0 - lo) / (hi - lo) * (u - l) + l }
    case .zScore(let m, let s):
      let n = Double(obs.count)
      let mean = obs.reduce(0, +) / n
      let sd = (obs.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
      guard sd > 0, sd.isFinite else { throw .zeroStandardDeviation(indicator: name) }
      return x.map { ($0 - mean) / sd * s + m }
    case .goalposts(let gl, let gu, let scale, let truncate):
      guard gu != gl else { throw .zeroRange(indicator: name) }
      return column.map { v in
        var y = direction == .positive ? (v - gl) / (gu - gl) : (gu - v) / (gu - gl)
        if truncate && !y.isNaN { y = Swift.min(1, Swift.max(0, y)) }
        return y * scale
      }
    case .rank:
      return ranks(of: x, descending: false, ties: .min)
    case .distanceToReference(let r, let cap):
      guard r >= 0, r < x.count, !x[r].isNaN else {
        throw .invalidReferenceUnit(indicator: name, unit: r, unitCount: x.count)
      }
      guard x[r] != lo else { throw .zeroRange(indicator: name) }
      return x.map { v in
        let y = 1 - (x[r] - v) / (x[r] - lo)
        return cap && y > 1 ? 1 : y
      }
    case .distanceToTarget(let t, let cap):
      let tt = t * d
      guard tt != lo else { throw .zeroRange(indicator: name) }
      return x.map { v in
        let y = (v - lo) / (tt - lo)
        return cap && y > 1 ? 1 : y
      }
    case .ratioToReference(let r):
      guard r >= 0, r < column.count, !column[r].isNaN, column[r] != 0 else {
        throw .invalidReferenceUnit(indicator: name, unit: r, unitCount: column.count)
      }
      return column.map { direction == .positive ? $0 / column[r] : column[r] / $0 }
    }
  }
}

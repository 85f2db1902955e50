/// Sample quantile by R's default definition (`quantile(type = 7)`):
/// with sorted x₁ ≤ … ≤ xₙ and h = (n − 1)p + 1, Q(p) = x⌊h⌋ + (h − ⌊h⌋)(x⌊h⌋₊₁ − x⌊h⌋).
/// NaN values are dropped; NaN when nothing is left.
///
/// Reference: Hyndman & Fan (1996), The American Statistician 50(4) 361–365, definition 7.
public func quantile(_ values: [Double], _ p: Double) -> Double {
  let x = values.filter { !$0.isNaN }.sorted()
  guard !x.isEmpty else { return .nan }
  precondition(p >= 0 && p <= 1, "quantile: p = \(p) outside [0, 1]")
  let h = Double(x.count - 1) * p
  let lo = Int(h.rounded(.down))
  let hi = Swift.min(lo + 1, x.count - 1)
  return x[lo] + (h - Double(lo)) * (x[hi] - x[lo])
}

/// The median (R `median`).
public func median(_ values: [Double]) -> Double { quantile(values, 0.5) }

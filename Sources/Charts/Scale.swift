import Foundation

/// A linear map from data values to SVG coordinates: `position = range.a + (x − domain.a) ·
/// (range.b − range.a)/(domain.b − domain.a)`. `range` may run backwards (y grows downwards).
public struct LinearScale: Sendable, Equatable {
  public var domain: (lower: Double, upper: Double)
  public var range: (start: Double, end: Double)

  public init(domain: (Double, Double), range: (Double, Double)) {
    self.domain = (domain.0, domain.1)
    self.range = (range.0, range.1)
  }

  public func callAsFunction(_ x: Double) -> Double {
    let span = domain.upper - domain.lower
    guard span != 0 else { return (range.start + range.end) / 2 }
    return range.start + (x - domain.lower) * (range.end - range.start) / span
  }

  /// The data value at `position` (the inverse map; what the tests use to read marks back).
  public func invert(_ position: Double) -> Double {
    let span = range.end - range.start
    guard span != 0 else { return domain.lower }
    return domain.lower + (position - range.start) * (domain.upper - domain.lower) / span
  }

  public static func == (a: LinearScale, b: LinearScale) -> Bool {
    a.domain == b.domain && a.range == b.range
  }
}

/// Axis ticks at "nice" steps (1, 2, 2.5 or 5 × 10^k) covering `lower…upper` with about
/// `count` intervals; the domain is widened to the outer ticks.
public struct NiceTicks: Sendable, Equatable {
  public var lower: Double
  public var upper: Double
  public var step: Double
  public var values: [Double]
  /// Decimals needed to print the ticks exactly.
  public var decimals: Int

  public init(lower: Double, upper: Double, count: Int = 5) {
    var lo = lower, hi = upper
    if !(lo.isFinite && hi.isFinite) { lo = 0; hi = 1 }
    if hi < lo { swap(&lo, &hi) }
    if hi == lo {
      let pad = lo == 0 ? 1 : Swift.abs(lo) * 0.1
      lo -= pad
      hi += pad
    }
    let raw = (hi - lo) / Double(Swift.max(1, count))
    let magnitude = pow10(Int(Foundation.log10(raw).rounded(.down)))
    let candidates = [1.0, 2.0, 2.5, 5.0, 10.0].map { $0 * magnitude }
    let step = candidates.first { $0 >= raw } ?? 10 * magnitude
    let first = (lo / step).rounded(.down) * step
    let last = (hi / step).rounded(.up) * step
    var values: [Double] = []
    var k = 0
    while true {
      let v = first + Double(k) * step
      if v > last + step * 1e-9 { break }
      values.append(Swift.abs(v) < step * 1e-9 ? 0 : v)
      k += 1
    }
    var decimals = 0
    while decimals < 6 {
      let scaled = step * pow10(decimals)
      if Swift.abs(scaled - scaled.rounded()) < 1e-6 { break }
      decimals += 1
    }
    self.lower = first
    self.upper = last
    self.step = step
    self.values = values
    self.decimals = decimals
  }
}

func pow10(_ k: Int) -> Double { Foundation.pow(10, Double(k)) }

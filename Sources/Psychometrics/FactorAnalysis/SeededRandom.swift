// A small seeded generator for the Monte Carlo parts of factor-number analysis.
import Foundation

/// xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64; reproducible across platforms.
/// Not R's Mersenne Twister: simulated eigenvalues agree with psych's in distribution, not digit for digit.
struct _Xoshiro256: RandomNumberGenerator {
  private var s: (UInt64, UInt64, UInt64, UInt64)

  init(seed: UInt64) {
    var z = seed
    func splitmix() -> UInt64 {
      z &+= 0x9E37_79B9_7F4A_7C15
      var x = z
      x = (x ^ (x >> 30)) &* 0xBF58_476D_1CE4_E5B9
      x = (x ^ (x >> 27)) &* 0x94D0_49BB_1331_11EB
      return x ^ (x >> 31)
    }
    s = (splitmix(), splitmix(), splitmix(), splitmix())
  }

  mutating func next() -> UInt64 {
    let result = ((s.1 &* 5) << 7 | (s.1 &* 5) >> 57) &* 9
    let t = s.1 << 17
    s.2 ^= s.0
    s.3 ^= s.1
    s.1 ^= s.2
    s.0 ^= s.3
    s.2 ^= t
    s.3 = (s.3 << 45) | (s.3 >> 19)
    return result
  }

  /// Uniform on (0, 1) with 53 random bits (never 0).
  mutating func uniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }

  /// Standard normal (Marsaglia polar method).
  mutating func normal() -> Double {
    while true {
      let u = 2 * uniform() - 1, v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 { return u * Foundation.sqrt(-2 * Foundation.log(s) / s) }
    }
  }

  /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through the U^(1/a) boost.
  mutating func gamma(shape a: Double) -> Double {
    if a < 1 { return gamma(shape: a + 1) * Foundation.pow(uniform(), 1 / a) }
    let d = a - 1.0 / 3, c = 1 / Foundation.sqrt(9 * d)
    while true {
      var x = 0.0, v = 0.0
      repeat { x = normal(); v = 1 + c * x } while v <= 0
      v = v * v * v
      let u = uniform()
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
    }
  }

  /// χ² with `df` degrees of freedom.
  mutating func chiSquared(_ df: Double) -> Double { 2 * gamma(shape: df / 2) }
}

// A small seeded generator for the Monte Carlo parts of factor-number analysis.
import Foundation
import Statistics

/// xoshiro256** (Blackman & Vigna 2018) seeded through SplitMix64; reproducible across platforms.
/// Not R's Mersenne Twister: simulated eigenvalues agree with psych's in distribution, not digit for digit.
/// Factor analysis draws on the shared generator; uniforms on the open interval (0, 1).
typealias _Xoshiro256 = SeededGenerator

extension SeededGenerator {

  /// Standard normal (Marsaglia polar method).
  mutating func normal() -> Double {
    while true {
      let u = 2 * openUniform() - 1, v = 2 * openUniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 { return u * Foundation.sqrt(-2 * Foundation.log(s) / s) }
    }
  }

  /// Gamma(shape, 1) by Marsaglia & Tsang (2000); shape < 1 through the U^(1/a) boost.
  mutating func gamma(shape a: Double) -> Double {
    if a < 1 { return gamma(shape: a + 1) * Foundation.pow(openUniform(), 1 / a) }
    let d = a - 1.0 / 3, c = 1 / Foundation.sqrt(9 * d)
    while true {
      var x = 0.0, v = 0.0
      repeat { x = normal(); v = 1 + c * x } while v <= 0
      v = v * v * v
      let u = openUniform()
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) { return d * v }
    }
  }

  /// χ² with `df` degrees of freedom.
  mutating func chiSquared(_ df: Double) -> Double { 2 * gamma(shape: df / 2) }
}

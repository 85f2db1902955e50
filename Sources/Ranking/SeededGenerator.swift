import Foundation

/// A seeded, deterministic random number generator (xoshiro256**, Blackman & Vigna 2018, seeded
/// through SplitMix64), used for every bootstrap in this module so that results depend only on
/// the seed and not on the platform or the Swift standard library's generator.
///
/// Reference: D. Blackman and S. Vigna (2021), "Scrambled linear pseudorandom number generators",
/// ACM Transactions on Mathematical Software 47(4), 36. doi:10.1145/3460772.
import Statistics

/// Ranking's draws on the shared generator (Statistics.SeededGenerator).
extension SeededGenerator {

  /// A uniform integer in 0..<n (Lemire's multiply-shift; bias < n/2⁶⁴, negligible for n ≪ 2⁶⁴).
  @inline(__always) mutating func index(below n: Int) -> Int {
    Int(next().multipliedFullWidth(by: UInt64(n)).high)
  }

  /// A standard normal deviate (Marsaglia polar method; the second deviate of each pair is kept).
  mutating func standardNormal(_ spare: inout Double?) -> Double {
    if let s = spare { spare = nil; return s }
    while true {
      let u = 2 * uniform() - 1, v = 2 * uniform() - 1
      let s = u * u + v * v
      if s > 0 && s < 1 {
        let f = (-2 * log(s) / s).squareRoot()
        spare = v * f
        return u * f
      }
    }
  }

  /// A Poisson(λ) deviate: multiplication (inversion) for λ < 10, otherwise the transformed
  /// rejection method PTRS of Hörmann (1993), Insurance: Mathematics and Economics 12, 39–45.
  mutating func poisson(_ lambda: Double) -> Int {
    if lambda <= 0 { return 0 }
    if lambda < 10 {
      let limit = exp(-lambda)
      var k = 0
      var prod = uniform()
      while prod > limit { k += 1; prod *= uniform() }
      return k
    }
    let slam = lambda.squareRoot(), loglam = log(lambda)
    let b = 0.931 + 2.53 * slam
    let a = -0.059 + 0.02483 * b
    let invalpha = 1.1239 + 1.1328 / (b - 3.4)
    let vr = 0.9277 - 3.6224 / (b - 2)
    while true {
      let u = uniform() - 0.5, v = uniform()
      let us = 0.5 - Swift.abs(u)
      let k = ((2 * a / us + b) * u + lambda + 0.43).rounded(.down)
      if us >= 0.07 && v <= vr { return Int(k) }
      if k < 0 || (us < 0.013 && v > us) { continue }
      if log(v) + log(invalpha) - log(a / (us * us) + b) <= -lambda + k * loglam - lgamma(k + 1) {
        return Int(k)
      }
    }
  }

  /// A Gamma(shape, 1) deviate: Marsaglia & Tsang (2000), ACM TOMS 26, 363–372,
  /// doi:10.1145/358407.358414; shape < 1 via Gamma(shape + 1)·U^{1/shape}.
  mutating func gamma(_ shape: Double) -> Double {
    if shape < 1 {
      let u = uniform()
      return gamma(shape + 1) * pow(u > 0 ? u : Double.leastNormalMagnitude, 1 / shape)
    }
    let d = shape - 1.0 / 3.0, c = 1 / (9 * d).squareRoot()
    var spare: Double? = nil
    while true {
      let x = standardNormal(&spare)
      let t = 1 + c * x
      if t <= 0 { continue }
      let v = t * t * t
      let u = uniform()
      if u < 1 - 0.0331 * x * x * x * x { return d * v }
      if log(u) < 0.5 * x * x + d * (1 - v + log(v)) { return d * v }
    }
  }

  /// A Binomial(n, p) deviate, exact in distribution: inversion (sequential search) when
  /// n·min(p, 1 − p) < 15, otherwise the order-statistic split (Knuth, TAOCP vol. 2, §3.4.1,
  /// exercise; Devroye 1986, Non-Uniform Random Variate Generation, §X.4): the i-th smallest of n
  /// uniforms is U₍ᵢ₎ ~ Beta(i, n + 1 − i) = G₁/(G₁ + G₂); if U₍ᵢ₎ ≤ p the result is
  /// i + Binomial(n − i, (p − U₍ᵢ₎)/(1 − U₍ᵢ₎)), else Binomial(i − 1, p/U₍ᵢ₎). Splitting at
  /// i = ⌊(n + 1)p⌋ leaves a binomial with mean O(√(np)), so two or three splits suffice.
  mutating func binomial(_ n: Int, _ p: Double) -> Int {
    // Result = base + sign·Y with Y ~ Binomial(n, p) for the current (n, p).
    var n = n, p = p, base = 0, sign = 1
    while true {
      if n <= 0 || p <= 0 { return base }
      if p >= 1 { return base + sign * n }
      if p > 0.5 {  // Y = n − Y′, Y′ ~ Binomial(n, 1 − p)
        base += sign * n; sign = -sign; p = 1 - p
        continue
      }
      if Double(n) * p < 15 {
        let q = 1 - p, s = p / q, a = Double(n + 1) * s
        var r = pow(q, Double(n))
        var u = uniform(), x = 0
        while u > r && x < n {
          u -= r; x += 1
          r *= a / Double(x) - s
        }
        return base + sign * x
      }
      let i = Swift.min(n, Swift.max(1, Int(Double(n + 1) * p)))  // split near the mean
      let ga = gamma(Double(i)), gb = gamma(Double(n + 1 - i))
      let beta = ga / (ga + gb)
      if beta <= p {  // Y = i + Binomial(n − i, (p − β)/(1 − β))
        base += sign * i
        n -= i
        p = (p - beta) / (1 - beta)
      } else {  // Y = Binomial(i − 1, p/β)
        n = i - 1
        p = p / beta
      }
    }
  }
}

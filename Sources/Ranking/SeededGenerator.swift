import Foundation

/// A seeded, deterministic random number generator (xoshiro256**, Blackman & Vigna 2018, seeded
/// through SplitMix64), used for every bootstrap in this module so that results depend only on
/// the seed and not on the platform or the Swift standard library's generator.
///
/// Reference: D. Blackman and S. Vigna (2021), "Scrambled linear pseudorandom number generators",
/// ACM Transactions on Mathematical Software 47(4), 36. doi:10.1145/3460772.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  /// A generator whose whole stream is determined by `seed`.
  public init(seed: UInt64) {
    var z = seed
    func splitmix(_ x: inout UInt64) -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var r = x
      r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
      r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
      return r ^ (r >> 31)
    }
    s0 = splitmix(&z); s1 = splitmix(&z); s2 = splitmix(&z); s3 = splitmix(&z)
  }

  @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// A uniform double in [0, 1) with 53 random bits.
  @inline(__always) mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

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
}

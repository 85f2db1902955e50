#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// SplitMix64 (Steele, Lea & Flood 2014), used only to expand a 64-bit seed into the
/// 256-bit state of `Xoshiro256StarStar`, as recommended by the xoshiro authors.
///
/// ```
/// state += 0x9E3779B97F4A7C15
/// z = state
/// z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
/// z = (z ^ (z >> 27)) * 0x94D049BB133111EB
/// return z ^ (z >> 31)
/// ```
///
/// References: Steele, G. L., Lea, D., & Flood, C. H. (2014). Fast splittable pseudorandom
/// number generators. OOPSLA '14. https://doi.org/10.1145/2660193.2660195
public struct SplitMix64: RandomNumberGenerator, Sendable {
  public private(set) var state: UInt64

  public init(seed: UInt64) { state = seed }

  public mutating func next() -> UInt64 {
    state &+= 0x9E37_79B9_7F4A_7C15
    var z = state
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }
}

/// xoshiro256** 1.0 (Blackman & Vigna 2018): a small, fast, seedable generator with a
/// 2²⁵⁶ − 1 period, used for every random draw of the demo-study generator so the output
/// depends only on the seed (never on `SystemRandomNumberGenerator`).
///
/// ```
/// result = rotl(s1 * 5, 7) * 9
/// t = s1 << 17
/// s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45)
/// ```
///
/// Seeding: the four state words are the first four outputs of `SplitMix64(seed: seed ^ mix(stream))`,
/// so independent purposes (frame, population, sampling, response, missingness, wrinkles) draw from
/// separate streams and changing one purpose does not shift the draws of another.
///
/// Uniforms use the top 53 bits (`(x >> 11) · 2⁻⁵³`, in [0, 1)); normals use the Box–Muller
/// transform on two uniforms (both outputs are used; the second is cached).
///
/// References: Blackman, D., & Vigna, S. (2021). Scrambled linear pseudorandom number generators.
/// ACM Transactions on Mathematical Software 47(4), 36. https://doi.org/10.1145/3460772 ;
/// Box, G. E. P., & Muller, M. E. (1958). A note on the generation of random normal deviates.
/// Annals of Mathematical Statistics 29(2), 610–611. https://doi.org/10.1214/aoms/1177706645
///
/// Validated against: the reference C implementation (prng.di.unimi.it/xoshiro256starstar.c);
/// see `Xoshiro256StarStarTests` for the first outputs from a known state.
public struct Xoshiro256StarStar: RandomNumberGenerator, Sendable {
  /// The four state words s0…s3 (never all zero).
  public private(set) var state: (UInt64, UInt64, UInt64, UInt64)
  private var cachedNormal: Double?

  /// A generator from an explicit state (must not be all zero).
  public init(state: (UInt64, UInt64, UInt64, UInt64)) {
    precondition(state != (0, 0, 0, 0), "xoshiro256** state must not be all zero")
    self.state = state
  }

  /// A generator for `seed` and an independent `stream` number.
  public init(seed: UInt64, stream: UInt64 = 0) {
    var sm = SplitMix64(seed: seed ^ (stream &* 0xD1B5_4A32_D192_ED03))
    let s = (sm.next(), sm.next(), sm.next(), sm.next())
    // SplitMix64 cannot output four zeros in a row from any state; guard anyway.
    self.init(state: s == (0, 0, 0, 0) ? (1, 0, 0, 0) : s)
  }

  @inline(__always) private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
    (x << k) | (x >> (64 &- k))
  }

  public mutating func next() -> UInt64 {
    var (s0, s1, s2, s3) = state
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    state = (s0, s1, s2, s3)
    return result
  }

  /// A uniform double in [0, 1) with 53 random bits.
  public mutating func nextUniform() -> Double {
    Double(next() >> 11) * 0x1.0p-53
  }

  /// True with probability `p`.
  public mutating func bernoulli(_ p: Double) -> Bool { nextUniform() < p }

  /// A uniform integer in 0..<n (Lemire's nearly-divisionless method via the standard library).
  public mutating func nextInt(below n: Int) -> Int {
    precondition(n > 0, "nextInt(below:) needs n > 0")
    return Int.random(in: 0..<n, using: &self)
  }

  /// A standard normal deviate (Box–Muller; u1 is taken in (0, 1] so log is finite).
  public mutating func nextNormal() -> Double {
    if let z = cachedNormal {
      cachedNormal = nil
      return z
    }
    let u1 = 1 - nextUniform()
    let u2 = nextUniform()
    let r = (-2 * log(u1)).squareRoot()
    let theta = 2 * Double.pi * u2
    cachedNormal = r * sin(theta)
    return r * cos(theta)
  }
}

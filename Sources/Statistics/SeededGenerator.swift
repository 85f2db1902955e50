/// The seeded random-number generator of every Monte Carlo computation in TrustMetrics:
/// xoshiro256** with its state seeded through SplitMix64, so every bootstrap, simulation and
/// sensitivity result is a pure function of its seed on every platform.
///
/// Reference: Blackman & Vigna (2021), "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4) 36, doi:10.1145/3460772. (The demo-study generator in Simulation keeps its own
/// documented copy with streams, so the committed data never depend on this type.)
public struct SeededGenerator: RandomNumberGenerator, Sendable {
  @usableFromInline var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

  public init(seed: UInt64) {
    var z = seed
    func splitmix(_ x: inout UInt64) -> UInt64 {
      x &+= 0x9E37_79B9_7F4A_7C15
      var r = x
      r = (r ^ (r >> 30)) &* 0xBF58_476D_1CE4_E5B9
      r = (r ^ (r >> 27)) &* 0x94D0_49BB_1331_11EB
      return r ^ (r >> 31)
    }
    s0 = splitmix(&z)
    s1 = splitmix(&z)
    s2 = splitmix(&z)
    s3 = splitmix(&z)
  }

  @inlinable @inline(__always) static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }

  @inlinable public mutating func next() -> UInt64 {
    let result = Self.rotl(s1 &* 5, 7) &* 9
    let t = s1 << 17
    s2 ^= s0
    s3 ^= s1
    s1 ^= s2
    s0 ^= s3
    s2 ^= t
    s3 = Self.rotl(s3, 45)
    return result
  }

  /// A uniform deviate on [0, 1) with 53 random bits.
  @inline(__always) public mutating func uniform() -> Double { Double(next() >> 11) * 0x1.0p-53 }

  /// A uniform deviate on (0, 1): the midpoint of the 53-bit cell (never 0, never 1).
  @inline(__always) public mutating func openUniform() -> Double { (Double(next() >> 11) + 0.5) * 0x1.0p-53 }
}

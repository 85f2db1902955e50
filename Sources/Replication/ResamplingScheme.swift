import Statistics

/// How replicate multipliers are drawn per PSU.
public enum ResamplingMethod: String, Sendable, Equatable, CaseIterable {
  /// Rao–Wu rescaled bootstrap (Rao & Wu 1988; Rao, Wu & Yue 1992), R survey
  /// `as.svrepdesign(type = "subbootstrap")`: in every stratum h with n_h PSUs, n_h − 1 PSUs are
  /// drawn with replacement (equal probabilities); a PSU drawn c times gets the multiplier
  /// c · n_h / (n_h − 1). E[multiplier] = 1, Var = 1, Cov between two PSUs of the stratum
  /// −1/(n_h − 1), so scale · Σ_r (θ_r − θ̄)² estimates the with-replacement (Taylor) variance.
  case raoWu
  /// Poisson bootstrap: every PSU gets an independent Poisson(1) count. Used only when no
  /// design is declared (no strata to respect).
  case poisson
}

/// What a stratum with a single PSU does under Rao–Wu (R `survey.lonely.psu`).
public enum LonelyStratumPolicy: String, Sendable, Equatable, CaseIterable {
  /// Refuse (R default "fail").
  case fail
  /// Multiplier 1 in every replicate: the stratum adds no variance (R "certainty"/"remove"
  /// for replicate designs; R's `subbootstrap` does the same for single-PSU strata).
  case fixed
}

/// A seeded replicate scheme over a frame: method, number of replicates R, seed.
///
/// Streams are keyed, not sequential: stratum h of replicate r draws from xoshiro256** seeded
/// with a SplitMix64 mix of (seed, r, hash of the stratum label); a PSU's Poisson count comes
/// from a mix of (seed, r, hash of its stratum and key). So a replicate's multipliers do not
/// depend on the block it is computed in, on the number of threads or on machine load (results
/// are bit-identical for a given frame, method, R and seed), and a stratum's draws do not
/// depend on which other strata or rows are present (removing a suppressed region's own
/// stratum, or a PSU under the Poisson bootstrap, leaves every other multiplier unchanged).
///
/// Variance: v(θ̂) = scale · Σ_r (θ̂_r − θ̄)², scale = 1/(R − 1) (R `svrepdesign` with
/// `scale = 1/(R-1)`, `mse = FALSE`, as `subbootstrap`).
public struct ResamplingScheme: Sendable, Equatable {
  public let frame: ResamplingFrame
  public let method: ResamplingMethod
  public let replicates: Int
  public let seed: UInt64
  public let lonely: LonelyStratumPolicy

  public init(frame: ResamplingFrame, method: ResamplingMethod, replicates: Int, seed: UInt64,
              lonely: LonelyStratumPolicy = .fixed) throws(ReplicationError) {
    guard replicates >= 2 else { throw .tooFewReplicates(replicates) }
    if method == .raoWu && lonely == .fail {
      for h in 0..<frame.strataCount where frame.psuCount(inStratum: h) < 2 {
        throw .singlePSUStratum(stratum: frame.strataLabels[h])
      }
    }
    self.frame = frame
    self.method = method
    self.replicates = replicates
    self.seed = seed
    self.lonely = lonely
  }

  /// The variance scale 1/(R − 1).
  public var varianceScale: Double { 1 / Double(replicates - 1) }

  /// The constant factor of a PSU's multiplier in stratum h: m_h/(m_h − 1) for Rao–Wu (m_h = the
  /// sample's PSUs in the stratum; 1 for a lone PSU), 1 for Poisson. The multiplier is
  /// (draw count) × this factor.
  public func rescaling(stratum h: Int, sample: SampleMembership? = nil) -> Double {
    guard method == .raoWu else { return 1 }
    let m = sample?.count[h] ?? frame.psuCount(inStratum: h)
    return m > 1 ? Double(m) / Double(m - 1) : 1
  }

  /// Calls `add(psu, count)` for the draws of replicate r (a PSU may be reported several times;
  /// the counts add up).
  ///
  /// Rao–Wu: stratum h of replicate r has its own random stream, a sequence of uniform picks
  /// among the frame's n_h PSUs; a sample with m_h PSUs in h takes the first m_h − 1 picks that
  /// fall on its own PSUs (a lone PSU, m_h = 1, is reported once: multiplier 1). Each sample's
  /// replicate is therefore exactly the Rao–Wu bootstrap of its own sample (m_h − 1 draws with
  /// replacement, equal probabilities), and two samples sharing PSUs (waves of a panel) read the
  /// same sequence: a shared PSU gets the same count in both up to the few picks by which their
  /// prefixes differ. With one sample (or none given) every pick is a hit: n_h − 1 draws.
  /// O(n_h) uniform draws per stratum. Poisson: one inverted uniform per frame PSU, so a PSU's
  /// count is the same in every sample.
  @inline(__always)
  public func forEachDraw(replicate r: Int, sample: SampleMembership? = nil, _ add: (_ psu: Int, _ count: Int32) -> Void) {
    for h in 0..<frame.strataCount { forEachDraw(replicate: r, stratum: h, sample: sample, add) }
  }

  /// The draws of stratum h in replicate r (see `forEachDraw(replicate:sample:_:)`): the
  /// stratum's own stream, so a stratum's draws are the same whether it is drawn alone or with
  /// the others. Reports only PSUs of stratum h.
  @inline(__always)
  public func forEachDraw(replicate r: Int, stratum h: Int, sample: SampleMembership? = nil, _ add: (_ psu: Int, _ count: Int32) -> Void) {
    let base = Self.streamSeed(seed, r)
    let start = frame.stratumStart[h], n = frame.stratumStart[h + 1] - start
    switch method {
    case .raoWu:
      let m = sample?.count[h] ?? n
      if m < 2 {
        if m == 1 {
          if let sample { for p in start..<(start + n) where sample.inSample[p] { add(p, 1); break } } else { add(start, 1) }
        }
        return
      }
      var g = SeededGenerator(seed: Self.mix(base, frame.stratumHash[h]))
      let all = m == n
      var hits = 0
      if n < (1 << 31) {
        // Two picks per 64-bit draw: Lemire's unbiased bounded integer on each 32-bit half
        // (multiply, reject the rare biased low part).
        let bound = UInt64(n), threshold = UInt32((UInt64(1) << 32) % bound)
        while hits < m - 1 {
          let x = g.next()
          for half in 0..<2 {
            let u = half == 0 ? x & 0xFFFF_FFFF : x >> 32
            let prod = u &* bound
            if UInt32(truncatingIfNeeded: prod) < threshold { continue }
            let p = start + Int(prod >> 32)
            if all || sample!.inSample[p] {
              add(p, 1)
              hits += 1
              if hits == m - 1 { break }
            }
          }
        }
      } else {
        let bound = UInt64(n)
        let threshold = (0 &- bound) % bound
        while hits < m - 1 {
          var x = g.next().multipliedFullWidth(by: bound)
          while x.low < threshold { x = g.next().multipliedFullWidth(by: bound) }
          let p = start + Int(x.high)
          if all || sample!.inSample[p] { add(p, 1); hits += 1 }
        }
      }
    case .poisson:
      for p in start..<(start + n) where sample?.inSample[p] ?? true {
        let k = Self.poissonOne(Double(Self.mix(base, frame.psuHash[p]) >> 11) * 0x1.0p-53)
        if k > 0 { add(p, k) }
      }
    }
  }

  /// The multipliers of replicate r, one per frame PSU (0 for PSUs outside `sample`); for
  /// tests, exports and small designs.
  public func multipliers(replicate r: Int, sample: SampleMembership? = nil) -> [Double] {
    var counts = [Int32](repeating: 0, count: frame.psuCount)
    forEachDraw(replicate: r, sample: sample) { counts[$0] += $1 }
    return counts.indices.map { Double(counts[$0]) * rescaling(stratum: frame.stratumOfPSU[$0], sample: sample) }
  }

  /// SplitMix64 finaliser of `base` combined with `key` (a counter-based stream: a stratum's or
  /// PSU's randomness depends only on the seed, the replicate and its own label or key).
  @inline(__always) static func mix(_ base: UInt64, _ key: UInt64) -> UInt64 {
    var z = base ^ (key &* 0xBF58_476D_1CE4_E5B9)
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  static func streamSeed(_ seed: UInt64, _ r: Int) -> UInt64 {
    var z = seed ^ (UInt64(r) &+ 1) &* 0xD1B5_4A32_D192_ED03
    z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Poisson(1) cumulative probabilities P(K ≤ k), k = 0…19 (inversion table).
  static let poissonCDF: [Double] = {
    var p = 0.36787944117144233, c = p
    var t: [Double] = [c]
    for k in 1..<20 { p /= Double(k); c += p; t.append(c) }
    return t
  }()

  @inline(__always) static func poissonOne(_ u: Double) -> Int32 {
    var k: Int32 = 0
    let t = poissonCDF
    while k < 19 && u > t[Int(k)] { k += 1 }
    return k
  }
}

/// The PSUs of one sample (e.g. one wave) within a frame built over several samples.
public struct SampleMembership: Sendable, Equatable {
  /// Per frame PSU: is it in the sample?
  public let inSample: [Bool]
  /// Per stratum: the sample's PSUs in it (m_h).
  public let count: [Int]

  /// The sample of the rows whose PSUs are `psuOfRow`.
  public init(frame: ResamplingFrame, psuOfRow: [Int]) {
    var inSample = [Bool](repeating: false, count: frame.psuCount)
    var count = [Int](repeating: 0, count: frame.strataCount)
    for p in psuOfRow where !inSample[p] {
      inSample[p] = true
      count[frame.stratumOfPSU[p]] += 1
    }
    self.inSample = inSample
    self.count = count
  }
}

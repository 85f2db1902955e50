/// The primary sampling units (PSUs) of a design, grouped in first-stage strata, each PSU with a
/// stable identity (its key). Replicate multipliers are drawn per PSU of a frame.
///
/// A frame is built from one or several samples (waves): the PSU (stratum, key) is one unit
/// wherever it appears, so a municipality interviewed in two waves gets the *same* multiplier
/// in both waves' replicates (issue 10 §2: the covariance of the two waves' estimates is then
/// the replicate covariance). Within a stratum the PSUs are ordered by a stable hash of their
/// key, so the draws do not depend on the order of the data rows.
public struct ResamplingFrame: Sendable, Equatable {
  /// Stratum labels, sorted.
  public let strataLabels: [String]
  /// PSU keys in frame order (stratum by stratum, by stable key hash within a stratum).
  public let psuKeys: [String]
  /// Stratum (index into `strataLabels`) of every PSU.
  public let stratumOfPSU: [Int]
  /// First PSU of each stratum; the PSUs of stratum h are `stratumStart[h] ..< stratumStart[h + 1]`.
  public let stratumStart: [Int]
  /// Stable 64-bit hash of each stratum label (keys the stratum's random stream).
  public let stratumHash: [UInt64]
  /// Stable 64-bit hash of each PSU's (stratum, key) (keys its Poisson draws).
  public let psuHash: [UInt64]

  public var psuCount: Int { psuKeys.count }
  public var strataCount: Int { strataLabels.count }
  /// Number of PSUs in stratum h.
  public func psuCount(inStratum h: Int) -> Int { stratumStart[h + 1] - stratumStart[h] }

  /// A frame over the union of several samples. `samples[s]` gives, for every row of sample s,
  /// its stratum label (nil: the design is unstratified, one stratum) and PSU key (the row
  /// itself, e.g. a respondent id, when the design has no clusters). Returns the frame and, per
  /// sample, the PSU (frame index) of each row.
  ///
  /// A PSU key that appears in two strata is two PSUs (R `nest = TRUE`). Strata are ordered by
  /// label; within a stratum PSUs are ordered by a stable 64-bit hash of the key's UTF-8 bytes
  /// (FNV-1a; ties by the bytes), so the frame does not depend on the order of the rows or on
  /// the process (Swift's own hashing is seeded per process).
  public static func union(_ samples: [(strata: [String]?, keys: [String])]) throws(ReplicationError) -> (frame: ResamplingFrame, psuOfRow: [[Int]]) {
    var labelCode: [String: Int] = [:]
    var labels: [String] = []
    var keyCode: [String: Int] = [:]
    var keys: [String] = []
    var unitCode: [Int: Int] = [:]          // stratum·K + key code → unit (temporary numbering)
    var unitStratum: [Int] = [], unitKey: [Int] = []
    var rowUnit: [[Int]] = []
    let total = samples.reduce(0) { $0 + $1.keys.count }
    keyCode.reserveCapacity(total)
    unitCode.reserveCapacity(total)
    for s in samples {
      if let st = s.strata, st.count != s.keys.count {
        throw .lengthMismatch(what: "strata", expected: s.keys.count, found: st.count)
      }
    }
    // Keys and strata coded to integers once; a unit is (stratum code, key code).
    let keyBase = 1 << 32
    for s in samples {
      var units = [Int](repeating: 0, count: s.keys.count)
      for i in s.keys.indices {
        let label = s.strata?[i] ?? ""
        let h: Int
        if let c = labelCode[label] { h = c } else { h = labels.count; labelCode[label] = h; labels.append(label) }
        let key = s.keys[i]
        let k: Int
        if let c = keyCode[key] { k = c } else { k = keys.count; keyCode[key] = k; keys.append(key) }
        let code = h * keyBase + k
        if let u = unitCode[code] { units[i] = u } else {
          units[i] = unitStratum.count
          unitCode[code] = unitStratum.count
          unitStratum.append(h); unitKey.append(k)
        }
      }
      rowUnit.append(units)
    }
    if unitStratum.isEmpty { throw .emptyFrame }
    let labelRank: [Int] = {
      let order = labels.indices.sorted { labels[$0] < labels[$1] }
      var r = [Int](repeating: 0, count: labels.count)
      for (k, i) in order.enumerated() { r[i] = k }
      return r
    }()
    let keyHash = keys.map(Self.stableHash)
    let order = unitStratum.indices.sorted { a, b in
      let sa = labelRank[unitStratum[a]], sb = labelRank[unitStratum[b]]
      if sa != sb { return sa < sb }
      let ha = keyHash[unitKey[a]], hb = keyHash[unitKey[b]]
      if ha != hb { return ha < hb }
      return Array(keys[unitKey[a]].utf8).lexicographicallyPrecedes(Array(keys[unitKey[b]].utf8))
    }
    var position = [Int](repeating: 0, count: order.count)
    var sortedLabels: [String] = [], stratumOf: [Int] = [], start: [Int] = [], psuKeys: [String] = []
    stratumOf.reserveCapacity(order.count); psuKeys.reserveCapacity(order.count)
    for (p, u) in order.enumerated() {
      position[u] = p
      let label = labels[unitStratum[u]]
      if sortedLabels.isEmpty || sortedLabels.last! != label { sortedLabels.append(label); start.append(p) }
      stratumOf.append(sortedLabels.count - 1)
      psuKeys.append(keys[unitKey[u]])
    }
    start.append(order.count)
    let labelHash = sortedLabels.map(Self.stableHash)
    let psuHash = (0..<order.count).map { p in
      (labelHash[stratumOf[p]] &* 0x9E37_79B9_7F4A_7C15) ^ keyHash[unitKey[order[p]]]
    }
    let frame = ResamplingFrame(strataLabels: sortedLabels, psuKeys: psuKeys, stratumOfPSU: stratumOf, stratumStart: start,
                                stratumHash: labelHash, psuHash: psuHash)
    return (frame, rowUnit.map { $0.map { position[$0] } })
  }

  /// FNV-1a 64-bit hash of the key's UTF-8 bytes (stable across processes and platforms).
  static func stableHash(_ key: String) -> UInt64 {
    var h: UInt64 = 0xCBF2_9CE4_8422_2325
    for b in key.utf8 { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
    return h
  }

  /// A frame for one sample (see `union`).
  public static func single(strata: [String]?, keys: [String]) throws(ReplicationError) -> (frame: ResamplingFrame, psuOfRow: [Int]) {
    let (f, p) = try union([(strata, keys)])
    return (f, p[0])
  }
}


/// Errors of the replicate engine.
public enum ReplicationError: Error, Sendable, Equatable, CustomStringConvertible {
  case emptyFrame
  case lengthMismatch(what: String, expected: Int, found: Int)
  case tooFewReplicates(Int)
  /// A stratum with one PSU under the `fail` policy (R survey's default for lonely PSUs).
  case singlePSUStratum(stratum: String)
  case invalidArgument(name: String, value: String, allowed: String)
  /// A raking margin category with population but no respondent (full sample).
  case emptyRakingCategory(margin: Int, category: Int)

  public var description: String {
    switch self {
    case .emptyFrame: return "the replicate frame has no sampling units"
    case .lengthMismatch(let w, let e, let f): return "\(w): expected \(e) values, found \(f)"
    case .tooFewReplicates(let r): return "at least 2 replicates are needed, got \(r)"
    case .singlePSUStratum(let s): return "stratum '\(s)' has only one sampling unit (lonely PSU policy 'fail')"
    case .invalidArgument(let n, let v, let a): return "\(n) = \(v) is not allowed; allowed: \(a)"
    case .emptyRakingCategory(let m, let c): return "raking margin \(m + 1), category \(c + 1) has a population total but no respondent"
    }
  }
}

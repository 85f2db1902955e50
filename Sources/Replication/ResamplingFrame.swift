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
    var labels = FirstAppearanceCodes<String>(), keys = FirstAppearanceCodes<String>()
    var units = FirstAppearanceCodes<UInt64>()   // (stratum code, key code) → unit (temporary numbering)
    var unitStratum: [Int] = [], unitKey: [Int] = []
    var rowUnit: [[Int]] = []
    let total = samples.reduce(0) { $0 + $1.keys.count }
    keys.reserve(total)
    units.reserve(total)
    for s in samples {
      if let st = s.strata, st.count != s.keys.count {
        throw .lengthMismatch(what: "strata", expected: s.keys.count, found: st.count)
      }
    }
    // Keys and strata coded to integers once (their stable hashes double as table hashes); a
    // unit is (stratum code, key code).
    for s in samples {
      var unitOfRow = [Int](repeating: 0, count: s.keys.count)
      var lastLabel: String? = nil, lastCode = 0
      for i in s.keys.indices {
        let label = s.strata?[i] ?? ""
        let h: Int
        if let lastLabel, lastLabel == label { h = lastCode } else {
          h = labels.code(label, hash: Self.stableHash(label)); lastLabel = label; lastCode = h
        }
        let key = s.keys[i]
        let k = keys.code(key, hash: Self.stableHash(key))
        let pair = UInt64(h) << 32 | UInt64(k)
        let u = units.code(pair, hash: pair)
        if u == unitStratum.count { unitStratum.append(h); unitKey.append(k) }
        unitOfRow[i] = u
      }
      rowUnit.append(unitOfRow)
    }
    if unitStratum.isEmpty { throw .emptyFrame }
    let labelRank: [Int] = {
      let order = labels.keys.indices.sorted { labels.keys[$0] < labels.keys[$1] }
      var r = [Int](repeating: 0, count: labels.keys.count)
      for (k, i) in order.enumerated() { r[i] = k }
      return r
    }()
    // Frame order: stratum label, then the key's stable hash, then the key's bytes (sorted on
    // packed (rank, hash, unit) triples; the bytes are compared only on a hash tie).
    var sortable = unitStratum.indices.map { u in (UInt64(labelRank[unitStratum[u]]), keys.hashes[unitKey[u]], u) }
    sortable.sort { a, b in
      if a.0 != b.0 { return a.0 < b.0 }
      if a.1 != b.1 { return a.1 < b.1 }
      return Array(keys.keys[unitKey[a.2]].utf8).lexicographicallyPrecedes(Array(keys.keys[unitKey[b.2]].utf8))
    }
    let order = sortable.map(\.2)
    let keyHash = keys.hashes
    var position = [Int](repeating: 0, count: order.count)
    var sortedLabels: [String] = [], stratumOf: [Int] = [], start: [Int] = [], psuKeys: [String] = []
    stratumOf.reserveCapacity(order.count); psuKeys.reserveCapacity(order.count)
    for (p, u) in order.enumerated() {
      position[u] = p
      let label = labels.keys[unitStratum[u]]
      if sortedLabels.isEmpty || sortedLabels.last! != label { sortedLabels.append(label); start.append(p) }
      stratumOf.append(sortedLabels.count - 1)
      psuKeys.append(keys.keys[unitKey[u]])
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


/// Keys numbered 0, 1, … in order of first appearance, found through an open-addressing table of
/// 64-bit hashes the caller supplies (keys compared on a hash hit). The frame codes its strata and
/// keys with their FNV-1a hashes (`ResamplingFrame.stableHash`, which it needs anyway) and its
/// units with the packed (stratum, key) code itself.
struct FirstAppearanceCodes<Key: Equatable> {
  private(set) var keys: [Key] = []
  private(set) var hashes: [UInt64] = []
  private var slots = [Int32](repeating: -1, count: 16)

  mutating func reserve(_ n: Int) {
    keys.reserveCapacity(n); hashes.reserveCapacity(n)
    if 2 * n > slots.count { rehash(capacity: 2 * n) }
  }

  /// The code of `key`, whose hash is `h`.
  mutating func code(_ key: Key, hash h: UInt64) -> Int {
    var slot = Self.slot(h, slots.count)
    while slots[slot] >= 0 {
      let c = Int(slots[slot])
      if hashes[c] == h && keys[c] == key { return c }
      slot = (slot + 1) & (slots.count - 1)
    }
    let c = keys.count
    slots[slot] = Int32(c)
    keys.append(key); hashes.append(h)
    if 2 * keys.count > slots.count { rehash(capacity: 2 * slots.count) }
    return c
  }

  /// A table slot for a hash (multiplied and folded, so every bit reaches the low ones: FNV-1a's
  /// low bits alone depend only on the low bits of the bytes).
  private static func slot(_ h: UInt64, _ size: Int) -> Int {
    var z = h &* 0x9E37_79B9_7F4A_7C15
    z ^= z >> 32
    return Int(truncatingIfNeeded: z) & (size - 1)
  }

  private mutating func rehash(capacity: Int) {
    var size = 16
    while size < capacity { size <<= 1 }
    slots = [Int32](repeating: -1, count: size)
    for c in hashes.indices {
      var slot = Self.slot(hashes[c], size)
      while slots[slot] >= 0 { slot = (slot + 1) & (size - 1) }
      slots[slot] = Int32(c)
    }
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

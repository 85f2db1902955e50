/// The primary sampling units (PSUs) of a design, grouped in first-stage strata, each PSU with a
/// stable identity (its key). Replicate multipliers are drawn per PSU of a frame.
///
/// A frame is built from one or several samples (waves): the PSU (stratum, key) is one unit
/// wherever it appears, so a municipality interviewed in two waves gets the *same* multiplier
/// in both waves' replicates (issue 10 §2: the covariance of the two waves' estimates is then
/// the replicate covariance). Within a stratum the PSUs are ordered by key, so the draws do
/// not depend on the order of the data rows.
public struct ResamplingFrame: Sendable, Equatable {
  /// Stratum labels, sorted.
  public let strataLabels: [String]
  /// PSU keys in frame order (stratum by stratum, keys sorted within a stratum).
  public let psuKeys: [String]
  /// Stratum (index into `strataLabels`) of every PSU.
  public let stratumOfPSU: [Int]
  /// First PSU of each stratum; the PSUs of stratum h are `stratumStart[h] ..< stratumStart[h + 1]`.
  public let stratumStart: [Int]

  public var psuCount: Int { psuKeys.count }
  public var strataCount: Int { strataLabels.count }
  /// Number of PSUs in stratum h.
  public func psuCount(inStratum h: Int) -> Int { stratumStart[h + 1] - stratumStart[h] }

  /// A frame over the union of several samples. `samples[s]` gives, for every row of sample s,
  /// its stratum label (nil: the design is unstratified, one stratum) and PSU key (the row
  /// itself, e.g. a respondent id, when the design has no clusters). Returns the frame and, per
  /// sample, the PSU (frame index) of each row.
  ///
  /// A PSU key that appears in two strata is two PSUs (R `nest = TRUE`).
  public static func union(_ samples: [(strata: [String]?, keys: [String])]) throws(ReplicationError) -> (frame: ResamplingFrame, psuOfRow: [[Int]]) {
    var units = Set<PSUIdentity>()
    for s in samples {
      if let st = s.strata, st.count != s.keys.count {
        throw .lengthMismatch(what: "strata", expected: s.keys.count, found: st.count)
      }
      for i in s.keys.indices { units.insert(PSUIdentity(stratum: s.strata?[i] ?? "", key: s.keys[i])) }
    }
    if units.isEmpty { throw .emptyFrame }
    let ordered = units.sorted { ($0.stratum, $0.key) < ($1.stratum, $1.key) }
    var index: [PSUIdentity: Int] = [:]
    index.reserveCapacity(ordered.count)
    var labels: [String] = [], stratumOf: [Int] = [], start: [Int] = []
    for (p, u) in ordered.enumerated() {
      index[u] = p
      if labels.last != u.stratum || labels.isEmpty { labels.append(u.stratum); start.append(p) }
      stratumOf.append(labels.count - 1)
    }
    start.append(ordered.count)
    let frame = ResamplingFrame(strataLabels: labels, psuKeys: ordered.map(\.key), stratumOfPSU: stratumOf, stratumStart: start)
    let psuOfRow = samples.map { s in s.keys.indices.map { index[PSUIdentity(stratum: s.strata?[$0] ?? "", key: s.keys[$0])]! } }
    return (frame, psuOfRow)
  }

  /// A frame for one sample (see `union`).
  public static func single(strata: [String]?, keys: [String]) throws(ReplicationError) -> (frame: ResamplingFrame, psuOfRow: [Int]) {
    let (f, p) = try union([(strata, keys)])
    return (f, p[0])
  }
}

struct PSUIdentity: Hashable {
  var stratum: String
  var key: String
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

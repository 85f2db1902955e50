import Dispatch
import LinearAlgebra

/// Replicate totals of row values by group, computed in blocks of replicates without ever forming
/// an n × R replicate-weight matrix.
///
/// For rows i with PSU p(i), group g(i) and values y_i ∈ ℝ^K, replicate r's total is
/// ```
/// T_r[g, k] = Σ_{i: g(i) = g} m_{p(i), r} · y_ik,     m_{p,r} = c_{p,r} · a_{h(p)}
/// ```
/// (c = draw count of the PSU in replicate r, a_h the scheme's rescaling). The rows are summed
/// once to PSU entries (PSU, group, Σ y), each entry pre-multiplied by a_h; PSUs with identical
/// entries form one class (exchangeable units: in a study of Likert means many respondents of a
/// stratum and region share their values). A replicate is then: zero the class counts, draw
/// (O(n) uniform draws, counting into the class of the drawn PSU), and add count × entry for
/// every class with a non-zero count. Memory: the class tables (≤ n entries) and one block of
/// B replicates × groups × K totals, B chosen from `memoryBudget`; nothing grows with n·R.
///
/// Why not one gemm per block: the product (B × n)·(n × groups·K) would materialise n × B
/// multipliers and multiply mostly zeros (a row belongs to one group); the draw counts touch
/// each class once and cost O(n) uniform draws per replicate, which is the floor of any exact
/// resampling (measured ≈ 1.3 ns per draw, release build; see BENCHMARKS.md).
///
/// Determinism: every replicate is computed by one thread in a fixed order from its own random
/// streams, so the totals are bit-identical for any block size, thread count and machine load
/// (no BLAS is involved).
public struct GroupedReplicateTotals: Sendable {
  public let scheme: ResamplingScheme
  public let groupCount: Int
  /// Values per row (K).
  public let width: Int
  /// Full-sample totals (all multipliers 1), groups × K (row-major: [g·K + k]).
  public let full: [Double]
  /// Number of classes of exchangeable PSUs (for diagnostics).
  public let classCount: Int
  let classOfPSU: [Int32]
  /// Entries of class c: entryStart[c] ..< entryStart[c + 1] into entryGroup / entryValues (K each).
  let entryStart: [Int]
  let entryGroup: [Int]
  let entryValues: [Double]

  /// The sample these rows form in the frame (m_h per stratum).
  public let sample: SampleMembership
  /// Strata where the sample has a single PSU (kept at multiplier 1).
  public let lonelyStrata: Int

  /// - Parameters:
  ///   - psuOfRow: frame PSU of every row (from `ResamplingFrame.single`/`union`).
  ///   - groupOfRow: group 0..<groupCount of every row, or −1 to leave the row out.
  ///   - values: n × K values (column-major `Matrix`); rows left out are ignored.
  ///
  /// The replicates are the Rao–Wu bootstrap of these rows' own sample within the frame
  /// (`ResamplingScheme.forEachDraw(replicate:sample:)`): m_h − 1 draws among its m_h PSUs of
  /// stratum h, a lone PSU fixed at multiplier 1.
  public init(scheme: ResamplingScheme, psuOfRow: [Int], groupOfRow: [Int], groupCount: Int, values: Matrix) throws(ReplicationError) {
    let n = psuOfRow.count, K = values.columns
    guard groupOfRow.count == n else { throw .lengthMismatch(what: "groupOfRow", expected: n, found: groupOfRow.count) }
    guard values.rows == n else { throw .lengthMismatch(what: "values", expected: n, found: values.rows) }
    self.scheme = scheme
    self.groupCount = groupCount
    self.width = K
    let P = scheme.frame.psuCount
    // Full sample and per-PSU entries (rows sorted by PSU, then group).
    var full = [Double](repeating: 0, count: groupCount * K)
    var order = (0..<n).filter { groupOfRow[$0] >= 0 }
    order.sort { (psuOfRow[$0], groupOfRow[$0], $0) < (psuOfRow[$1], groupOfRow[$1], $1) }
    var psuEntries: [(psu: Int, group: Int, values: [Double])] = []
    psuEntries.reserveCapacity(order.count)
    values.elements.withUnsafeBufferPointer { v in
      for i in order {
        let g = groupOfRow[i], p = psuOfRow[i]
        for k in 0..<K { full[g * K + k] += v[k * n + i] }
        if let last = psuEntries.last, last.psu == p, last.group == g {
          for k in 0..<K { psuEntries[psuEntries.count - 1].values[k] += v[k * n + i] }
        } else {
          psuEntries.append((p, g, (0..<K).map { v[$0 * n + i] }))
        }
      }
    }
    self.full = full
    let sample = SampleMembership(frame: scheme.frame, psuOfRow: psuOfRow)
    self.sample = sample
    self.lonelyStrata = scheme.method == .raoWu ? sample.count.filter { $0 == 1 }.count : 0
    // Classes: PSUs with identical (rescaled) entry lists.
    var classIndex: [[UInt64]: Int32] = [:]
    var classOf = [Int32](repeating: -1, count: P)
    var starts: [Int] = [0], groups: [Int] = [], vals: [Double] = []
    var e = 0
    while e < psuEntries.count {
      let p = psuEntries[e].psu
      let a = scheme.rescaling(stratum: scheme.frame.stratumOfPSU[p], sample: sample)
      var key: [UInt64] = []
      var f = e
      while f < psuEntries.count && psuEntries[f].psu == p {
        key.append(UInt64(psuEntries[f].group))
        for x in psuEntries[f].values { key.append((x * a).bitPattern) }
        f += 1
      }
      if let c = classIndex[key] {
        classOf[p] = c
      } else {
        let c = Int32(starts.count - 1)
        classIndex[key] = c
        classOf[p] = c
        for q in e..<f {
          groups.append(psuEntries[q].group)
          for x in psuEntries[q].values { vals.append(x * a) }
        }
        starts.append(groups.count)
      }
      e = f
    }
    self.classOfPSU = classOf
    self.entryStart = starts
    self.entryGroup = groups
    self.entryValues = vals
    self.classCount = starts.count - 1
  }

  /// A block of replicate totals: replicates `range`, totals of replicate r at
  /// `totals[((r − range.lowerBound)·groupCount + g)·K + k]`.
  public struct Block: Sendable {
    public let range: Range<Int>
    public let groupCount: Int
    public let width: Int
    public let totals: [Double]
    @inline(__always) public func total(replicate r: Int, group g: Int, column k: Int) -> Double {
      totals[((r - range.lowerBound) * groupCount + g) * width + k]
    }
  }

  /// The block size for a memory budget (bytes) for the totals of one block.
  public func blockSize(memoryBudget: Int) -> Int {
    let perReplicate = Swift.max(1, groupCount * width * 8)
    return Swift.max(1, Swift.min(scheme.replicates, memoryBudget / perReplicate))
  }

  /// Computes the replicates block by block (blocks in order) and hands each block to `body`.
  /// `threads` > 1 splits a block's replicates among threads (results unchanged).
  public func forEachBlock(memoryBudget: Int = 32 << 20, threads: Int = 1, _ body: (Block) throws -> Void) rethrows {
    let R = scheme.replicates, B = blockSize(memoryBudget: memoryBudget)
    let G = groupCount, K = width
    var r0 = 0
    while r0 < R {
      let r1 = Swift.min(R, r0 + B)
      let count = r1 - r0
      var totals = [Double](repeating: 0, count: count * G * K)
      let t = Swift.max(1, Swift.min(threads, count))
      totals.withUnsafeMutableBufferPointer { out in
        let base = out.baseAddress!
        let stride = G * K
        if t == 1 {
          var counts = [Int32](repeating: 0, count: classCount)
          for r in r0..<r1 { compute(replicate: r, counts: &counts, into: base + (r - r0) * stride) }
        } else {
          let address = UInt(bitPattern: base)
          let first = r0
          DispatchQueue.concurrentPerform(iterations: t) { part in
            let lo = first + part * count / t, hi = first + (part + 1) * count / t
            var counts = [Int32](repeating: 0, count: classCount)
            let p = UnsafeMutablePointer<Double>(bitPattern: address)!
            for r in lo..<hi { compute(replicate: r, counts: &counts, into: p + (r - first) * stride) }
          }
        }
      }
      try body(Block(range: r0..<r1, groupCount: G, width: K, totals: totals))
      r0 = r1
    }
  }

  /// One replicate's totals (groups × K) into `out` (zeroed by the caller).
  @inline(__always)
  func compute(replicate r: Int, counts: inout [Int32], into out: UnsafeMutablePointer<Double>) {
    let K = width
    counts.withUnsafeMutableBufferPointer { c in
      for j in 0..<c.count { c[j] = 0 }
      classOfPSU.withUnsafeBufferPointer { cls in
        scheme.forEachDraw(replicate: r, sample: sample) { psu, k in
          let q = cls[psu]
          if q >= 0 { c[Int(q)] &+= k }
        }
      }
      entryStart.withUnsafeBufferPointer { start in
        entryGroup.withUnsafeBufferPointer { grp in
          entryValues.withUnsafeBufferPointer { val in
            for q in 0..<c.count where c[q] != 0 {
              let m = Double(c[q])
              for e in start[q]..<start[q + 1] {
                let o = out + grp[e] * K, v = e * K
                for k in 0..<K { o[k] += m * val[v + k] }
              }
            }
          }
        }
      }
    }
  }
}

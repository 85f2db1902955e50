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
/// once to PSU entries (PSU, group, Σ y), each entry pre-multiplied by a_h; PSUs of one stratum
/// with identical entries form one class (exchangeable units: in a study of Likert means many
/// respondents of a stratum and region share their values). Replicates are computed eight at a
/// time (one SIMD lane each), stratum by stratum: each replicate's draws of the stratum (O(n_h)
/// uniform draws) are counted per PSU in one byte each, folded into class counts in PSU order,
/// and every class of the stratum adds count × entry to the eight replicates' totals at once.
/// Memory: the class tables (≤ n entries), n_h bytes and 8 × (classes of a stratum) counts, and
/// one block of B replicates × groups × K totals, B chosen from `memoryBudget`; nothing grows
/// with n·R. The counters of one stratum stay in a core's cache (a stratum of 150,000 PSUs needs
/// 150 kB), so time grows linearly with n; class entries are read once per eight replicates.
///
/// Why not one gemm per block: the product (B × n)·(n × groups·K) would materialise n × B
/// multipliers and multiply mostly zeros (a row belongs to one group); the draw counts touch
/// each class once per replicate and cost O(n) uniform draws per replicate, the floor of exact
/// per-PSU resampling (≈ 1.5 ns per draw here, release build; see BENCHMARKS.md).
///
/// Determinism: every replicate's draws come from its own random streams and each total is summed
/// over the classes in class order, so the totals are bit-identical for any block size, thread
/// count and machine load (no BLAS is involved).
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
  /// Classes of stratum h: stratumClassStart[h] ..< stratumClassStart[h + 1].
  let stratumClassStart: [Int]
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
    // Rows in (PSU, group, row) order: a stable counting sort by PSU, then each PSU's few rows by
    // group (insertion sort, stable).
    var rowStart = [Int](repeating: 0, count: P + 1)
    for i in 0..<n where groupOfRow[i] >= 0 { rowStart[psuOfRow[i] + 1] += 1 }
    for p in 0..<P { rowStart[p + 1] += rowStart[p] }
    var order = [Int](repeating: 0, count: rowStart[P])
    do {
      var next = rowStart
      for i in 0..<n where groupOfRow[i] >= 0 { order[next[psuOfRow[i]]] = i; next[psuOfRow[i]] += 1 }
    }
    for p in 0..<P where rowStart[p + 1] - rowStart[p] > 1 {
      for x in (rowStart[p] + 1)..<rowStart[p + 1] {
        let i = order[x]
        var y = x
        while y > rowStart[p] && groupOfRow[order[y - 1]] > groupOfRow[i] { order[y] = order[y - 1]; y -= 1 }
        order[y] = i
      }
    }
    // Full sample (summed in that order) and per-PSU entries (PSU, group, Σ values of its rows).
    var full = [Double](repeating: 0, count: groupCount * K)
    var entryPSU: [Int] = [], rawGroup: [Int] = [], rawValues: [Double] = []
    entryPSU.reserveCapacity(order.count); rawGroup.reserveCapacity(order.count); rawValues.reserveCapacity(order.count * K)
    values.elements.withUnsafeBufferPointer { v in
      for i in order {
        let g = groupOfRow[i], p = psuOfRow[i]
        for k in 0..<K { full[g * K + k] += v[k * n + i] }
        if let last = entryPSU.last, last == p, rawGroup[rawGroup.count - 1] == g {
          let base = rawValues.count - K
          for k in 0..<K { rawValues[base + k] += v[k * n + i] }
        } else {
          entryPSU.append(p); rawGroup.append(g)
          for k in 0..<K { rawValues.append(v[k * n + i]) }
        }
      }
    }
    self.full = full
    let sample = SampleMembership(frame: scheme.frame, psuOfRow: psuOfRow)
    self.sample = sample
    self.lonelyStrata = scheme.method == .raoWu ? sample.count.filter { $0 == 1 }.count : 0
    // Classes: PSUs of one stratum with identical (group, rescaled values) entry lists, numbered
    // in PSU order of first occurrence. Found through an open-addressing table of 64-bit hashes of
    // the entry lists, every hit compared entry by entry with the class's first PSU.
    let H = scheme.frame.strataCount
    var classOf = [Int32](repeating: -1, count: P)
    var firstClass = [Int](repeating: -1, count: H + 1)
    var starts: [Int] = [0], groups: [Int] = [], vals: [Double] = []
    let psuEntryCount = entryPSU.count
    var slots = 16
    while slots < 2 * Swift.max(1, psuEntryCount) { slots <<= 1 }
    var table = [Int32](repeating: -1, count: slots)         // class index, −1 empty
    var tableHash = [UInt64](repeating: 0, count: slots)
    var e = 0
    while e < psuEntryCount {
      let p = entryPSU[e]
      let h = scheme.frame.stratumOfPSU[p]
      let a = scheme.rescaling(stratum: h, sample: sample)
      var f = e
      var hash = Self.mixHash(0x9E37_79B9_7F4A_7C15, UInt64(h))
      while f < psuEntryCount && entryPSU[f] == p {
        hash = Self.mixHash(hash, UInt64(rawGroup[f]))
        for k in 0..<K {
          let x = rawValues[f * K + k] * a
          rawValues[f * K + k] = x   // rescaled in place
          hash = Self.mixHash(hash, x.bitPattern)
        }
        f += 1
      }
      var slot = Int(truncatingIfNeeded: hash) & (slots - 1)
      var found: Int32 = -1
      while table[slot] >= 0 {
        if tableHash[slot] == hash {
          let c = Int(table[slot])
          let cs = starts[c], ce = starts[c + 1]
          // Same stratum (classes never span strata), same entries, same bits.
          if ce - cs == f - e && c >= firstClass[h] && firstClass[h] >= 0 {
            var same = true
            for t in 0..<(f - e) where same {
              if groups[cs + t] != rawGroup[e + t] { same = false; break }
              for k in 0..<K where vals[(cs + t) * K + k].bitPattern != rawValues[(e + t) * K + k].bitPattern { same = false; break }
            }
            if same { found = Int32(c); break }
          }
        }
        slot = (slot + 1) & (slots - 1)
      }
      if found >= 0 {
        classOf[p] = found
      } else {
        let c = starts.count - 1
        if firstClass[h] < 0 { firstClass[h] = c }
        table[slot] = Int32(c); tableHash[slot] = hash
        classOf[p] = Int32(c)
        for t in e..<f {
          groups.append(rawGroup[t])
          for k in 0..<K { vals.append(rawValues[t * K + k]) }
        }
        starts.append(groups.count)
      }
      e = f
    }
    self.classOfPSU = classOf
    // Strata without classes get an empty range at the next stratum's start.
    firstClass[H] = starts.count - 1
    for h in stride(from: H - 1, through: 0, by: -1) where firstClass[h] < 0 { firstClass[h] = firstClass[h + 1] }
    self.stratumClassStart = firstClass
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

  /// One step of the class hash (SplitMix64 finaliser of the running hash combined with a word).
  @inline(__always) static func mixHash(_ h: UInt64, _ x: UInt64) -> UInt64 {
    var z = (h ^ x) &* 0xBF58_476D_1CE4_E5B9
    z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
    return z ^ (z >> 31)
  }

  /// Replicates computed side by side (one SIMD lane each): their draw counts for one stratum are
  /// kept next to each other and every class entry is read once for all of them.
  static let lanes = 8
  typealias Lanes = SIMD8<Double>

  /// Computes the replicates block by block (blocks in order) and hands each block to `body`.
  /// `threads` > 1 splits a block's replicates among threads (results unchanged).
  ///
  /// Within a block, stratum by stratum and eight replicates at a time: the stratum's draws are
  /// counted per class (its classes only, so the counts stay in cache however large n is), then
  /// every class of the stratum adds count × entry to the eight replicates' totals. Each total
  /// is summed over the classes in class order whatever the block, lane group or thread, so the
  /// results are bit-identical for any memory budget and thread count; class entries are read
  /// once per eight replicates (memory traffic O(n·R/8), cache-resident counts: time linear in n).
  public func forEachBlock(memoryBudget: Int = 32 << 20, threads: Int = 1, _ body: (Block) throws -> Void) rethrows {
    let R = scheme.replicates, B = blockSize(memoryBudget: memoryBudget)
    let G = groupCount, K = width, L = Self.lanes
    var r0 = 0
    while r0 < R {
      let r1 = Swift.min(R, r0 + B)
      let count = r1 - r0
      var totals = [Double](repeating: 0, count: count * G * K)
      let groupsOfLanes = (count + L - 1) / L
      let t = Swift.max(1, Swift.min(threads, groupsOfLanes))
      totals.withUnsafeMutableBufferPointer { out in
        let address = UInt(bitPattern: out.baseAddress!)
        let first = r0, stride = G * K
        let part: @Sendable (Int) -> Void = { j in
          let lo = first + j * groupsOfLanes / t * L, hi = Swift.min(r1, first + (j + 1) * groupsOfLanes / t * L)
          guard lo < hi else { return }
          let p = UnsafeMutablePointer<Double>(bitPattern: address)!
          self.compute(replicates: lo..<hi, into: p + (lo - first) * stride)
        }
        if t == 1 { part(0) } else { DispatchQueue.concurrentPerform(iterations: t, execute: part) }
      }
      try body(Block(range: r0..<r1, groupCount: G, width: K, totals: totals))
      r0 = r1
    }
  }

  /// The totals of replicates `range` (groups × K each, replicate after replicate) into `out`.
  func compute(replicates range: Range<Int>, into out: UnsafeMutablePointer<Double>) {
    let K = width, S = groupCount * width, L = Self.lanes
    let laneGroups = (range.count + L - 1) / L
    let H = scheme.frame.strataCount
    var widest = 0, widestPSUs = 0
    for h in 0..<H {
      widest = Swift.max(widest, stratumClassStart[h + 1] - stratumClassStart[h])
      widestPSUs = Swift.max(widestPSUs, scheme.frame.psuCount(inStratum: h))
    }
    // acc[j·S + g·K + k] holds lane b = replicate range.lowerBound + j·L + b.
    var acc = [Lanes](repeating: Lanes(), count: laneGroups * S)
    // Class counts per lane (Int32), and draw counts per PSU of the stratum (one byte each, so a
    // stratum of 150,000 PSUs keeps its counters in a core's L2 cache while the draws land at
    // random; a count passing 255 is carried through `carries`).
    var counts = [Int32](repeating: 0, count: L * Swift.max(1, widest))
    var psuCounts = [UInt8](repeating: 0, count: Swift.max(1, widestPSUs))
    var carries: [Int] = []
    acc.withUnsafeMutableBufferPointer { accBuffer in
    counts.withUnsafeMutableBufferPointer { countBuffer in
    psuCounts.withUnsafeMutableBufferPointer { psuBuffer in
    classOfPSU.withUnsafeBufferPointer { cls in
    entryStart.withUnsafeBufferPointer { start in
    entryGroup.withUnsafeBufferPointer { grp in
    entryValues.withUnsafeBufferPointer { val in
      let c = countBuffer.baseAddress!, pc = psuBuffer.baseAddress!
      for h in 0..<H {
        let q0 = stratumClassStart[h], nq = stratumClassStart[h + 1] - q0
        if nq == 0 { continue }
        let p0 = scheme.frame.stratumStart[h], np = scheme.frame.stratumStart[h + 1] - p0
        let byPSU = pc - p0
        for j in 0..<laneGroups {
          let rb = range.lowerBound + j * L, active = Swift.min(L, range.upperBound - rb)
          c.update(repeating: 0, count: L * nq)
          for b in 0..<active {
            // Draws counted per PSU, then folded into the classes in PSU order.
            pc.update(repeating: 0, count: np)
            // k is 1 (a Rao–Wu pick) or a Poisson(1) count below 20, so one wrap at most.
            scheme.forEachDraw(replicate: rb + b, stratum: h, sample: sample) { psu, k in
              let old = byPSU[psu], new = old &+ UInt8(truncatingIfNeeded: k)
              byPSU[psu] = new
              if new < old { carries.append(psu) }
            }
            let row = c + b * nq - q0
            for p in 0..<np {
              let q = cls[p0 + p]
              if q >= 0 { row[Int(q)] &+= Int32(pc[p]) }
            }
            for psu in carries where cls[psu] >= 0 { row[Int(cls[psu])] &+= 256 }
            carries.removeAll(keepingCapacity: true)
          }
          let a = accBuffer.baseAddress! + j * S
          for q in 0..<nq {
            let m = Lanes(Double(c[q]), Double(c[nq + q]), Double(c[2 * nq + q]), Double(c[3 * nq + q]),
                          Double(c[4 * nq + q]), Double(c[5 * nq + q]), Double(c[6 * nq + q]), Double(c[7 * nq + q]))
            for e in start[q0 + q]..<start[q0 + q + 1] {
              let o = a + grp[e] * K, v = e * K
              for k in 0..<K { o[k] += m * val[v + k] }
            }
          }
        }
      }
    }}}}}}}
    for j in 0..<laneGroups {
      let active = Swift.min(L, range.count - j * L)
      for b in 0..<active {
        let o = out + (j * L + b) * S
        for x in 0..<S { o[x] = acc[j * S + x][b] }
      }
    }
  }
}

import LinearAlgebra
import Statistics
import Testing
import _TestSupport
@testable import Replication

/// A small stratified sample with clusters, values and domains, and direct (row-by-row)
/// computations to check the engine against.
struct SmallCase {
  var strata: [String] = []
  var keys: [String] = []
  var domain: [Int?] = []
  var weights: [Double] = []
  var x: Matrix
  var sizeClass: [Int] = []
  var land: [Int] = []

  init(n: Int = 240, seed: UInt64 = 7, clustered: Bool = false) {
    var g = SeededGenerator(seed: seed)
    x = Matrix(rows: n, columns: 2)
    for i in 0..<n {
      let h = i % 4
      strata.append("s\(h)")
      keys.append(clustered ? "c\(h)-\(i / 12)" : "r\(i)")
      let d = Int(g.uniform() * 5)
      domain.append(d == 4 ? nil : d)
      weights.append(2 + Double(h) + g.uniform())
      // Likert-like values so that classes repeat.
      x[i, 0] = Double(1 + Int(g.uniform() * 5))
      x[i, 1] = g.uniform() < 0.15 ? .nan : Double(1 + Int(g.uniform() * 3)) / 2
      sizeClass.append(Int(g.uniform() * 3))
      land.append(h < 2 ? 0 : 1)
    }
  }
}

/// Row-level IPF (R `rake()` semantics) of weights w to margins given per row.
func directRake(_ w: [Double], codes: [[Int]], populations: [[Double]], relativeEpsilon: Double = 1e-10, sweeps: Int = 100) -> [Double]? {
  var cur = w
  let eps = relativeEpsilon * w.reduce(0, +)
  let joint = CellRaking.jointCells(codes).cellOfRow
  func table(_ v: [Double]) -> [Double] {
    var t = [Double](repeating: 0, count: (joint.max() ?? 0) + 1)
    for i in v.indices { t[joint[i]] += v[i] }
    return t
  }
  var old = table(cur)
  for _ in 0..<sweeps {
    for (m, c) in codes.enumerated() {
      var s = [Double](repeating: 0, count: populations[m].count)
      for i in cur.indices { s[c[i]] += cur[i] }
      for k in s.indices where !(s[k] > 0) && populations[m][k] > 0 { return nil }
      for i in cur.indices where cur[i] != 0 { cur[i] *= populations[m][c[i]] / s[c[i]] }
    }
    let t = table(cur)
    let delta = zip(t, old).map { abs($0 - $1) }.max() ?? 0
    if delta < eps { break }
    old = t
  }
  return cur
}

func directDomainMeans(_ c: SmallCase, weights w: [Double], domains: Int) -> [Double] {
  var out = [Double](repeating: .nan, count: domains * 2)
  for d in 0..<domains {
    for k in 0..<2 {
      var num = 0.0, den = 0.0
      for i in w.indices where c.domain[i] == d && !c.x[i, k].isNaN { num += w[i] * c.x[i, k]; den += w[i] }
      if den > 0 { out[d * 2 + k] = num / den }
    }
  }
  return out
}

@Suite struct ResamplingFrameTests {
  @Test func unionKeepsOnePSUPerStratumAndKey() throws {
    let (frame, psu) = try ResamplingFrame.union([
      (["b", "a", "a"], ["x", "y", "z"]),
      (["a", "b", "c"], ["z", "x", "w"]),
    ])
    #expect(frame.strataLabels == ["a", "b", "c"])
    #expect(Set(frame.psuKeys[0..<2]) == ["y", "z"] && frame.psuKeys[2] == "x" && frame.psuKeys[3] == "w")
    #expect(frame.stratumStart == [0, 2, 3, 4])
    #expect(psu[0].map { frame.psuKeys[$0] } == ["x", "y", "z"] && psu[0][0] == 2)
    #expect(psu[1].map { frame.psuKeys[$0] } == ["z", "x", "w"] && psu[1][0] == psu[0][2])
    // The frame does not depend on the order of the rows.
    let (again, _) = try ResamplingFrame.union([(["a", "b", "c"], ["z", "x", "w"]), (["a", "a", "b"], ["z", "y", "x"])])
    #expect(again == frame)
    // The same key in two strata is two PSUs.
    let (f2, _) = try ResamplingFrame.single(strata: ["a", "b"], keys: ["k", "k"])
    #expect(f2.psuCount == 2)
  }

  @Test func lonelyStratumFailsUnderFail() throws {
    let (frame, _) = try ResamplingFrame.single(strata: ["a", "a", "b"], keys: ["1", "2", "3"])
    #expect(throws: ReplicationError.singlePSUStratum(stratum: "b")) {
      try ResamplingScheme(frame: frame, method: .raoWu, replicates: 10, seed: 1, lonely: .fail)
    }
    let s = try ResamplingScheme(frame: frame, method: .raoWu, replicates: 10, seed: 1)
    for r in 0..<10 { #expect(s.multipliers(replicate: r)[2] == 1) }
  }
}

@Suite struct ResamplingSchemeTests {
  /// Rao–Wu: n_h − 1 draws per stratum, multiplier count·n_h/(n_h − 1), so Σ_{p ∈ h} m_p = n_h in
  /// every replicate; the draws are a pure function of (seed, replicate).
  @Test func raoWuDrawsNhMinusOnePerStratum() throws {
    let c = SmallCase()
    let (frame, _) = try ResamplingFrame.single(strata: c.strata, keys: c.keys)
    let s = try ResamplingScheme(frame: frame, method: .raoWu, replicates: 50, seed: 11)
    for r in 0..<50 {
      let m = s.multipliers(replicate: r)
      for h in 0..<frame.strataCount {
        let range = frame.stratumStart[h]..<frame.stratumStart[h + 1]
        let sum = range.reduce(0.0) { $0 + m[$1] }
        #expect(abs(sum - Double(range.count)) < 1e-9)
      }
      #expect(m == s.multipliers(replicate: r))
    }
    #expect(s.multipliers(replicate: 3) != s.multipliers(replicate: 4))
  }

  /// The Rao–Wu draws are exactly the documented sequence, written out here: per stratum its own
  /// xoshiro256** stream (seeded from the replicate's stream seed and the stratum label's hash),
  /// two picks per 64-bit draw, the low half first, Lemire's multiply-shift with the biased low
  /// part rejected, n_h − 1 picks. Six strata of sizes 1 to 97; and a sample covering part of
  /// the frame draws only its own PSUs, m_h − 1 of them. (A guard for any faster draw loop: the
  /// published intervals depend on this sequence.)
  @Test func drawsEqualTheStratumLoopWrittenOut() throws {
    let sizes = [2, 97, 1, 13, 40, 5]
    var strata: [String] = [], keys: [String] = []
    for (h, size) in sizes.enumerated() { for k in 0..<size { strata.append("s\(h)"); keys.append("p\(h)-\(k)") } }
    let (frame, _) = try ResamplingFrame.single(strata: strata, keys: keys)
    let scheme = try ResamplingScheme(frame: frame, method: .raoWu, replicates: 40, seed: 99)
    func reference(_ r: Int) -> [Int32] {
      var counts = [Int32](repeating: 0, count: frame.psuCount)
      let base = ResamplingScheme.streamSeed(99, r)
      for h in 0..<frame.strataCount {
        let start = frame.stratumStart[h], n = frame.stratumStart[h + 1] - start
        if n < 2 { counts[start] += 1; continue }
        var g = SeededGenerator(seed: ResamplingScheme.mix(base, frame.stratumHash[h]))
        let bound = UInt64(n), threshold = UInt32((UInt64(1) << 32) % bound)
        var hits = 0
        draws: while true {
          let x = g.next()
          for u in [x & 0xFFFF_FFFF, x >> 32] {
            let prod = u &* bound
            if UInt32(truncatingIfNeeded: prod) < threshold { continue }
            counts[start + Int(prod >> 32)] += 1
            hits += 1
            if hits == n - 1 { break draws }
          }
        }
      }
      return counts
    }
    for r in 0..<40 {
      var counts = [Int32](repeating: 0, count: frame.psuCount)
      scheme.forEachDraw(replicate: r) { counts[$0] += $1 }
      #expect(counts == reference(r), "replicate \(r)")
    }
    // A sample without the second half of every stratum: the general loop, unchanged.
    let part = (0..<frame.psuCount).filter { p in
      let h = frame.stratumOfPSU[p]
      return p - frame.stratumStart[h] < Swift.max(1, frame.psuCount(inStratum: h) / 2)
    }
    let sample = SampleMembership(frame: frame, psuOfRow: part)
    var total = 0
    scheme.forEachDraw(replicate: 0, sample: sample) { p, k in #expect(sample.inSample[p]); total += Int(k) }
    #expect(total == sample.count.reduce(0) { $0 + ($1 >= 2 ? $1 - 1 : $1) })
  }

  /// The Rao–Wu variance of a stratified total equals, in expectation, the with-replacement
  /// Taylor variance Σ_h n_h/(n_h − 1) Σ_{p ∈ h} (t_p − t̄_h)²; checked within Monte Carlo error
  /// (4,000 replicates: relative SD of a variance estimate ≈ √(2/4000) ≈ 2.2 %; tolerance 10 %).
  @Test func raoWuVarianceMatchesTaylorInExpectation() throws {
    let c = SmallCase(n: 120)
    let (frame, psu) = try ResamplingFrame.single(strata: c.strata, keys: c.keys)
    let s = try ResamplingScheme(frame: frame, method: .raoWu, replicates: 4000, seed: 5)
    let t = (0..<120).map { c.weights[$0] * c.x[$0, 0] }
    var taylor = 0.0
    for h in 0..<frame.strataCount {
      let rows = (0..<120).filter { frame.stratumOfPSU[psu[$0]] == h }
      let mean = rows.reduce(0.0) { $0 + t[$1] } / Double(rows.count)
      taylor += Double(rows.count) / Double(rows.count - 1) * rows.reduce(0.0) { $0 + (t[$1] - mean) * (t[$1] - mean) }
    }
    let reps = (0..<4000).map { r -> Double in
      let m = s.multipliers(replicate: r)
      return (0..<120).reduce(0.0) { $0 + m[psu[$1]] * t[$1] }
    }
    let se = DomainMeanReplicates.standardError(reps, scale: s.varianceScale)
    #expect(abs(se * se / taylor - 1) < 0.10, "bootstrap \(se * se) vs Taylor \(taylor)")
  }

  @Test func poissonMultipliersHaveMeanAndVarianceOne() throws {
    let keys = (0..<2000).map { "r\($0)" }
    let (frame, _) = try ResamplingFrame.single(strata: nil, keys: keys)
    let s = try ResamplingScheme(frame: frame, method: .poisson, replicates: 20, seed: 3)
    let m = (0..<20).flatMap { s.multipliers(replicate: $0) }
    let mean = m.reduce(0, +) / Double(m.count)
    let v = m.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(m.count - 1)
    #expect(abs(mean - 1) < 0.02 && abs(v - 1) < 0.05, "mean \(mean), variance \(v)")
  }
}

@Suite struct GroupedReplicateTotalsTests {
  /// Blocked, class-compressed totals (eight replicates per lane group, stratum by stratum)
  /// equal the direct Σ_i m_{p(i),r} y_i (1e-12 relative) and are bit-identical for every block
  /// size and thread count; 37 replicates leave a partly filled lane group.
  @Test(arguments: [(false, ResamplingMethod.raoWu), (true, .raoWu), (false, .poisson), (true, .poisson)])
  func blockTotalsEqualDirectSums(clustered: Bool, method: ResamplingMethod) throws {
    let c = SmallCase(clustered: clustered)
    let n = c.weights.count
    let (frame, psu) = try ResamplingFrame.single(strata: c.strata, keys: c.keys)
    let s = try ResamplingScheme(frame: frame, method: method, replicates: 37, seed: 9)
    let group = (0..<n).map { c.domain[$0] ?? -1 }
    var y = Matrix(rows: n, columns: 2)
    for i in 0..<n { y[i, 0] = c.weights[i]; y[i, 1] = c.weights[i] * c.x[i, 0] }
    let t = try GroupedReplicateTotals(scheme: s, psuOfRow: psu, groupOfRow: group, groupCount: 4, values: y)
    if !clustered { #expect(t.classCount < frame.psuCount) }
    var reference: [Double] = []
    t.forEachBlock(memoryBudget: 1 << 30) { reference += $0.totals }
    for r in 0..<37 {
      let m = s.multipliers(replicate: r)
      for g in 0..<4 { for k in 0..<2 {
        let direct = (0..<n).filter { group[$0] == g }.reduce(0.0) { $0 + m[psu[$1]] * y[$1, k] }
        #expect(isClose(reference[(r * 4 + g) * 2 + k], direct, relative: 1e-12))
      } }
    }
    for (budget, threads) in [(64, 1), (8 * 8 * 5, 2), (8 * 8 * 3, 3)] {
      var other: [Double] = []
      var blocks = 0
      t.forEachBlock(memoryBudget: budget, threads: threads) { other += $0.totals; blocks += 1 }
      #expect(blocks > 1)
      #expect(other == reference, "budget \(budget), threads \(threads)")
    }
  }
}

@Suite struct CellRakingTests {
  /// Raking the joint-cell table gives the same weights as row-level raking (R `rake()`).
  @Test func cellRakingEqualsRowRaking() throws {
    let c = SmallCase()
    let codes = [c.sizeClass, c.land]
    let pops: [[Double]] = [[300, 500, 200], [450, 550]]
    let (cellOfRow, cats) = CellRaking.jointCells(codes)
    let problem = try CellRaking(cellCount: cats[0].count, categoryOfCell: cats, populationTotals: pops)
    var t = [Double](repeating: 0, count: problem.cellCount)
    for i in c.weights.indices { t[cellOfRow[i]] += c.weights[i] }
    let o = try #require(problem.rake(t))
    #expect(o.converged)
    let direct = try #require(directRake(c.weights, codes: codes, populations: pops))
    let cell = c.weights.indices.map { c.weights[$0] * o.factors[cellOfRow[$0]] }
    #expect(firstMismatch(cell, direct, relative: 1e-12) == nil)
    var empty = t
    for j in 0..<problem.cellCount where cats[1][j] == 1 { empty[j] = 0 }
    #expect(problem.rake(empty) == nil)
  }
}

@Suite struct DomainMeanReplicatesTests {
  /// Full sample and every replicate: domain means with the replicate weights raked again equal
  /// the direct computation (replicate weights w·m, row-level IPF, Hájek means) to 1e-10.
  @Test(arguments: [false, true]) func rakedReplicatesEqualDirect(clustered: Bool) throws {
    let c = SmallCase(clustered: clustered)
    let n = c.weights.count
    let (frame, psu) = try ResamplingFrame.single(strata: c.strata, keys: c.keys)
    let s = try ResamplingScheme(frame: frame, method: .raoWu, replicates: 25, seed: 21)
    let codes = [c.sizeClass, c.land]
    let pops: [[Double]] = [[300, 500, 200], [450, 550]]
    let (cellOfRow, cats) = CellRaking.jointCells(codes)
    let problem = try CellRaking(cellCount: cats[0].count, categoryOfCell: cats, populationTotals: pops)
    let result = try DomainMeanReplicates.compute(scheme: s, psuOfRow: psu, weights: c.weights, domainOfRow: c.domain, domainCount: 4,
                                                  values: c.x, raking: (cellOfRow, problem), threads: 2, memoryBudget: 2000)
    let fullW = try #require(directRake(c.weights, codes: codes, populations: pops))
    let full = directDomainMeans(c, weights: fullW, domains: 4)
    #expect(firstMismatch((0..<8).map { result.means[$0 / 2, $0 % 2] }, full, relative: 1e-10) == nil)
    var failedDirect = 0
    for r in 0..<25 {
      let m = s.multipliers(replicate: r)
      let w = (0..<n).map { c.weights[$0] * m[psu[$0]] }
      guard let raked = directRake(w, codes: codes, populations: pops) else { failedDirect += 1; continue }
      let direct = directDomainMeans(c, weights: raked, domains: 4)
      let ours = (0..<8).map { result.replicateMeans[r, $0] }
      #expect(firstMismatch(ours, direct, relative: 1e-10) == nil, "replicate \(r)")
    }
    #expect(result.failedReplicates == failedDirect)
  }
}

@Suite struct PanelCovarianceTests {
  /// Two waves sharing 60 % of their PSUs, resampled on one frame over the union: each wave's
  /// replicate is the Rao–Wu bootstrap of its own sample (its multipliers sum to m_h in every
  /// stratum), a shared PSU gets (nearly always) the same multiplier in both waves, and the
  /// replicate covariance of the two waves' domain means equals the direct computation
  /// (multipliers applied row by row) to 1e-12.
  @Test func sharedFrameCovarianceEqualsDirect() throws {
    let a = SmallCase(n: 160, seed: 1), b0 = SmallCase(n: 160, seed: 2)
    var b = b0
    // Wave b: the first 96 units are wave a's (same stratum, same key), the rest new.
    for i in 0..<160 {
      b.strata[i] = i < 96 ? a.strata[i] : b0.strata[i]
      b.keys[i] = i < 96 ? a.keys[i] : "new\(i)"
      if i < 96 { b.x[i, 0] = a.x[i, 0] + (b0.x[i, 0] - 3) / 2; b.domain[i] = a.domain[i]; b.weights[i] = a.weights[i] }
    }
    let (frame, psu) = try ResamplingFrame.union([(a.strata, a.keys), (b.strata, b.keys)])
    #expect(frame.psuCount == 160 + 64)
    for i in 0..<96 { #expect(psu[0][i] == psu[1][i]) }
    let s = try ResamplingScheme(frame: frame, method: .raoWu, replicates: 60, seed: 4)
    let ra = try DomainMeanReplicates.compute(scheme: s, psuOfRow: psu[0], weights: a.weights, domainOfRow: a.domain, domainCount: 4, values: a.x)
    let rb = try DomainMeanReplicates.compute(scheme: s, psuOfRow: psu[1], weights: b.weights, domainOfRow: b.domain, domainCount: 4, values: b.x)
    var da: [[Double]] = [], db: [[Double]] = []
    let sa = SampleMembership(frame: frame, psuOfRow: psu[0]), sb = SampleMembership(frame: frame, psuOfRow: psu[1])
    var same = 0, shared = 0
    for r in 0..<60 {
      let ma = s.multipliers(replicate: r, sample: sa), mb = s.multipliers(replicate: r, sample: sb)
      for h in 0..<frame.strataCount {
        let range = frame.stratumStart[h]..<frame.stratumStart[h + 1]
        #expect(abs(range.reduce(0.0) { $0 + ma[$1] } - Double(sa.count[h])) < 1e-9)
        #expect(abs(range.reduce(0.0) { $0 + mb[$1] } - Double(sb.count[h])) < 1e-9)
      }
      for i in 0..<96 { shared += 1; if ma[psu[0][i]] * Double(sa.count[frame.stratumOfPSU[psu[0][i]]] - 1) == mb[psu[0][i]] * Double(sb.count[frame.stratumOfPSU[psu[0][i]]] - 1) { same += 1 } }
      da.append(directDomainMeans(a, weights: a.weights.indices.map { a.weights[$0] * ma[psu[0][$0]] }, domains: 4))
      db.append(directDomainMeans(b, weights: b.weights.indices.map { b.weights[$0] * mb[psu[1][$0]] }, domains: 4))
    }
    // Shared PSUs: the same draw count in both waves for the great majority of (PSU, replicate).
    #expect(Double(same) / Double(shared) > 0.8, "same count \(same) of \(shared)")
    for k in 0..<8 {
      let ours = DomainMeanReplicates.covariance((0..<60).map { ra.replicateMeans[$0, k] }, (0..<60).map { rb.replicateMeans[$0, k] }, scale: s.varianceScale)
      let direct = DomainMeanReplicates.covariance(da.map { $0[k] }, db.map { $0[k] }, scale: s.varianceScale)
      #expect(isClose(ours, direct, relative: 1e-12), "domain/variable \(k)")
    }
    // Panel members carry a correlation: their values correlate about 0.9 across the waves and
    // they are 60 % of each wave, so the domain means correlate about 0.9·0.6 ≈ 0.5; with 2,000
    // replicates the measured correlation is clearly positive in every domain.
    let big = try ResamplingScheme(frame: frame, method: .raoWu, replicates: 2000, seed: 4)
    let ba = try DomainMeanReplicates.compute(scheme: big, psuOfRow: psu[0], weights: a.weights, domainOfRow: a.domain, domainCount: 4, values: a.x)
    let bb = try DomainMeanReplicates.compute(scheme: big, psuOfRow: psu[1], weights: b.weights, domainOfRow: b.domain, domainCount: 4, values: b.x)
    for d in 0..<4 {
      let x = (0..<2000).map { ba.replicateMeans[$0, d * 2] }, y = (0..<2000).map { bb.replicateMeans[$0, d * 2] }
      let r = DomainMeanReplicates.covariance(x, y, scale: 1) / (DomainMeanReplicates.covariance(x, x, scale: 1) * DomainMeanReplicates.covariance(y, y, scale: 1)).squareRoot()
      #expect(r > 0.3 && r < 0.8, "domain \(d): correlation \(r)")
    }
  }
}

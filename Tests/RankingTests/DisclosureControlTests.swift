import Statistics
import LinearAlgebra
import Testing
import _TestSupport

@testable import Ranking

/// Numerical rank by SVD (singular values above 1e-9 × the largest).
private func rank(_ rows: [[Double]]) throws -> Int {
  guard let first = rows.first, !first.isEmpty else { return 0 }
  let svd = try SVD(Matrix(rows))
  let top = svd.singularValues.first ?? 0
  return svd.singularValues.filter { $0 > 1e-9 * top }.count
}

@Suite struct DisclosureControlTests {
  @Test func kreisToLandSibling() throws {
    // One Land with three Kreise, one wave, one subgroup: the Land total 24 would reveal Kreis 0 (n = 2)
    // by subtraction, so the next-smallest sibling (n = 10) is suppressed too.
    let shape = DisclosureTableShape(regions: 3, waves: 1, subgroups: 1, parentOfRegion: [0, 0, 0], parentCount: 1)
    let s = try suppressSmallCells(counts: [2, 10, 12], shape: shape)
    #expect(s.reasons == [.primary, .complementary, nil])
    #expect(s.publishedCounts == [nil, nil, 12])
    // The Land total stays published (24 ≥ k) and cannot be split: 24 − 12 = 12 = a + b.
    #expect(s.totals.contains { $0.kind == .parentWave(parent: 0, wave: 0) && !$0.suppressed && $0.value == 24 })
  }

  @Test func wavesAreLinked() throws {
    let shape = DisclosureTableShape(regions: 2, waves: 2, subgroups: 2)
    // Region 0, subgroup 1: n = 3 in wave 1 only.
    let counts = [20, 30, 25, 3, 40, 50, 45, 55]
    let s = try suppressSmallCells(counts: counts, shape: shape)
    #expect(s.reasons[shape.index(region: 0, wave: 1, subgroup: 1)] == .primary)
    #expect(s.reasons[shape.index(region: 0, wave: 0, subgroup: 1)] == .waveLink)
  }

  @Test func thresholdBelowThreeIsAnError() {
    let shape = DisclosureTableShape(regions: 2, waves: 1, subgroups: 1)
    #expect(throws: RankingError.suppressionThresholdTooSmall(k: 2, minimum: 3)) {
      try suppressSmallCells(counts: [1, 2], shape: shape, options: .init(threshold: 2))
    }
    #expect(throws: RankingError.negativeCount(cell: 1, value: -1)) {
      try suppressSmallCells(counts: [1, -1], shape: shape)
    }
    #expect(throws: RankingError.parentOutOfRange(region: 1, parent: 2, parentCount: 2)) {
      try suppressSmallCells(counts: [1, 1], shape: DisclosureTableShape(regions: 2, waves: 1, subgroups: 1, parentOfRegion: [0, 2], parentCount: 2))
    }
  }

  @Test func noSuppressedCellIsRecoverableInRandomTables() throws {
    // Property, 300 seeded random tables: (a) every 0 < n < k cell is suppressed; (b) published margins
    // are 0 or ≥ k; (c) a published margin never has exactly one suppressed cell (no recovery by
    // subtraction); (d) no suppressed cell is in the row space of the published margins restricted to
    // the suppressed cells (no recovery by any linear combination) — checked by SVD rank, independently
    // of the elimination used inside; (e) waves are linked.
    var gen = SeededGenerator(seed: 2026)
    var auditCount = 0, withdrawnCount = 0
    for trial in 0..<300 {
      let R = 2 + gen.index(below: 5), W = 1 + gen.index(below: 3), S = 1 + gen.index(below: 4)
      let parents: [Int]? = gen.index(below: 2) == 0 ? nil : (0..<R).map { _ in gen.index(below: 2) }
      let shape = DisclosureTableShape(regions: R, waves: W, subgroups: S, parentOfRegion: parents, parentCount: 2)
      let k = 3 + gen.index(below: 4)
      let counts = (0..<shape.cellCount).map { _ in gen.index(below: 10) < 3 ? gen.index(below: k) : k + gen.index(below: 40) }
      let result = try suppressSmallCells(counts: counts, shape: shape, options: .init(threshold: k))
      let hidden = result.suppressed
      auditCount += result.reasons.filter { $0 == .audit }.count
      withdrawnCount += result.totals.filter { $0.suppressed && !($0.value > 0 && $0.value < k) }.count
      for (i, n) in counts.enumerated() where n > 0 && n < k { #expect(hidden[i], "trial \(trial): primary cell \(i)") }
      let published = result.totals.filter { !$0.suppressed }
      for t in published {
        #expect(t.value == 0 || t.value >= k, "trial \(trial): small margin \(t.kind) published")
        #expect(t.cells.filter { hidden[$0] }.count != 1, "trial \(trial): \(t.kind) has one suppressed cell")
      }
      for r in 0..<R {
        for s in 0..<S {
          let flags = (0..<W).map { hidden[shape.index(region: r, wave: $0, subgroup: s)] }
          #expect(Set(flags).count == 1, "trial \(trial): waves not linked at region \(r) subgroup \(s)")
        }
      }
      let hiddenCells = hidden.indices.filter { hidden[$0] }
      if hiddenCells.isEmpty { continue }
      let rows = published.map { t in hiddenCells.map { t.cells.contains($0) ? 1.0 : 0.0 } }.filter { $0.contains(1) }
      let base = try rank(rows)
      for (j, c) in hiddenCells.enumerated() {
        var unit = [Double](repeating: 0, count: hiddenCells.count)
        unit[j] = 1
        #expect(try rank(rows + [unit]) == base + 1, "trial \(trial): cell \(c) recoverable")
      }
    }
    // The audit and margin withdrawal paths are exercised by these tables.
    #expect(auditCount > 0 && withdrawnCount > 0, "audit \(auditCount), withdrawn \(withdrawnCount)")
  }
}

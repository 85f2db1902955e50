/// The shape of a frequency table region × wave × subgroup, with an optional parent region for each
/// region (Kreis → Land). Cell (r, w, s) is at flat index (r·waves + w)·subgroups + s.
public struct DisclosureTableShape: Sendable, Equatable {
  public let regions: Int
  public let waves: Int
  public let subgroups: Int
  /// parentOfRegion[r] ∈ 0..<parentCount, or nil when there is no parent level.
  public let parentOfRegion: [Int]?
  public let parentCount: Int
  public init(regions: Int, waves: Int, subgroups: Int, parentOfRegion: [Int]? = nil, parentCount: Int = 0) {
    self.regions = regions; self.waves = waves; self.subgroups = subgroups
    self.parentOfRegion = parentOfRegion; self.parentCount = parentCount
  }
  public var cellCount: Int { regions * waves * subgroups }
  public func index(region r: Int, wave w: Int, subgroup s: Int) -> Int { (r * waves + w) * subgroups + s }
}

/// Options of `suppressSmallCells`.
public struct DisclosureOptions: Sendable, Equatable {
  /// Minimum cell size k: cells with 0 < n < k are suppressed (default 5; never below 3).
  public var threshold: Int = 5
  /// Also suppress empty cells (n = 0). Default false: zeros are published.
  public var suppressZeros: Bool = false
  /// Suppress a (region, subgroup) cell in every wave once it is suppressed in one wave, so that no
  /// published change between waves involves a suppressed cell (default true).
  public var linkWaves: Bool = true
  public init(threshold: Int = 5, suppressZeros: Bool = false, linkWaves: Bool = true) {
    self.threshold = threshold; self.suppressZeros = suppressZeros; self.linkWaves = linkWaves
  }
}

/// Which margin a published total is.
public enum DisclosureTotalKind: Sendable, Equatable, Hashable {
  /// Σ over subgroups of (region, wave).
  case regionWave(region: Int, wave: Int)
  /// Σ over the parent's regions of (wave, subgroup).
  case parentSubgroup(parent: Int, wave: Int, subgroup: Int)
  /// Σ over the parent's regions and all subgroups of wave.
  case parentWave(parent: Int, wave: Int)
  /// Σ over all regions of (wave, subgroup).
  case waveSubgroup(wave: Int, subgroup: Int)
  /// Σ over all regions and subgroups of wave.
  case wave(Int)
}

/// A margin of the table: which cells it sums, its value, and whether it may be published.
public struct DisclosureTotal: Sendable, Equatable {
  public let kind: DisclosureTotalKind
  /// Flat indices of the cells it sums.
  public let cells: [Int]
  public let value: Int
  public let suppressed: Bool
}

/// Why a cell is suppressed.
public enum SuppressionReason: String, Sendable, CaseIterable {
  /// 0 < n < k (or n = 0 with `suppressZeros`).
  case primary
  /// Suppressed in another wave (`linkWaves`).
  case waveLink
  /// The only other suppressed cell of a published total: the smallest sibling was suppressed too.
  case complementary
  /// Found recoverable by the exact linear-algebra audit and protected by one more suppression.
  case audit
}

/// The outcome of `suppressSmallCells`.
public struct CellSuppression: Sendable, Equatable {
  public let shape: DisclosureTableShape
  public let options: DisclosureOptions
  public let counts: [Int]
  /// Per cell: nil when published, else why it is suppressed.
  public let reasons: [SuppressionReason?]
  /// All margins with their publication status.
  public let totals: [DisclosureTotal]
  public var suppressed: [Bool] { reasons.map { $0 != nil } }
  /// The published value of each cell (nil when suppressed).
  public var publishedCounts: [Int?] { zip(counts, reasons).map { $1 == nil ? $0 : nil } }
}

/// Primary and secondary cell suppression for a region × wave × subgroup frequency table with
/// margins, so that no suppressed cell can be recovered exactly from the published cells and totals.
///
/// Published quantities are the unsuppressed cells and margins (region×wave over subgroups,
/// parent×wave×subgroup and parent×wave over the parent's regions, wave×subgroup and wave over all
/// regions). Rules, applied until nothing changes:
/// 1. primary: cells with 0 < n < k are suppressed; margins with 0 < T < k are not published;
/// 2. waves: a suppressed (region, subgroup) is suppressed in all waves (`linkWaves`);
/// 3. complementary: a published margin with exactly one suppressed cell gets a second one — its
///    smallest published cell (ties: lowest index); a margin of a single cell is withdrawn;
/// 4. audit: every suppressed cell c is tested exactly for recoverability, i.e. whether the unit
///    vector e_c lies in the row space of the published margins restricted to the suppressed cells
///    (reduced row echelon form; c is recoverable iff its pivot row is e_c). A recoverable cell gets
///    one more suppression (the smallest published cell of a published margin containing it, else
///    that margin is withdrawn) and the rules run again.
///
/// Guarantee (by construction of step 4): on return no suppressed cell is a linear combination of
/// published numbers; in particular none can be obtained by subtracting published cells from a
/// published total. Each step suppresses at least one more cell or margin, so the loop ends.
/// Not covered: interval (bounds) disclosure from non-negativity, and differences with tables
/// published elsewhere. Cost: O(|S|²·|T|) for the audit (S suppressed cells, T margins).
///
/// Reference: L. Willenborg and T. de Waal (2001), Elements of Statistical Disclosure Control,
/// Springer, ch. 4 (cell suppression, linear recoverability).
public func suppressSmallCells(
  counts: [Int], shape: DisclosureTableShape, options: DisclosureOptions = DisclosureOptions()
) throws(RankingError) -> CellSuppression {
  guard options.threshold >= 3 else { throw .suppressionThresholdTooSmall(k: options.threshold, minimum: 3) }
  guard counts.count == shape.cellCount else { throw .lengthMismatch(what: "counts", expected: shape.cellCount, found: counts.count) }
  for (i, n) in counts.enumerated() where n < 0 { throw .negativeCount(cell: i, value: n) }
  if let parents = shape.parentOfRegion {
    guard parents.count == shape.regions else { throw .lengthMismatch(what: "parentOfRegion", expected: shape.regions, found: parents.count) }
    for (r, p) in parents.enumerated() where p < 0 || p >= shape.parentCount {
      throw .parentOutOfRange(region: r, parent: p, parentCount: shape.parentCount)
    }
  }
  let k = options.threshold
  let R = shape.regions, W = shape.waves, S = shape.subgroups

  // Margins.
  var kinds: [DisclosureTotalKind] = [], members: [[Int]] = []
  for r in 0..<R { for w in 0..<W { kinds.append(.regionWave(region: r, wave: w)); members.append((0..<S).map { shape.index(region: r, wave: w, subgroup: $0) }) } }
  if let parents = shape.parentOfRegion {
    for p in 0..<shape.parentCount {
      let regs = (0..<R).filter { parents[$0] == p }
      if regs.isEmpty { continue }
      for w in 0..<W {
        for s in 0..<S { kinds.append(.parentSubgroup(parent: p, wave: w, subgroup: s)); members.append(regs.map { shape.index(region: $0, wave: w, subgroup: s) }) }
        kinds.append(.parentWave(parent: p, wave: w))
        members.append(regs.flatMap { r in (0..<S).map { shape.index(region: r, wave: w, subgroup: $0) } })
      }
    }
  }
  for w in 0..<W {
    for s in 0..<S { kinds.append(.waveSubgroup(wave: w, subgroup: s)); members.append((0..<R).map { shape.index(region: $0, wave: w, subgroup: s) }) }
    kinds.append(.wave(w)); members.append((0..<R).flatMap { r in (0..<S).map { shape.index(region: r, wave: w, subgroup: $0) } })
  }
  let values = members.map { $0.reduce(0) { $0 + counts[$1] } }

  var reasons = [SuppressionReason?](repeating: nil, count: counts.count)
  var totalSuppressed = values.map { $0 > 0 && $0 < k }
  for (i, n) in counts.enumerated() where (n > 0 && n < k) || (n == 0 && options.suppressZeros) { reasons[i] = .primary }

  func smallestPublished(_ cells: [Int]) -> Int? {
    cells.filter { reasons[$0] == nil }.min { (counts[$0], $0) < (counts[$1], $1) }
  }

  while true {
    var changed = true
    while changed {
      changed = false
      if options.linkWaves {
        for r in 0..<R {
          for s in 0..<S {
            let cells = (0..<W).map { shape.index(region: r, wave: $0, subgroup: s) }
            if cells.contains(where: { reasons[$0] != nil }) {
              for c in cells where reasons[c] == nil { reasons[c] = .waveLink; changed = true }
            }
          }
        }
      }
      for t in members.indices where !totalSuppressed[t] {
        let hidden = members[t].filter { reasons[$0] != nil }
        guard hidden.count == 1 else { continue }
        if let c = smallestPublished(members[t]) {
          reasons[c] = .complementary
        } else {
          totalSuppressed[t] = true
        }
        changed = true
      }
    }
    // Exact audit.
    let hiddenCells = reasons.indices.filter { reasons[$0] != nil }
    guard let c = _firstRecoverable(
      hidden: hiddenCells, rows: members.indices.filter { !totalSuppressed[$0] }.map { members[$0] })
    else { break }
    let containing = members.indices.filter { !totalSuppressed[$0] && members[$0].contains(c) }
    if let t = containing.first(where: { smallestPublished(members[$0]) != nil }), let extra = smallestPublished(members[t]) {
      reasons[extra] = .audit
    } else if let t = containing.min(by: { (values[$0], $0) < (values[$1], $1) }) {
      totalSuppressed[t] = true
    } else {
      break  // unreachable: a recoverable cell lies in some published margin
    }
  }
  let totals = members.indices.map {
    DisclosureTotal(kind: kinds[$0], cells: members[$0], value: values[$0], suppressed: totalSuppressed[$0])
  }
  return CellSuppression(shape: shape, options: options, counts: counts, reasons: reasons, totals: totals)
}

/// The first hidden cell that is a linear combination of the published margins (restricted to the
/// hidden cells, the published cells being known), or nil. Gaussian elimination to reduced row
/// echelon form with partial pivoting; entries start as 0/1, |pivot| > 1e-9 counts as non-zero.
func _firstRecoverable(hidden: [Int], rows: [[Int]]) -> Int? {
  if hidden.isEmpty { return nil }
  var column: [Int: Int] = [:]
  for (j, c) in hidden.enumerated() { column[c] = j }
  let m = hidden.count
  var a: [[Double]] = []
  for cells in rows {
    var row = [Double](repeating: 0, count: m)
    var any = false
    for c in cells { if let j = column[c] { row[j] = 1; any = true } }
    if any { a.append(row) }
  }
  var pivotRowOfColumn = [Int?](repeating: nil, count: m)
  var r = 0
  for j in 0..<m where r < a.count {
    var best = r
    for i in r..<a.count where Swift.abs(a[i][j]) > Swift.abs(a[best][j]) { best = i }
    if Swift.abs(a[best][j]) <= 1e-9 { continue }
    a.swapAt(r, best)
    let p = a[r][j]
    for t in 0..<m { a[r][t] /= p }
    for i in 0..<a.count where i != r && a[i][j] != 0 {
      let f = a[i][j]
      for t in 0..<m { a[i][t] -= f * a[r][t] }
    }
    pivotRowOfColumn[j] = r
    r += 1
  }
  for j in 0..<m {
    guard let pr = pivotRowOfColumn[j] else { continue }
    let isUnit = (0..<m).allSatisfy { $0 == j || Swift.abs(a[pr][$0]) <= 1e-9 }
    if isUnit { return hidden[j] }
  }
  return nil
}

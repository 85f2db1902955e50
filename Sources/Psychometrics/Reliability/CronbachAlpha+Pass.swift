// The one pass over the data behind `cronbachAlpha`: pairwise sums of the items (Statistics
// `pairwiseSums`) with the total score's parts as extra columns, plus item extremes and response
// frequencies gathered from the same blocks of rows.
//
// psych's total score is the row mean of the reflected items over the answered ones,
//   tᵢ = (Σ_{j answered} key_j x_ij + c·bᵢ) / aᵢ,  aᵢ = answered items, bᵢ = answered reverse-keyed items,
// with c = max + min over all items' values, which is known only after the pass. So the pass
// keeps uᵢ = Σ key_j x_ij / aᵢ and vᵢ = bᵢ/aᵢ (tᵢ = uᵢ + c·vᵢ) as extra columns, shifted by their
// first-block means (ũ, ṽ), and their product ũṽ: the dsyrk then yields Σ x0_j ũ and Σ x0_j ṽ for
// raw.r, and the pass's complement corrections the sums of ũ, ṽ, ũ², ṽ², ũṽ over the rows where
// item j is answered. Rows without any answer get 0 in every extra column (t is NaN there; such
// rows have no answered item, so they fall out of every item's sums, and the total's own moments
// count only the answered rows).
import LinearAlgebra
import Statistics

/// The augmenter of α's pass (see the file comment).
struct _AlphaAugmenter: PairwiseBlockAugmenter {
  let keys: [Double]
  let hasReverse: Bool
  /// Response frequencies: per column, counts of integer codes in a window of 64 slots starting
  /// at `base`, and other values in a short list; `tooMany` once more than the allowed number of
  /// distinct values is seen.
  let maximumCategories: Int
  var window: [[Int]]
  var base: [Int]
  var others: [[(value: Double, count: Int)]]
  var tooMany = false
  /// Extremes of each column's observed values, tracked only once the frequencies are abandoned
  /// (`tooMany`); until then they are read off the counts (`columnExtremes`).
  var minimum: [Double], maximum: [Double]
  /// Shifts of u and v (first block's means over answered rows), rows with no answer.
  var shiftU = Double.nan, shiftV = Double.nan
  var unansweredRows = 0
  /// Per-row scratch.
  var sum: [Double] = [], answered: [Double] = [], reverse: [Double] = []

  init(keys: [Double], maximumCategories: Int) {
    self.keys = keys
    hasReverse = keys.contains(-1)
    self.maximumCategories = maximumCategories
    let k = keys.count
    window = Array(repeating: Array(repeating: 0, count: 64), count: k)
    base = Array(repeating: Int.min, count: k)
    others = Array(repeating: [], count: k)
    minimum = Array(repeating: .infinity, count: k)
    maximum = Array(repeating: -.infinity, count: k)
  }

  /// ũ, and with reverse-keyed items ṽ and ũṽ.
  var extraColumns: Int { hasReverse ? 3 : 1 }

  mutating func reset() { self = _AlphaAugmenter(keys: keys, maximumCategories: maximumCategories) }

  mutating func fill(x: UnsafeBufferPointer<Double>, rowCount n: Int, start: Int, rows: Int, into extra: UnsafeMutablePointer<Double>) {
    if sum.count < rows {
      sum = Array(repeating: 0, count: rows)
      answered = sum
      reverse = sum
    }
    let k = keys.count
    guard let data = x.baseAddress else { return }
    sum.withUnsafeMutableBufferPointer { ps in
      answered.withUnsafeMutableBufferPointer { pa in
        reverse.withUnsafeMutableBufferPointer { pr in
          for r in 0..<rows {
            ps[r] = 0
            pa[r] = 0
            pr[r] = 0
          }
          for j in 0..<k {
            let column = data + (start &+ j &* n)
            // Branch-free row sums (the loops vectorise).
            let key = keys[j]
            for r in 0..<rows {
              let v = column[r]
              ps[r] += v.isNaN ? 0 : key * v
              pa[r] += v.isNaN ? 0 : 1
            }
            if key < 0 { for r in 0..<rows { pr[r] += column[r].isNaN ? 0 : 1 } }
          }
        }
      }
    }
    // Frequencies (and, once there are too many distinct values, extremes) per column.
    for j in 0..<k {
      let column = UnsafeBufferPointer(start: data + (start &+ j &* n), count: rows)
      if !tooMany { count(column, column: j) }
      if tooMany { extremes(column, j) }  // also the rest of the column that stopped the counting
    }
    // u, v per row; shifts from the first block.
    if shiftU.isNaN {
      var su = 0.0, sv = 0.0, m = 0.0
      for r in 0..<rows where answered[r] > 0 {
        su += sum[r] / answered[r]
        sv += reverse[r] / answered[r]
        m += 1
      }
      shiftU = m > 0 ? su / m : 0
      shiftV = m > 0 ? sv / m : 0
    }
    for r in 0..<rows {
      let a = answered[r]
      if a > 0 {
        let u = sum[r] / a - shiftU
        extra[r] = u
        if hasReverse {
          let v = reverse[r] / a - shiftV
          extra[rows &+ r] = v
          extra[2 &* rows &+ r] = u * v
        }
      } else {
        unansweredRows += 1
        extra[r] = 0
        if hasReverse {
          extra[rows &+ r] = 0
          extra[2 &* rows &+ r] = 0
        }
      }
    }
  }

  /// Counts one column segment's values (psych `response.frequencies`). Fast path, branch-free:
  /// each value goes to slot v − base of a 64-slot window when it is an integer code inside it,
  /// to slot 64 when it is NaN or outside, to slot 65 when it is inside but not an integer; four
  /// interleaved counters, so equal neighbours do not wait on each other. Only when slot 64 holds
  /// more than the NaNs, or slot 65 anything, is the segment counted again value by value.
  private mutating func count(_ column: UnsafeBufferPointer<Double>, column j: Int) {
    if base[j] == Int.min, let first = column.first(where: { !$0.isNaN }) {
      // The window starts 31 below the first integer code seen (psych's codes are small).
      base[j] = Swift.abs(first) < 1e15 && first == first.rounded(.towardZero) ? Int(first) &- 31 : 0
    }
    let b = Double(base[j])
    var counters = [Int](repeating: 0, count: 4 * 66)
    var nan = 0
    counters.withUnsafeMutableBufferPointer { w in
      @inline(__always) func slot(_ v: Double) -> Int {
        let t = v - b
        let inside = t >= 0 && t < 64  // false for NaN
        let u = inside ? t : 64
        let s = Int(u)
        return Double(s) == u ? s : 65
      }
      let rows = column.count
      var r = 0
      while r &+ 4 <= rows {
        w[slot(column[r])] &+= 1
        w[66 &+ slot(column[r &+ 1])] &+= 1
        w[132 &+ slot(column[r &+ 2])] &+= 1
        w[198 &+ slot(column[r &+ 3])] &+= 1
        r &+= 4
      }
      while r < rows {
        w[slot(column[r])] &+= 1
        r &+= 1
      }
      for v in column { nan &+= v.isNaN ? 1 : 0 }
    }
    var total = [Int](repeating: 0, count: 66)
    for s in 0..<66 { total[s] = counters[s] &+ counters[66 &+ s] &+ counters[132 &+ s] &+ counters[198 &+ s] }
    if total[64] == nan && total[65] == 0 {
      for s in 0..<64 { window[j][s] &+= total[s] }
      return
    }
    // Values off the window: count this segment value by value.
    for v in column where !v.isNaN {
      let t = v - b
      if t >= 0 && t < 64, case let s = Int(t), Double(s) == t {
        window[j][s] &+= 1
      } else if let c = others[j].firstIndex(where: { $0.value == v }) {
        others[j][c].count += 1
      } else {
        others[j].append((v, 1))
        if others[j].count > maximumCategories {
          tooMany = true
          // From here on only the extremes are kept: seed them from the counts so far.
          for c in 0..<k { seedExtremes(c) }
          return
        }
      }
    }
  }

  private var k: Int { keys.count }

  /// Minimum and maximum of the values counted so far in column j (window and list).
  private mutating func seedExtremes(_ j: Int) {
    for (s, c) in window[j].enumerated() where c > 0 {
      let v = Double(base[j] + s)
      minimum[j] = Swift.min(minimum[j], v)
      maximum[j] = Swift.max(maximum[j], v)
    }
    for e in others[j] {
      minimum[j] = Swift.min(minimum[j], e.value)
      maximum[j] = Swift.max(maximum[j], e.value)
    }
  }

  /// Extremes of a column segment (used once the frequencies are abandoned).
  private mutating func extremes(_ column: UnsafeBufferPointer<Double>, _ j: Int) {
    var lo = minimum[j], hi = maximum[j]
    for v in column where !v.isNaN {
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
    }
    minimum[j] = lo
    maximum[j] = hi
  }

  /// Extremes of every column: from the counts while they are kept, else tracked directly.
  func columnExtremes() -> (minimum: [Double], maximum: [Double]) {
    if tooMany { return (minimum, maximum) }
    var copy = self
    for j in 0..<keys.count { copy.seedExtremes(j) }
    return (copy.minimum, copy.maximum)
  }

  /// psych's response frequencies from the counts (nil when there are more distinct values than
  /// allowed or an item's range exceeds it), exactly as `responseFrequencies(_:maximumCategories:)`.
  func frequencies(rows n: Int) -> ResponseFrequencies? {
    if tooMany { return nil }
    let k = keys.count
    var lists: [[(value: Double, count: Int)]] = []
    var union: [Double] = []
    for j in 0..<k {
      var list = others[j]
      for slot in 0..<64 where window[j][slot] > 0 { list.append((Double(base[j] + slot), window[j][slot])) }
      for e in list where !union.contains(e.value) { union.append(e.value) }
      if union.count > maximumCategories { return nil }
      lists.append(list)
    }
    return _responseFrequencies(lists, categories: union.sorted(), rows: n, maximumCategories: maximumCategories)
  }
}

/// What α needs from its pass.
struct _AlphaPass {
  var sums: PairwiseSums
  var augmenter: _AlphaAugmenter

  init(_ x: Matrix, keys: [Double], maximumCategories: Int) {
    var a = _AlphaAugmenter(keys: keys, maximumCategories: maximumCategories)
    sums = pairwiseSums(x, augmenter: &a)
    augmenter = a
  }

  /// Observed values, mean and sample variance of item j (shifted sums: two-pass accuracy).
  func moments(_ j: Int) -> (count: Int, mean: Double, variance: Double) {
    let m = sums.count(j, j)
    let s = sums.total(j), q = sums.totalSquares(j)
    let md = Double(m)
    return (m, m > 0 ? sums.shift[j] + s / md : .nan, m > 1 ? Swift.max(0, (q - s * s / md) / (md - 1)) : .nan)
  }

  /// Reflection constant c = max + min over all items' values (0 without reverse-keyed items).
  var reflection: Double {
    guard augmenter.hasReverse else { return 0 }
    let e = augmenter.columnExtremes()
    return (e.maximum.max() ?? 0) + (e.minimum.min() ?? 0)
  }

  /// Mean and SD (n − 1) of the total score over the rows with at least one answer.
  func totalMoments() -> (mean: Double, standardDeviation: Double) {
    let p = sums.dataColumns, c = reflection
    let m = Double(sums.rowCount - augmenter.unansweredRows)
    guard m > 0 else { return (.nan, .nan) }
    var st = sums.total(p), stt = sums.totalSquares(p)
    if augmenter.hasReverse {
      st += c * sums.total(p + 1)
      stt += 2 * c * sums.total(p + 2) + c * c * sums.totalSquares(p + 1)
    }
    let mean = augmenter.shiftU + c * (augmenter.hasReverse ? augmenter.shiftV : 0) + st / m
    return (mean, m > 1 ? (Swift.max(0, stt - st * st / m) / (m - 1)).squareRoot() : .nan)
  }

  /// raw.r: Pearson r of each reflected item with the total over the rows where the item is answered.
  func itemTotalCorrelations() -> [Double] {
    let p = sums.dataColumns, c = reflection
    return (0..<p).map { j in
      let m = Double(sums.count(j, j))
      guard m >= 2 else { return .nan }
      let sx = sums.total(j), sxx = sums.totalSquares(j)
      var st = sums.sum(p, observed: j), stt = sums.squares(p, observed: j), sxt = sums.cross(j, p)
      if augmenter.hasReverse {
        st += c * sums.sum(p + 1, observed: j)
        stt += 2 * c * sums.sum(p + 2, observed: j) + c * c * sums.squares(p + 1, observed: j)
        sxt += c * sums.cross(j, p + 1)
      }
      let vx = sxx - sx * sx / m, vt = stt - st * st / m
      let d = Swift.max(0, vx) * Swift.max(0, vt)
      guard d > 0 else { return .nan }
      // The reflected item (c − x) correlates with −r.
      return Swift.min(1, Swift.max(-1, augmenter.keys[j] * (sxt - sx * st / m) / d.squareRoot()))
    }
  }
}

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
  /// Extremes of each column's observed values.
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
    for r in 0..<rows {
      sum[r] = 0
      answered[r] = 0
      reverse[r] = 0
    }
    for j in 0..<keys.count {
      let offset = start &+ j &* n
      let key = keys[j]
      var lo = minimum[j], hi = maximum[j]
      // Branch-free row sums and extremes (the loop vectorises); min(lo, NaN) keeps lo.
      sum.withUnsafeMutableBufferPointer { ps in
        answered.withUnsafeMutableBufferPointer { pa in
          reverse.withUnsafeMutableBufferPointer { pr in
            for r in 0..<rows {
              let v = x[offset &+ r]
              let ok = !v.isNaN
              ps[r] += ok ? key * v : 0
              pa[r] += ok ? 1 : 0
              if key < 0 { pr[r] += ok ? 1 : 0 }
              lo = Swift.min(lo, v)
              hi = Swift.max(hi, v)
            }
          }
        }
      }
      minimum[j] = lo
      maximum[j] = hi
      if !tooMany { count(x, from: offset, rows: rows, column: j) }
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

  /// Counts one column segment's values (psych `response.frequencies`).
  private mutating func count(_ x: UnsafeBufferPointer<Double>, from offset: Int, rows: Int, column j: Int) {
    var b = base[j]
    window[j].withUnsafeMutableBufferPointer { w in
      for r in 0..<rows {
        let v = x[offset &+ r]
        if v.isNaN { continue }
        // Integer test without a libm call: truncate, convert back, compare.
        if Swift.abs(v) < 1e15, case let iv = Int(v), Double(iv) == v {
          if b == Int.min { b = iv &- 31 }
          let slot = iv &- b
          if slot >= 0 && slot < 64 {
            w[slot] &+= 1
            continue
          }
        }
        if let c = others[j].firstIndex(where: { $0.value == v }) {
          others[j][c].count += 1
        } else {
          others[j].append((v, 1))
          if others[j].count > maximumCategories { tooMany = true }
        }
      }
    }
    base[j] = b
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
    return (augmenter.maximum.max() ?? 0) + (augmenter.minimum.min() ?? 0)
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

// Item-level building blocks of `cronbachAlpha`: item moments, item–total correlations and
// response frequencies (split from CronbachAlpha.swift; same code).
import Foundation
import LinearAlgebra

/// Mean of a reflected column, summed afresh (as R's colMeans on the reflected data).
/// Count, mean, sample variance, minimum and maximum of one item's non-NaN values (two passes:
/// the sum, then squared deviations with the residual-sum correction, as R's `mean`/`var`).
struct _ItemMoments {
  var count: Int
  var mean: Double
  var variance: Double
  var minimum: Double
  var maximum: Double
  var standardDeviation: Double { variance.squareRoot() }

  init(_ p: UnsafeBufferPointer<Double>, from start: Int, count n: Int) {
    // Four interleaved partial sums (the loops are latency-bound otherwise).
    var s = (0.0, 0.0, 0.0, 0.0), c = (0, 0, 0, 0)
    var lo = Double.infinity, hi = -Double.infinity
    let end = start + n
    var i = start
    while i + 4 <= end {
      let v0 = p[i], v1 = p[i + 1], v2 = p[i + 2], v3 = p[i + 3]
      s.0 += v0.isNaN ? 0 : v0
      s.1 += v1.isNaN ? 0 : v1
      s.2 += v2.isNaN ? 0 : v2
      s.3 += v3.isNaN ? 0 : v3
      c.0 += v0.isNaN ? 0 : 1
      c.1 += v1.isNaN ? 0 : 1
      c.2 += v2.isNaN ? 0 : 1
      c.3 += v3.isNaN ? 0 : 1
      // min(lo, v) keeps lo when v is NaN (v < lo is false); keep lo on the left.
      lo = Swift.min(Swift.min(Swift.min(Swift.min(lo, v0), v1), v2), v3)
      hi = Swift.max(Swift.max(Swift.max(Swift.max(hi, v0), v1), v2), v3)
      i += 4
    }
    while i < end {
      let v = p[i]
      s.0 += v.isNaN ? 0 : v
      c.0 += v.isNaN ? 0 : 1
      lo = Swift.min(lo, v)
      hi = Swift.max(hi, v)
      i += 1
    }
    let total = (s.0 + s.1) + (s.2 + s.3)
    let cnt = c.0 + c.1 + c.2 + c.3
    let m = cnt > 0 ? total / Double(cnt) : 0
    var ss = (0.0, 0.0, 0.0, 0.0), r = (0.0, 0.0, 0.0, 0.0)
    i = start
    while i + 4 <= end {
      let d0 = p[i] - m, d1 = p[i + 1] - m, d2 = p[i + 2] - m, d3 = p[i + 3] - m
      let e0 = d0.isNaN ? 0 : d0, e1 = d1.isNaN ? 0 : d1, e2 = d2.isNaN ? 0 : d2, e3 = d3.isNaN ? 0 : d3
      ss.0 += e0 * e0
      ss.1 += e1 * e1
      ss.2 += e2 * e2
      ss.3 += e3 * e3
      r.0 += e0
      r.1 += e1
      r.2 += e2
      r.3 += e3
      i += 4
    }
    while i < end {
      let d = p[i] - m
      let e = d.isNaN ? 0 : d
      ss.0 += e * e
      r.0 += e
      i += 1
    }
    let sumSquares = (ss.0 + ss.1) + (ss.2 + ss.3)
    let residual = (r.0 + r.1) + (r.2 + r.3)
    count = cnt
    mean = m
    variance = cnt > 1 ? (sumSquares - residual * residual / Double(cnt)) / Double(cnt - 1) : .nan
    minimum = lo
    maximum = hi
  }
}

/// Pearson correlation of each column of `items` with `total` over the rows where both are
/// observed (R `cor(cbind(total, items), use = "pairwise")[-1, 1]`), by shifted sums:
/// r = (Σtv − Σt·Σv/m) / √((Σt² − (Σt)²/m)(Σv² − (Σv)²/m)) with t, v shifted by their observed
/// means; NaN when fewer than 2 rows or a zero variance. O(n k).
func _itemTotalCorrelations(_ items: Matrix, total: [Double], itemMeans: [Double]) -> [Double] {
  let n = items.rows, k = items.columns
  var ts = 0.0, tc = 0
  for t in total where !t.isNaN {
    ts += t
    tc += 1
  }
  let tShift = tc > 0 ? ts / Double(tc) : 0
  return items.elements.withUnsafeBufferPointer { px in
    total.withUnsafeBufferPointer { pt in
      (0..<k).map { j in
        let base = j * n
        let vShift = itemMeans[j].isFinite ? itemMeans[j] : 0
        // Two interleaved lanes of branch-free sums (a row counts when both values are observed).
        var m = (0.0, 0.0), st = (0.0, 0.0), sv = (0.0, 0.0), stt = (0.0, 0.0), svv = (0.0, 0.0), stv = (0.0, 0.0)
        var i = 0
        while i + 2 <= n {
          let t0 = pt[i] - tShift, v0 = px[base &+ i] - vShift
          let t1 = pt[i &+ 1] - tShift, v1 = px[base &+ i &+ 1] - vShift
          let ok0 = !(t0.isNaN || v0.isNaN), ok1 = !(t1.isNaN || v1.isNaN)
          let a0 = ok0 ? t0 : 0, b0 = ok0 ? v0 : 0, a1 = ok1 ? t1 : 0, b1 = ok1 ? v1 : 0
          m.0 += ok0 ? 1 : 0
          m.1 += ok1 ? 1 : 0
          st.0 += a0
          st.1 += a1
          sv.0 += b0
          sv.1 += b1
          stt.0 += a0 * a0
          stt.1 += a1 * a1
          svv.0 += b0 * b0
          svv.1 += b1 * b1
          stv.0 += a0 * b0
          stv.1 += a1 * b1
          i += 2
        }
        if i < n {
          let t0 = pt[i] - tShift, v0 = px[base &+ i] - vShift
          if !(t0.isNaN || v0.isNaN) {
            m.0 += 1
            st.0 += t0
            sv.0 += v0
            stt.0 += t0 * t0
            svv.0 += v0 * v0
            stv.0 += t0 * v0
          }
        }
        let mm = m.0 + m.1, sT = st.0 + st.1, sV = sv.0 + sv.1
        guard mm >= 2 else { return .nan }
        let vt = (stt.0 + stt.1) - sT * sT / mm, vv = (svv.0 + svv.1) - sV * sV / mm
        let d = Swift.max(0, vt) * Swift.max(0, vv)
        return d > 0 ? Swift.min(1, Swift.max(-1, ((stv.0 + stv.1) - sT * sV / mm) / d.squareRoot())) : .nan
      }
    }
  }
}

func reflectedMean(_ m: _ItemMoments, reflected: Matrix, column j: Int) -> Double {
  var sum = 0.0
  var count = 0
  for i in 0..<reflected.rows {
    let v = reflected[i, j]
    if !v.isNaN {
      sum += v
      count += 1
    }
  }
  return count > 0 ? sum / Double(count) : .nan
}

/// psych `response.frequencies`: proportions of each distinct value per item, over the item's
/// observed values, plus the missing share; nil when there are more than `maximumCategories`
/// distinct values or an item's range exceeds it.
func responseFrequencies(_ x: Matrix, maximumCategories: Int) -> ResponseFrequencies? {
  let n = x.rows
  let k = x.columns
  // Per column: counts of integer codes in a 64-slot window (one array index per cell), other
  // values in a short list; more than maximumCategories distinct values anywhere → nil.
  var columnCounts: [[(value: Double, count: Int)]] = []
  var union: [Double] = []
  var tooMany = false
  x.elements.withUnsafeBufferPointer { px in
    for j in 0..<k where !tooMany {
      var window = [Int](repeating: 0, count: 64)
      var base = Int.min
      var others: [(value: Double, count: Int)] = []
      for i in 0..<n {
        let v = px[i + j * n]
        if v.isNaN { continue }
        // Integer test without a libm call: truncate, convert back, compare.
        if Swift.abs(v) < 1e15, case let iv = Int(v), Double(iv) == v {
          if base == Int.min { base = iv - 31 }
          let slot = iv &- base
          if slot >= 0 && slot < 64 {
            window[slot] += 1
            continue
          }
        }
        if let c = others.firstIndex(where: { $0.value == v }) {
          others[c].count += 1
        } else {
          others.append((v, 1))
          if others.count > maximumCategories {
            tooMany = true
            return
          }
        }
      }
      var list = others
      for slot in 0..<64 where window[slot] > 0 { list.append((Double(base + slot), window[slot])) }
      for e in list where !union.contains(e.value) { union.append(e.value) }
      if union.count > maximumCategories { tooMany = true }
      columnCounts.append(list)
    }
  }
  if tooMany { return nil }
  let categories = union.sorted()
  var proportions = Matrix(rows: k, columns: categories.count)
  var missing = [Double](repeating: 0, count: k)
  for j in 0..<k {
    let list = columnCounts[j]
    let observed = list.reduce(0) { $0 + $1.count }
    if let lo = list.map(\.value).min(), let hi = list.map(\.value).max(), hi - lo > Double(maximumCategories) {
      return nil
    }
    for e in list {
      if let c = categories.firstIndex(of: e.value) { proportions[j, c] = Double(e.count) / Double(observed) }
    }
    if observed == 0 { for c in categories.indices { proportions[j, c] = .nan } }
    missing[j] = 1 - Double(observed) / Double(n)
  }
  return ResponseFrequencies(categories: categories, proportions: proportions, missing: missing)
}

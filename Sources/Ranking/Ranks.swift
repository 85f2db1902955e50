/// Competition ranks with rank 1 for the largest value (csranks `irank(x)`, ω = 0, decreasing):
/// rankᵢ = 1 + #{j : xⱼ > xᵢ}; tied values share the best (smallest) rank.
public func descendingRanks(_ x: [Double]) -> [Int] {
  x.map { xi in 1 + x.reduce(0) { $0 + ($1 > xi ? 1 : 0) } }
}

/// Average ("mid") ranks with rank 1 for the smallest value (R `rank(x)`, ties.method = "average").
public func averageRanks(_ x: [Double]) -> [Double] {
  let order = x.indices.sorted { x[$0] < x[$1] }
  var ranks = [Double](repeating: 0, count: x.count)
  var i = 0
  while i < order.count {
    var j = i
    while j + 1 < order.count && x[order[j + 1]] == x[order[i]] { j += 1 }
    let r = Double(i + j) / 2 + 1
    for t in i...j { ranks[order[t]] = r }
    i = j + 1
  }
  return ranks
}

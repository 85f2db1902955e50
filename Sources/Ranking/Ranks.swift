/// Competition ranks with rank 1 for the largest value (csranks `irank(x)`, ω = 0, decreasing):
/// rankᵢ = 1 + #{j : xⱼ > xᵢ}; tied values share the best (smallest) rank. O(n²), for the
/// handful of regions ranked here.
public func descendingRanks(_ x: [Double]) -> [Int] {
  x.map { xi in 1 + x.reduce(0) { $0 + ($1 > xi ? 1 : 0) } }
}

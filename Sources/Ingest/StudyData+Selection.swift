import Codebook
import LinearAlgebra

extension StudyData {
  /// Column indices of `itemIDs` in `items` (nil for an unknown id).
  public func itemColumns(_ itemIDs: [String]) -> [Int]? {
    let index = Dictionary(uniqueKeysWithValues: study.items.enumerated().map { ($0.element.id, $0.offset) })
    var cols: [Int] = []
    for id in itemIDs {
      guard let j = index[id] else { return nil }
      cols.append(j)
    }
    return cols
  }

  /// The analysable values (NaN = missing) of `itemIDs` for `rows` (all rows when nil), n × k.
  public func itemMatrix(_ itemIDs: [String], rows: [Int]? = nil) -> Matrix? {
    guard let cols = itemColumns(itemIDs) else { return nil }
    let r = rows ?? Array(0..<rowCount)
    return items.submatrix(rows: r, columns: cols)
  }

  /// The items and keys (+1/−1) of a measurement scale, with its values for `rows`.
  public func scaleMatrix(_ scale: Scale, rows: [Int]? = nil) -> (matrix: Matrix, keys: [Int])? {
    guard let m = itemMatrix(scale.items, rows: rows) else { return nil }
    return (m, scale.keys)
  }

  /// Design weights for `rows` (nil when the study declares none).
  public func weights(rows: [Int]) -> [Double]? {
    weights.map { w in rows.map { w[$0] } }
  }
}

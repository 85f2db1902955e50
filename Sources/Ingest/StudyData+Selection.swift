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

extension StudyData {
  /// Refuses an analysis of an item without a single valid value among `rows`, saying what its
  /// cells are instead (blank, not asked, missing codes, out of range or not decodable, with
  /// the first such cell), rather than letting the analysis fail later with "no variance".
  public func requireValidValues(_ itemIDs: [String], rows: [Int]? = nil) throws(IngestError) {
    let selected = rows ?? Array(0..<rowCount)
    for id in itemIDs {
      guard let j = study.items.firstIndex(where: { $0.id == id }) else { continue }
      var counts: [String: Int] = [:]
      var firstBad: Int? = nil
      var anyValid = false
      for r in selected {
        let s = status[r, j]
        switch CellStatus.kind(s) {
        case .valid: anyValid = true
        case .blank: counts["blank", default: 0] += 1
        case .notAsked: counts["not asked", default: 0] += 1
        case .missingCode, .missingText, .fileMissing: counts["missing codes", default: 0] += 1
        case .outOfRange, .undecodable:
          counts["out of range or not a label of its scale", default: 0] += 1
          if firstBad == nil { firstBad = r }
        }
        if anyValid { break }
      }
      guard !anyValid else { continue }
      var reason = counts.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
      if selected.isEmpty { reason = "there are no rows" }
      if let r = firstBad {
        reason += "; first: \(cellLocation(row: r, item: j)) '\(status.raw(row: r, item: j)?.display ?? "")'"
        if let rs = study.item(id).flatMap({ study.responseScale(of: $0) }) { reason += " (allowed: \(QualityCheck.allowedText(rs)))" }
      }
      throw .noValidValues(item: id, rows: selected.count, reason: reason)
    }
  }
}

import Foundation
import LinearAlgebra

/// Loads a committed reference JSON object (path relative to the repository root).
public func referenceJSON(_ path: String) throws -> [String: Any] {
  let data = try Data(contentsOf: URL(fileURLWithPath: repoPath(path)))
  return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}

/// A `{"rows": [[…]]}` matrix from a reference JSON object (null → NaN).
public func referenceMatrix(_ any: Any?) -> Matrix {
  let rows = ((any as? [String: Any])?["rows"] as? [[Any]]) ?? []
  return Matrix(rows.map { $0.map { ($0 as? NSNumber)?.doubleValue ?? .nan } })
}

/// nil when every element agrees to `relative` (or `absolute`); else the first mismatch as "[i, j]: a vs b".
public func matrixMismatch(_ a: Matrix, _ b: Matrix, relative: Double, absolute: Double = 0) -> String? {
  guard a.rows == b.rows, a.columns == b.columns else { return "shape \(a.rows)×\(a.columns) vs \(b.rows)×\(b.columns)" }
  for j in 0..<a.columns {
    for i in 0..<a.rows where !isClose(a[i, j], b[i, j], relative: relative, absolute: absolute) {
      return "[\(i), \(j)]: \(a[i, j]) vs \(b[i, j])"
    }
  }
  return nil
}

import Foundation
import LinearAlgebra
import Testing
import _TestSupport
@testable import Psychometrics

// Shared helpers for the correlation, polychoric and factorability tests (bfi loader, reference JSON).

/// Loads a reference JSON object.
func referenceJSON(_ path: String) throws -> [String: Any] {
  let data = try Data(contentsOf: URL(fileURLWithPath: repoPath(path)))
  return try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
}

/// A `{"rows": [[…]]}` matrix from the reference JSON (null → NaN).
func referenceMatrix(_ any: Any?) -> Matrix {
  let rows = ((any as? [String: Any])?["rows"] as? [[Any]]) ?? []
  return Matrix(rows.map { $0.map { ($0 as? NSNumber)?.doubleValue ?? .nan } })
}

/// nil when every element agrees to `relative`; else the first mismatch as text.
func matrixMismatch(_ a: Matrix, _ b: Matrix, relative: Double, absolute: Double = 0) -> String? {
  guard a.rows == b.rows, a.columns == b.columns else { return "shape \(a.rows)×\(a.columns) vs \(b.rows)×\(b.columns)" }
  for j in 0..<a.columns {
    for i in 0..<a.rows where !isClose(a[i, j], b[i, j], relative: relative, absolute: absolute) {
      return "[\(i), \(j)]: \(a[i, j]) vs \(b[i, j])"
    }
  }
  return nil
}


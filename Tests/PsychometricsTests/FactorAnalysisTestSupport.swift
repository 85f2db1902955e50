// Shared loaders for the factor-analysis reference JSON (Datasets/reference/psychometrics/*.json).
import Foundation
import LinearAlgebra
import _TestSupport

enum FAReference {
  /// The JSON object of a reference case.
  static func load(_ name: String) throws -> [String: Any] {
    let url = URL(fileURLWithPath: repoPath("Datasets/reference/psychometrics/\(name).json"))
    let data = try Data(contentsOf: url)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
      throw CocoaError(.fileReadCorruptFile)
    }
    return object
  }

  /// A {rownames, colnames, rows} matrix.
  static func matrix(_ any: Any?) -> Matrix? {
    guard let dict = any as? [String: Any], let rows = dict["rows"] as? [[Any]] else { return nil }
    return Matrix(rows.map { $0.map(number) })
  }

  static func number(_ any: Any?) -> Double {
    if let d = any as? Double { return d }
    if let n = any as? NSNumber { return n.doubleValue }
    if let s = any as? String { return Double(s) ?? .nan }
    return .nan
  }

  /// A numeric vector (array or name → value object, in key order of `names` if given).
  static func vector(_ any: Any?, names: [String]? = nil) -> [Double] {
    if let a = any as? [Any] { return a.map(number) }
    if let d = any as? [String: Any] {
      if let names { return names.map { number(d[$0]) } }
      return d.keys.sorted().map { number(d[$0]) }
    }
    return []
  }

  static func colnames(_ any: Any?) -> [String] { ((any as? [String: Any])?["colnames"] as? [String]) ?? [] }
  static func rownames(_ any: Any?) -> [String] { ((any as? [String: Any])?["rownames"] as? [String]) ?? [] }

  /// The bfi pairwise correlation matrix and item names.
  static func bfiCorrelation() throws -> (Matrix, [String]) {
    let j = try load("bfi_cor_pairwise")
    guard let m = matrix(j["pairwise"]) else { throw CocoaError(.fileReadCorruptFile) }
    return (m, rownames(j["pairwise"]))
  }
}

/// Largest |a − b| over all elements, with the position, for messages.
func worstDifference(_ a: Matrix, _ b: Matrix) -> (value: Double, row: Int, column: Int) {
  var worst = (0.0, 0, 0)
  for j in 0..<a.columns {
    for i in 0..<a.rows {
      let d = Swift.abs(a[i, j] - b[i, j])
      if d > worst.0 || d.isNaN { worst = (d, i, j) }
    }
  }
  return worst
}

func worstDifference(_ a: [Double], _ b: [Double]) -> (value: Double, index: Int) {
  var worst = (0.0, 0)
  for i in a.indices {
    let d = Swift.abs(a[i] - b[i])
    if d > worst.0 || d.isNaN { worst = (d, i) }
  }
  return worst
}

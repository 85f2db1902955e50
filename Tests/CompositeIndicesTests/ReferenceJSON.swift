import Foundation
import LinearAlgebra
import _TestSupport

/// A reference case from Datasets/reference/indices/<name>.json.
struct ReferenceJSON {
  let object: [String: Any]

  init(_ name: String) throws {
    let url = URL(fileURLWithPath: repoPath("Datasets/reference/indices/\(name).json"))
    let parsed = try JSONSerialization.jsonObject(with: Data(contentsOf: url))
    object = parsed as? [String: Any] ?? [:]
  }

  static func number(_ v: Any?) -> Double {
    if v is NSNull { return .nan }
    return (v as? NSNumber)?.doubleValue ?? .nan
  }

  func double(_ key: String) -> Double { ReferenceJSON.number(object[key]) }
  func vector(_ key: String) -> [Double] { (object[key] as? [Any] ?? []).map(ReferenceJSON.number) }
  func sub(_ key: String) -> ReferenceJSON { ReferenceJSON(object: object[key] as? [String: Any] ?? [:]) }
  func strings(_ key: String) -> [String] { object[key] as? [String] ?? [] }

  /// A list of rows ([[Double]]) or R's {"rows": ...} matrix form, as a Matrix.
  func matrix(_ key: String) -> Matrix {
    let raw = (object[key] as? [String: Any])?["rows"] ?? object[key]
    let rows = (raw as? [[Any]] ?? []).map { $0.map(ReferenceJSON.number) }
    return Matrix(rows)
  }

  init(object: [String: Any]) { self.object = object }
}

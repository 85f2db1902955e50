import Foundation
import _TestSupport

/// Loads a reference JSON file under Datasets/reference/ranking/.
func loadReference(_ name: String) throws -> [String: Any] {
  let data = try Data(contentsOf: URL(fileURLWithPath: repoPath("Datasets/reference/ranking/\(name)")))
  guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
    throw ReferenceFileError.notAnObject(name)
  }
  return object
}

enum ReferenceFileError: Error { case notAnObject(String), missing(String) }

func doubles(_ any: Any?) -> [Double] { (any as? [Any] ?? []).map { ($0 as? NSNumber)?.doubleValue ?? .nan } }
func ints(_ any: Any?) -> [Int] { (any as? [Any] ?? []).map { ($0 as? NSNumber)?.intValue ?? Int.min } }
func double(_ any: Any?) -> Double { (any as? NSNumber)?.doubleValue ?? .nan }
func rowsOf(_ any: Any?) -> [[Double]] { (any as? [Any] ?? []).map { doubles($0) } }

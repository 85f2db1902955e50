import Foundation
import LinearAlgebra
import _TestSupport

/// The R survey api data (Datasets/real/api/*.csv), read with a small quote-aware CSV splitter
/// (the test target does not depend on DataIO).
struct APIData {
  let header: [String]
  let rows: [[String]]

  init(_ name: String) throws {
    let text = try String(contentsOfFile: repoPath("Datasets/real/api/\(name).csv"), encoding: .utf8)
    var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
    header = APIData.split(lines.removeFirst())
    rows = lines.map(APIData.split)
  }

  static func split(_ line: String) -> [String] {
    var out: [String] = [], cur = "", quoted = false
    var it = Array(line).makeIterator()
    while let c = it.next() {
      if c == "\"" { quoted.toggle() } else if c == "," && !quoted { out.append(cur); cur = "" } else if c != "\r" { cur.append(c) }
    }
    out.append(cur)
    return out
  }

  func strings(_ column: String) -> [String] {
    guard let j = header.firstIndex(of: column) else { fatalError("no column \(column)") }
    return rows.map { $0[j] }
  }
  func optionalStrings(_ column: String) -> [String?] { strings(column).map { $0.isEmpty ? nil : $0 } }
  func numbers(_ column: String) -> [Double] { strings(column).map { Double($0) ?? .nan } }
  func matrix(_ columns: [String]) -> Matrix { Matrix(columnVectors: columns.map(numbers)) }
}

/// A reference JSON case from Datasets/reference/survey.
struct Reference {
  let root: [String: Any]
  init(_ name: String) throws {
    let data = try Data(contentsOf: URL(fileURLWithPath: repoPath("Datasets/reference/survey/\(name).json")))
    root = try JSONSerialization.jsonObject(with: data) as? [String: Any] ?? [:]
  }
  func node(_ path: [String]) -> Any? {
    var cur: Any? = root
    for k in path { cur = (cur as? [String: Any])?[k] }
    return cur
  }
  func double(_ path: String...) -> Double { (node(path) as? NSNumber)?.doubleValue ?? .nan }
  func doubles(_ path: String...) -> [Double] { (node(path) as? [Any])?.map { ($0 as? NSNumber)?.doubleValue ?? .nan } ?? [] }
  func rows(_ path: String...) -> [[Double]] {
    ((node(path) as? [String: Any])?["rows"] as? [[Any]])?.map { $0.map { ($0 as? NSNumber)?.doubleValue ?? .nan } } ?? []
  }
}

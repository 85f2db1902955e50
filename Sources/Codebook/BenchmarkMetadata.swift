import Foundation
import Yams

/// How a published ranking scores its units. A relative index can fall in rank while its
/// level rises (and vice versa), so every comparison prints this.
public enum BenchmarkScoring: String, Sendable, Equatable, CaseIterable {
  /// Scores measure a level on a fixed scale (counts, shares, fixed goalposts).
  case absolute
  /// Scores are scaled against the other units (best = 100, z-scores, ranks).
  case relative
  /// A mixture (e.g. absolute indicators with a relative component).
  case mixed
}

/// The metadata of an external benchmark ranking, from the YAML sidecar `<file>.meta.yaml`
/// next to its CSV (see `Datasets/benchmarks/README.md`).
public struct BenchmarkMetadata: Sendable, Equatable {
  public var name: String
  public var source: String
  public var year: Int
  /// The region level of the units (land, kreis, gemeinde).
  public var level: RegionLevel
  /// Column with official region keys (AGS), if the file has one.
  public var keyColumn: String?
  /// Column with region names (matched after normalising umlauts and suffixes).
  public var nameColumn: String
  /// Column with the score.
  public var scoreColumn: String
  /// Keep only rows where each column equals the given text (e.g. category: gesamt).
  public var filter: [String: String]
  /// The scale as published, e.g. "0–100 points".
  public var scale: String
  public var scoring: BenchmarkScoring
  /// True when a higher score is better.
  public var higherIsBetter: Bool
  /// Free notes printed with the comparison.
  public var notes: String

  static let keys = ["name", "source", "year", "level", "key_column", "name_column", "score_column", "filter", "scale",
                     "scoring", "higher_is_better", "notes"]

  /// Reads `path` (YAML).
  public static func load(path: String) throws(CodebookError) -> BenchmarkMetadata {
    guard FileManager.default.fileExists(atPath: path) else {
      throw CodebookError(file: path, line: 0, column: 0, keyPath: "", problem: .unreadable(
        reason: "no such file; a benchmark CSV needs a metadata sidecar FILE.meta.yaml naming its level, columns and scoring (see Datasets/benchmarks/README.md)"))
    }
    let text = try YAMLGuard.readText(path: path)
    try YAMLGuard.check(yaml: text, file: path)
    let root: Node
    do {
      guard let r = try Yams.compose(yaml: text) else {
        throw CodebookError(file: path, line: 1, column: 1, keyPath: "", problem: .notYAML(reason: "the document is empty"))
      }
      root = r
    } catch let e as CodebookError {
      throw e
    } catch let e as YamlError {
      throw StudyLoader.yamlError(e, file: path)
    } catch {
      throw CodebookError(file: path, line: 1, column: 1, keyPath: "", problem: .notYAML(reason: "\(error)"))
    }
    let m = try YAMLNode(node: root, file: path, keyPath: "").mapping(allowed: keys)
    var filter: [String: String] = [:]
    if let f = m["filter"] {
      for e in try f.mapping(allowed: nil).entries { filter[e.key] = try e.value.string() }
    }
    return BenchmarkMetadata(
      name: try m.required("name").string(), source: try m.required("source").string(), year: try m.required("year").int(),
      level: try m.required("level").choice(RegionLevel.self), keyColumn: try m["key_column"]?.string(),
      nameColumn: try m.required("name_column").string(), scoreColumn: try m.required("score_column").string(),
      filter: filter, scale: try m["scale"]?.string() ?? "", scoring: try m.required("scoring").choice(BenchmarkScoring.self),
      higherIsBetter: try m["higher_is_better"]?.bool() ?? true, notes: try m["notes"]?.optionalString() ?? "")
  }
}

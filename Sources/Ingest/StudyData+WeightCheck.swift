import Codebook
import SurveyWeighting

/// A design weight that the study cannot use, found when the data are loaded.
public struct DesignWeightProblem: Sendable, Equatable, CustomStringConvertible {
  /// The data file, and the row when one row is at fault (nil: all weights of a wave are 0).
  public var file: String
  public var line: Int?
  /// The weight column (`design.weight` of the codebook).
  public var column: String
  public var wave: Int?
  public var value: Double
  public var problem: String

  public var description: String {
    let place = line.map { "\(file):\($0)" } ?? file
    return "\(place): design weight '\(column)'\(wave.map { " (wave \($0))" } ?? ""): \(problem)"
  }
}

extension StudyReader {
  /// Refuses design weights that would make weighted sums overflow, or weight nothing, per wave:
  /// a weight that is negative or infinite, a running total above
  /// `SurveyDesign.maximumWeightTotal` (the row where it is passed is named: a weight of 10³⁰⁸
  /// made every weighted mean infinite), or every weight 0. Blank weights are left to the design,
  /// which refuses them when weights are used (unweighted commands still run).
  static func checkDesignWeights<S: RandomAccessCollection>(
    _ weights: [Double], waves: [Int?], sources: S, column: String
  ) throws(IngestError) where S.Element == RowSource, S.Index == Int {
    var totals: [Int?: Double] = [:]
    var positive: Set<Int?> = []
    var firstSource: [Int?: RowSource] = [:]
    for (i, w) in weights.enumerated() where !w.isNaN {
      let wave = i < waves.count ? waves[i] : nil
      let source = i < sources.count ? sources[i] : RowSource(file: "", line: i + 1)
      if firstSource[wave] == nil { firstSource[wave] = source }
      guard w.isFinite, w >= 0 else {
        throw .designWeight(DesignWeightProblem(
          file: source.file, line: source.line, column: column, wave: wave, value: w,
          problem: "\(w) is not allowed; weights must be finite and ≥ 0"))
      }
      let total = totals[wave, default: 0] + w
      totals[wave] = total
      if w > 0 { positive.insert(wave) }
      guard total <= SurveyDesign.maximumWeightTotal else {
        throw .designWeight(DesignWeightProblem(
          file: source.file, line: source.line, column: column, wave: wave, value: w,
          problem: "\(w) brings the total of the weights above 1e15 (SurveyDesign.maximumWeightTotal, the estimated population size); weighted sums would overflow"))
      }
    }
    for wave in totals.keys.sorted(by: { ($0 ?? .min) < ($1 ?? .min) }) where !positive.contains(wave) {
      throw .designWeight(DesignWeightProblem(
        file: firstSource[wave]?.file ?? "", line: nil, column: column, wave: wave, value: 0,
        problem: "every weight is 0; at least one respondent needs a positive weight"))
    }
  }
}

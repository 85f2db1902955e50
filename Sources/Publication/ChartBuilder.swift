import Charts
import Reports

/// The charts of the report (and of `--format svg`), built from the commands' tables in the
/// report's language. Numbers come from the untranslated tables (`ChartsFromTables`), words
/// from `Words` and the catalogue.
public struct ChartBuilder: Sendable {
  public var language: ReportLanguage
  public var labels: [String: String]

  public init(language: ReportLanguage, labels: [String: String] = [:]) {
    self.language = language
    self.labels = labels
  }

  var words: Words { Words(language) }

  func text(title: String, description: String, axis: String, legend: [String]) -> ChartText {
    ChartText(title: title, description: description, axis: axis, suppressed: words.suppressed, noData: words.noData,
              legend: legend, decimalComma: language == .de)
  }

  func digits(_ t: ReportTable, _ column: String, default d: Int = 1) -> Int {
    t.columns.first { $0.name == column }?.digits ?? d
  }

  /// The index's label as shown (codebook label).
  func label(_ id: String, fallback: String) -> String { labels[id] ?? fallback }

  /// Caterpillar plot of an index table.
  public func caterpillar(_ t: ReportTable, id: String, indexLabel: String, level: String, wave: Int) throws -> String {
    let rows = try ChartsFromTables.caterpillar(t, nameColumn: level)
    return CaterpillarChart.svg(id: id, rows: rows,
                                text: text(title: words.caterpillarTitle(indexLabel, level, wave), description: words.caterpillarDescription,
                                           axis: indexLabel, legend: [words.estimate, words.interval95]),
                                digits: digits(t, "index"))
  }

  /// Tile map of an index table; nil when fewer than two regions have a tile position.
  public func tileMap(_ t: ReportTable, id: String, indexLabel: String, level: String, wave: Int,
                      placements: [String: TilePlacement]) throws -> (svg: String, unplaced: [String])? {
    let (tiles, unplaced) = try ChartsFromTables.tiles(t, nameColumn: level, placements: placements)
    guard tiles.count >= 2 else { return nil }
    let svg = TileMap.svg(id: id, tiles: tiles,
                          text: text(title: words.mapTitle(indexLabel, wave), description: words.mapDescription, axis: words.legendTitle,
                                     legend: [words.suppressedShort, words.noData]),
                          digits: digits(t, "index"))
    return (svg, unplaced)
  }

  /// Rank plot of a rank table (with the index table for the regions not ranked).
  public func rankPlot(_ rank: ReportTable, index: ReportTable, id: String, indexLabel: String, level: String, wave: Int) throws -> String {
    let rows = try ChartsFromTables.ranks(rank, index: index, nameColumn: level)
    return RankChart.svg(id: id, rows: rows,
                         text: text(title: words.rankTitle(indexLabel, wave), description: words.rankDescription, axis: words.rankAxis,
                                    legend: [words.rank, words.marginalSet, words.simultaneousSet]))
  }

  /// Agreement plot of a benchmark comparison (`rank_agreement`, `rank_shifts`).
  public func agreement(agreement: ReportTable, shifts: ReportTable, index: ReportTable?, id: String, indexLabel: String,
                        benchmarkName: String, level: String) throws -> String {
    let rows = try ChartsFromTables.agreement(shifts, index: index, nameColumn: level)
    let statistic = agreement.columns.firstIndex { $0.name == "statistic" } ?? 0
    let correlations = try ChartsFromTables.correlations(agreement).map { c -> String in
      var name = ""
      if case .text(let s) = agreement.rows[c.row][statistic] { name = s }
      if language == .de { name = Catalogue.german.translate(name, to: .de, hole: { $0 }) ?? name }
      return "\(name) = \(ReportRenderer.number(c.estimate, digits: 2, decimalComma: language == .de))"
    }
    return AgreementChart.svg(id: id, rows: rows,
                              text: text(title: words.agreementTitle(indexLabel, benchmarkName), description: words.agreementDescription,
                                         axis: words.surveyAxis, legend: [words.benchmarkAxis(benchmarkName)]),
                              subtitle: correlations.joined(separator: "    "),
                              surveyDigits: digits(shifts, "survey_index"), benchmarkDigits: digits(shifts, "benchmark_score"))
  }

  /// Dumbbell chart of a wave-change table.
  public func change(_ t: ReportTable, laterIndex: ReportTable?, id: String, indexLabel: String, level: String, earlier: Int, later: Int) throws -> String {
    let rows = try ChartsFromTables.change(t, earlierWave: String(earlier), laterWave: String(later), index: laterIndex, nameColumn: level)
    return ChangeChart.svg(id: id, rows: rows,
                           text: text(title: words.changeTitle(indexLabel, earlier, later), description: words.changeDescription,
                                      axis: indexLabel, legend: [String(earlier), String(later), words.changeAxis(earlier, later),
                                                                 words.significant, words.notSignificant]),
                           digits: digits(t, "change"))
  }
}

import Foundation
import Testing
@testable import Charts
@testable import Publication
@testable import Reports

/// A small input: three Länder, one suppressed, one without respondents.
enum Sample {
  static let index: ReportTable = {
    var t = ReportTable(id: "index_trust_land", title: "Trust by land 2023",
                        columns: [ReportColumn("key"), ReportColumn("land"), ReportColumn("n", .integer), ReportColumn("index", .number, digits: 1),
                                  ReportColumn("se", .number, digits: 2), ReportColumn("ci95_lower", .number, digits: 1), ReportColumn("ci95_upper", .number, digits: 1)])
    t.append([.text("01"), .text("Schleswig-Holstein"), .integer(153), .number(56.71560514884227), .number(1.28), .number(54.2), .number(59.23)])
    t.append([.text("02"), .text("Hamburg"), .integer(0), .missing, .missing, .missing, .missing])
    t.append([.text("04"), .text("Bremen"), .suppressed, .suppressed, .suppressed, .suppressed, .suppressed])
    t.append([.text("15"), .text("Sachsen-Anhalt"), .integer(85), .number(48.52), .number(1.62), .number(45.35), .number(51.69)])
    t.notes = ["▪ = suppressed: fewer than 5 respondents, or needed to protect such a region (disclosure control; 1 of 4 regions)"]
    return t
  }()

  static let rank: ReportTable = {
    var t = ReportTable(id: "rank_trust_land", title: "Ranking: Trust by land 2023",
                        columns: [ReportColumn("rank", .integer), ReportColumn("key"), ReportColumn("land"), ReportColumn("n", .integer),
                                  ReportColumn("index", .number, digits: 1), ReportColumn("rank_lower", .integer, joinedHeader: "marginal_ci"),
                                  ReportColumn("rank_upper", .integer), ReportColumn("rank_lower_simultaneous", .integer, joinedHeader: "simultaneous_ci"),
                                  ReportColumn("rank_upper_simultaneous", .integer)])
    t.append([.integer(1), .text("01"), .text("Schleswig-Holstein"), .integer(153), .number(56.7), .integer(1), .integer(1), .integer(1), .integer(2)])
    t.append([.integer(2), .text("15"), .text("Sachsen-Anhalt"), .integer(85), .number(48.5), .integer(2), .integer(2), .integer(1), .integer(2)])
    return t
  }()

  static func input(_ language: ReportLanguage) -> PublicationInput {
    PublicationInput(language: language, labels: ["trust": "Trust index"], studyID: "s", title: "A study", description: "Synthetic.",
                     banner: "SYNTHETIC DATA — generated, not real responses", wave: 2023, level: "land", minimumCellSize: 5, replicates: 200,
                     weighting: "design weights", quality: [], reliability: [],
                     indices: [.init(id: "trust", label: "Trust", estimates: index, checks: nil, ranking: [rank])], benchmarks: [], changes: [],
                     placements: DefaultTileLayouts.laender, placementSource: "", sources: [], toolVersion: "0.1.0")
  }
}

@Suite struct PublicationTests {
  @Test func chartsReadTheTablesCells() throws {
    let rows = try ChartsFromTables.caterpillar(Sample.index, nameColumn: "land")
    #expect(rows.map(\.label) == ["Schleswig-Holstein", "Hamburg", "Bremen", "Sachsen-Anhalt"])
    #expect(rows[0].entry == .published(IntervalValue(estimate: 56.71560514884227, lower: 54.2, upper: 59.23)))
    #expect(rows[1].entry == .noData)
    #expect(rows[2].entry == .suppressed)
    let (tiles, unplaced) = try ChartsFromTables.tiles(Sample.index, nameColumn: "land", placements: DefaultTileLayouts.laender)
    #expect(unplaced.isEmpty && tiles.count == 4)
    #expect(tiles.first { $0.label == "Bremen" }?.entry == .suppressed)
    #expect(tiles.first { $0.label == "Sachsen-Anhalt" }?.place == TilePlacement(row: 2, column: 2, short: "ST"))
    let ranks = try ChartsFromTables.ranks(Sample.rank, index: Sample.index, nameColumn: "land")
    #expect(ranks.count == 4)
    #expect(ranks[1].entry == .published(RankValue(rank: 2, marginal: 2...2, simultaneous: 1...2)))
    #expect(ranks.first { $0.label == "Bremen" }?.entry == .suppressed)
    #expect(ranks.first { $0.label == "Hamburg" }?.entry == .noData)
    #expect(throws: ChartsFromTables.MissingColumn.self) { try ChartsFromTables.caterpillar(Sample.rank, nameColumn: "kreis") }
  }

  @Test func defaultLayoutsCoverTheLaenderAndSachsenAnhalt() {
    #expect(DefaultTileLayouts.laender.count == 16 && DefaultTileLayouts.sachsenAnhaltKreise.count == 14)
    for layout in [DefaultTileLayouts.laender, DefaultTileLayouts.sachsenAnhaltKreise] {
      let cells = layout.values.map { [$0.row, $0.column] }
      #expect(Set(cells).count == cells.count, "no two regions share a tile")
      #expect(Set(layout.values.map(\.short)).count == layout.count)
    }
  }

  @Test func selfContainedDeterministicHTML() throws {
    let a = try HTMLReport.render(Sample.input(.en)), b = try HTMLReport.render(Sample.input(.en))
    #expect(a.html == b.html, "same input, same bytes")
    #expect(a.untranslated.isEmpty, "\(a.untranslated)")
    let html = a.html
    #expect(html.hasPrefix("<!DOCTYPE html>") && html.contains("<html lang=\"en\">") && html.contains("<meta charset=\"utf-8\">"))
    // No script, no external resource, no network.
    for forbidden in ["<script", "<link", "src=", "@import", "http://", "https://"] {
      let hits = html.components(separatedBy: forbidden).count - 1
      let allowed = forbidden == "http://" ? html.components(separatedBy: "http://www.w3.org/2000/svg").count - 1 : 0
      #expect(hits == allowed, "\(forbidden) appears \(hits) times")
    }
    #expect(!html.contains("url(http") && !html.contains("url(\"http"))
    // Title page, banner, sections, charts, tables, methods and every footnote.
    #expect(html.contains("SYNTHETIC DATA — generated, not real responses"))
    for id in ["indices", "rankings", "methods", "fig-caterpillar-trust", "fig-map-trust", "fig-rank-trust", "table-index_trust_land", "table-rank_trust_land"] {
      #expect(html.contains("id=\"\(id)"), "\(id)")
    }
    #expect(html.contains("@page") && html.contains("counter(page)"))
    #expect(html.contains("disclosure control; 1 of 4 regions"))
    #expect(a.charts.count == 3)
    // Bremen is named, never shown with a number.
    #expect(html.contains("Bremen"))
  }

  @Test func germanReport() throws {
    let out = try HTMLReport.render(Sample.input(.de))
    #expect(out.untranslated.isEmpty, "\(out.untranslated)")
    #expect(out.html.contains("<html lang=\"de\">"))
    #expect(out.html.contains("SYNTHETISCHE DATEN — erzeugt, keine echten Antworten"))
    #expect(out.html.contains("Indizes nach Regionen") && out.html.contains("Trust index nach Ländern, 2023"))
    #expect(out.html.contains("56,7") && !out.html.contains(">56.7<"))
  }
}

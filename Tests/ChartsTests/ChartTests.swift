import Foundation
import Testing
@testable import Charts

/// Every chart: well-formed SVG, accessible (`role="img"`, `<title>`, `<desc>`), colours from the
/// colour-blind-safe palettes, every mark's position computed back through the axis to the
/// value it shows, and suppressed regions named without any mark or number.
@Suite struct ChartTests {
  static let okabeIto: Set<String> = [Palette.blue, Palette.vermillion, Palette.orange, Palette.sky, Palette.green, Palette.purple, Palette.grey, Palette.ink]

  static let intervals: [ChartRow<IntervalValue>] = [
    ChartRow("Börde", .published(IntervalValue(estimate: 48.1234, lower: 40.6, upper: 55.6468))),
    ChartRow("Harz", .published(IntervalValue(estimate: 50.12, lower: 42.9, upper: 57.3))),
    ChartRow("Magdeburg", .suppressed),
    ChartRow("Stendal", .published(IntervalValue(estimate: 36.8, lower: 29.7, upper: 43.9))),
    ChartRow("Halle (Saale)", .noData),
  ]

  func accessible(_ svg: SVGNode, id: String) {
    #expect(svg["role"] == "img")
    #expect(svg["aria-labelledby"] == "\(id)-title \(id)-desc")
    #expect(svg.children.first { $0.name == "title" }?["id"] == "\(id)-title")
    #expect(svg.children.first { $0.name == "desc" }?["id"] == "\(id)-desc")
    #expect(!(svg.children.first { $0.name == "title" }?.text.isEmpty ?? true))
  }

  @Test func caterpillarMarksComputeBackToTheValues() throws {
    let text = ChartText(title: "Trust by Kreis", description: "d", axis: "Trust index", legend: ["estimate", "95 % interval"])
    let source = CaterpillarChart.svg(id: "cat", rows: Self.intervals, text: text)
    let svg = try SVGNode.parse(source)
    accessible(svg, id: "cat")
    let axis = try RecoveredAxis(svg, axis: "x")
    let rows = svg.all("g", class: "row")
    #expect(rows.count == 5)
    // Sorted by estimate, highest first; then suppressed, then no data.
    #expect(rows.map { $0.all("text", class: "label").first?.text } == ["Harz", "Börde", "Stendal", "Magdeburg", "Halle (Saale)"])
    for row in rows where row["data-status"] == "published" {
      let label = row.all("text", class: "label")[0].text
      let v = try #require(Self.intervals.first { $0.label == label }?.entry.value)
      let dot = try #require(row.all("circle", class: "estimate").first)
      let line = try #require(row.all("line", class: "interval").first)
      #expect(abs(axis.value(dot.double("cx")!) - v.estimate) <= axis.tolerance, "\(label) estimate")
      #expect(abs(axis.value(line.double("x1")!) - v.lower) <= axis.tolerance, "\(label) lower")
      #expect(abs(axis.value(line.double("x2")!) - v.upper) <= axis.tolerance, "\(label) upper")
      #expect(dot.tooltip?.hasPrefix("\(label): ") == true)
      #expect(Self.okabeIto.contains(dot["fill"] ?? ""))
    }
    for row in rows where row["data-status"] != "published" {
      #expect(row.all("circle").isEmpty && row.all("line").isEmpty, "no mark for a withheld region")
      #expect(row.all("text", class: "status").first?.text.contains(row["data-status"] == "suppressed" ? "suppressed" : "no data") == true)
    }
  }

  @Test func rankPlotSetsComputeBackToRanks() throws {
    let rows: [ChartRow<RankValue>] = [
      ChartRow("A", .published(RankValue(rank: 1, marginal: 1...3, simultaneous: 1...4))),
      ChartRow("B", .published(RankValue(rank: 2, marginal: 1...4, simultaneous: 1...4))),
      ChartRow("C", .published(RankValue(rank: 3, marginal: 2...4, simultaneous: 1...4))),
      ChartRow("D", .published(RankValue(rank: 4, marginal: 4...4, simultaneous: 3...4))),
      ChartRow("E", .suppressed),
    ]
    let svg = try SVGNode.parse(RankChart.svg(id: "rk", rows: rows, text: ChartText(title: "Ranks", axis: "Rank")))
    accessible(svg, id: "rk")
    let axis = try RecoveredAxis(svg, axis: "x")
    for row in svg.all("g", class: "row") where row["data-status"] == "published" {
      let label = row.all("text", class: "label")[0].text
      let v = try #require(rows.first { $0.label == label }?.entry.value)
      let dot = try #require(row.all("circle", class: "rank").first)
      #expect(abs(axis.value(dot.double("cx")!) - Double(v.rank)) <= axis.tolerance)
      let m = try #require(row.all("line", class: "marginal").first), s = try #require(row.all("line", class: "simultaneous").first)
      #expect(abs(axis.value(m.double("x1")!) - Double(v.marginal!.lowerBound)) <= axis.tolerance)
      #expect(abs(axis.value(m.double("x2")!) - Double(v.marginal!.upperBound)) <= axis.tolerance)
      #expect(abs(axis.value(s.double("x1")!) - Double(v.simultaneous!.lowerBound)) <= axis.tolerance)
      #expect(abs(axis.value(s.double("x2")!) - Double(v.simultaneous!.upperBound)) <= axis.tolerance)
    }
    let e = try #require(svg.all("g", class: "row").first { $0["data-status"] == "suppressed" })
    #expect(e.all("circle").isEmpty && e.all("line").isEmpty)
  }

  @Test func agreementPointsComputeBackOnBothAxes() throws {
    let rows: [ChartRow<AgreementValue>] = [
      ChartRow("Bayern", .published(AgreementValue(benchmark: 66.9, survey: 53.1))),
      ChartRow("Hessen", .published(AgreementValue(benchmark: 64.0, survey: 57.0))),
      ChartRow("Saarland", .published(AgreementValue(benchmark: 56.1, survey: 54.87))),
      ChartRow("Bremen", .suppressed),
    ]
    let text = ChartText(title: "Agreement", axis: "Survey index", legend: ["Benchmark score"], decimalComma: true)
    let svg = try SVGNode.parse(AgreementChart.svg(id: "ag", rows: rows, text: text, subtitle: "Spearmans ρ = 0,65"))
    accessible(svg, id: "ag")
    let x = try RecoveredAxis(svg, axis: "x", decimalComma: true), y = try RecoveredAxis(svg, axis: "y", decimalComma: true)
    let groups = svg.all("g", class: "point-group")
    #expect(groups.count == 3)
    for g in groups {
      let v = try #require(rows.first { $0.label == g["data-label"] }?.entry.value)
      let p = try #require(g.all("circle", class: "point").first)
      #expect(abs(x.value(p.double("cx")!) - v.benchmark) <= x.tolerance)
      #expect(abs(y.value(p.double("cy")!) - v.survey) <= y.tolerance)
      #expect(g.all("text", class: "point-label").first?.text == g["data-label"])
    }
    #expect(svg.all("text", class: "status").first?.text.contains("Bremen") == true)
    #expect(svg.allText.contains("Spearmans ρ = 0,65"))
  }

  @Test func changeChartMarksAndSignificance() throws {
    let rows: [ChartRow<ChangeValue>] = [
      ChartRow("A", .published(ChangeValue(before: 40.5, after: 49.0, change: 8.5, lower: 4.0, upper: 13.1, significant: true))),
      ChartRow("B", .published(ChangeValue(before: 45.5, after: 45.0, change: -0.5, lower: -4.6, upper: 3.5, significant: false))),
      ChartRow("C", .suppressed),
    ]
    let svg = try SVGNode.parse(ChangeChart.svg(id: "ch", rows: rows, text: ChartText(title: "Change", axis: "Index", legend: ["2021", "2023", "Change"])))
    accessible(svg, id: "ch")
    let levels = try RecoveredAxis(svg, axis: "x"), changes = try RecoveredAxis(svg, axis: "x2")
    for row in svg.all("g", class: "row") where row["data-status"] == "published" {
      let v = try #require(rows.first { $0.label == row.all("text", class: "label")[0].text }?.entry.value)
      #expect(abs(levels.value(row.all("circle", class: "before")[0].double("cx")!) - v.before) <= levels.tolerance)
      #expect(abs(levels.value(row.all("circle", class: "after")[0].double("cx")!) - v.after) <= levels.tolerance)
      let ci = row.all("line", class: "change-interval")[0]
      #expect(abs(changes.value(ci.double("x1")!) - v.lower) <= changes.tolerance)
      #expect(abs(changes.value(ci.double("x2")!) - v.upper) <= changes.tolerance)
      if v.significant {
        let diamond = try #require(row.all("path", class: "change").first)
        #expect(abs(changes.value(diamond.double("data-cx")!) - v.change) <= changes.tolerance)
        #expect(diamond["fill"] == Palette.vermillion)
      } else {
        let dot = try #require(row.all("circle", class: "change").first)
        #expect(abs(changes.value(dot.double("cx")!) - v.change) <= changes.tolerance)
        #expect(dot["fill"] == "#ffffff", "not significant: open, grey")
      }
    }
    let zero = try #require(svg.all("line", class: "zero").first)
    #expect(abs(changes.value(zero.double("x1")!)) <= changes.tolerance)
  }

  @Test func tileMapColoursValuesAndHatching() throws {
    let tiles = [
      Tile(label: "Schleswig-Holstein", place: TilePlacement(row: 0, column: 1, short: "SH"), entry: .published(56.72)),
      Tile(label: "Hamburg", place: TilePlacement(row: 1, column: 1, short: "HH"), entry: .noData),
      Tile(label: "Bremen", place: TilePlacement(row: 1, column: 0, short: "HB"), entry: .suppressed),
      Tile(label: "Niedersachsen", place: TilePlacement(row: 2, column: 1, short: "NI"), entry: .published(54.37)),
      Tile(label: "Sachsen-Anhalt", place: TilePlacement(row: 2, column: 2, short: "ST"), entry: .published(48.52)),
    ]
    let svg = try SVGNode.parse(TileMap.svg(id: "map", tiles: tiles, text: ChartText(title: "Map", axis: "Index", decimalComma: true)))
    accessible(svg, id: "map")
    let legend = svg.all("rect", class: "legend-box")
    #expect(legend.count == 5)
    for rect in svg.all("rect", class: "tile") {
      let t = try #require(tiles.first { $0.place.row == Int(rect["data-row"]!) && $0.place.column == Int(rect["data-col"]!) })
      #expect(rect.tooltip?.hasPrefix(t.label) == true)
      switch t.entry {
      case .published(let v):
        #expect(rect["data-status"] == "published")
        let k = try #require(rect["data-class"])
        let box = try #require(legend.first { $0["data-class"] == k })
        // The tile's class holds its value, and the fill is the class's viridis colour.
        #expect(v >= box.double("data-lower")! && v <= box.double("data-upper")!)
        #expect(rect["fill"] == box["fill"] && Palette.sequential.contains(rect["fill"]!))
        let value = rect.parent!.all("text", class: "tile-value").first?.text
        #expect(value == ReportRendererNumber.de(v, 1))
      case .suppressed:
        #expect(rect["data-status"] == "suppressed" && rect["fill"] == "url(#map-hatch)" && rect["data-class"] == nil)
        #expect(rect.parent!.all("text", class: "tile-value").isEmpty)
      case .noData:
        #expect(rect["data-status"] == "nodata" && rect["fill"] == "#ffffff")
      }
    }
    #expect(svg.all("pattern").first?["id"] == "map-hatch")
  }

  @Test func niceTicks() {
    let t = NiceTicks(lower: 29.7, upper: 67.3, count: 6)
    #expect(t.step == 10 && t.values == [20, 30, 40, 50, 60, 70] && t.decimals == 0)
    let u = NiceTicks(lower: 0.134, upper: 0.888, count: 5)
    #expect(u.step == 0.2 && u.lower == 0 && u.upper == 1 && u.decimals == 1)
    let s = NiceTicks(lower: 5, upper: 5)
    #expect(s.lower < 5 && s.upper > 5)
    let scale = LinearScale(domain: (20, 70), range: (100, 600))
    #expect(scale(45) == 350 && scale.invert(350) == 45)
  }

  @Test func escapingKeepsTheDocumentWellFormed() throws {
    let rows = [ChartRow("A & B <\"Ost\">", ChartEntry<IntervalValue>.published(IntervalValue(estimate: 1, lower: 0, upper: 2)))]
    let svg = try SVGNode.parse(CaterpillarChart.svg(id: "e", rows: rows, text: ChartText(title: "T & <t>")))
    #expect(svg.all("text", class: "label").first?.text == "A & B <\"Ost\">")
  }

  /// 400 regions (all German Kreise): the chart is drawn (dense rows) and stays well-formed.
  @Test func fourHundredRegions() throws {
    var rows: [ChartRow<IntervalValue>] = []
    for i in 0..<400 {
      let base = Double(i % 50)
      let entry: ChartEntry<IntervalValue> = i % 37 == 0 ? .suppressed : .published(IntervalValue(estimate: base + 30, lower: base + 25, upper: base + 36))
      rows.append(ChartRow("Kreis \(i)", entry))
    }
    let svg = try SVGNode.parse(CaterpillarChart.svg(id: "big", rows: rows, text: ChartText(title: "400")))
    #expect(svg.all("g", class: "row").count == 400)
  }
}

/// The tables' rounding with a decimal comma (as `ReportRenderer.number`).
enum ReportRendererNumber {
  static func de(_ x: Double, _ digits: Int) -> String { ChartText(title: "", decimalComma: true).number(x, digits) }
}

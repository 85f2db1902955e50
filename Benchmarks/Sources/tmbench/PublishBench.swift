// tmbench publish — the report and its charts (Benchmarks/run_publish.sh).
//
//   tmbench publish STUDY MARGINS BENCHMARK [--repeat N]
//
// 1. The demo report through the library, split into its two halves: computing the tables (the
//    same calls as check/reliability/index/rank/compare: two indices, 1,000 replicates, Monte
//    Carlo and Sobol, csranks, benchmark and wave change) and rendering them (translation,
//    charts, HTML). Land and Kreis level, English and German.
// 2. Charts for 400 regions (all German Kreise): caterpillar, rank plot, tile map (20 × 20),
//    agreement plot and wave change from synthetic rows (values do not matter for speed).
import Foundation
import TrustMetrics

func publishMain(_ args: [String]) {
  guard args.count >= 3 else { fail("usage: tmbench publish STUDY MARGINS BENCHMARK [--repeat N]") }
  let repeatCount = Int(option(args, "--repeat") ?? "3") ?? 3
  let data: StudyData
  do { data = try StudyReader.load(studyPath: args[0]) } catch { fail("\(error)") }
  let margins: MarginTable
  do { margins = try MarginTable.load(path: args[1]) } catch { fail("\(error)") }
  for (level, language) in [(RegionLevel.land, ReportLanguage.en), (.kreis, .de)] {
    var computeTimes: [Double] = [], renderTimes: [Double] = []
    var bytes = 0
    for _ in 0..<repeatCount {
      var region = RegionIndexOptions(level: level, wave: 2023, replicates: 1000)
      region.rakeMargins = [margins]
      var o = StudyReportOptions(region: region)
      o.previousWave = 2021
      o.panelVariable = "muni_id"
      o.language = language
      if level == .land { o.benchmarks = [("readiness", args[2])] }
      let t0 = wallSeconds()
      let input: PublicationInput
      do { input = try StudyReport.input(data, options: o) } catch { fail("\(error)") }
      let t1 = wallSeconds()
      let out: HTMLReport.Output
      do { out = try HTMLReport.render(input) } catch { fail("\(error)") }
      let t2 = wallSeconds()
      bytes = out.html.utf8.count
      computeTimes.append(t1 - t0)
      renderTimes.append(t2 - t1)
    }
    print("RESULT peer=trustmetrics part=report_compute_\(level.rawValue) wall=\(f(median(computeTimes))) min=\(f(computeTimes.min()!))")
    print("RESULT peer=trustmetrics part=report_render_\(level.rawValue) wall=\(f(median(renderTimes))) min=\(f(renderTimes.min()!)) bytes=\(bytes)")
  }

  // 400 regions.
  let n = 400
  var times: [Double] = []
  var total = 0
  for _ in 0..<repeatCount {
    let t0 = wallSeconds()
    var svgs: [String] = []
    var intervals: [ChartRow<IntervalValue>] = []
    var ranks: [ChartRow<RankValue>] = []
    var tiles: [Tile] = []
    var points: [ChartRow<AgreementValue>] = []
    var changes: [ChartRow<ChangeValue>] = []
    for i in 0..<n {
      let label = "Landkreis \(i)"
      let hidden = i % 41 == 0
      let x: Double = 30 + Double((i * 37) % 400) / 10
      let interval = IntervalValue(estimate: x, lower: x - 6, upper: x + 6)
      intervals.append(ChartRow(label, hidden ? .suppressed : .published(interval)))
      let rank = RankValue(rank: i + 1, marginal: max(1, i - 40)...min(n, i + 40), simultaneous: max(1, i - 90)...min(n, i + 90))
      ranks.append(ChartRow(label, hidden ? .suppressed : .published(rank)))
      let place = TilePlacement(row: i / 20, column: i % 20, short: "K\(i)")
      tiles.append(Tile(label: label, place: place, entry: hidden ? .suppressed : .published(30 + Double(i % 40))))
      points.append(ChartRow(label, .published(AgreementValue(benchmark: Double((i * 13) % 100), survey: 30 + Double(i % 40)))))
      let d: Double = Double(i % 9) - 4
      let change = ChangeValue(before: 40, after: 40 + d, change: d, lower: d - 4, upper: d + 4, significant: i % 3 == 0)
      changes.append(ChartRow(label, .published(change)))
    }
    let text = ChartText(title: "400 Kreise", description: "benchmark", axis: "Index", legend: ["estimate", "95 % interval"])
    svgs.append(CaterpillarChart.svg(id: "c", rows: intervals, text: text))
    svgs.append(RankChart.svg(id: "r", rows: ranks, text: text))
    svgs.append(TileMap.svg(id: "m", tiles: tiles, text: text, tileSize: 40))
    svgs.append(AgreementChart.svg(id: "a", rows: points, text: text, subtitle: "rho"))
    svgs.append(ChangeChart.svg(id: "d", rows: changes, text: text))
    times.append(wallSeconds() - t0)
    total = svgs.map(\.utf8.count).reduce(0, +)
  }
  print("RESULT peer=trustmetrics part=charts_400 wall=\(f(median(times))) min=\(f(times.min()!)) bytes=\(total)")
}

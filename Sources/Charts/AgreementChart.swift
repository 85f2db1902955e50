/// A region's survey index and benchmark score.
public struct AgreementValue: Sendable, Equatable {
  /// The benchmark's score (x).
  public var benchmark: Double
  /// The survey index (y).
  public var survey: Double
  public init(benchmark: Double, survey: Double) {
    self.benchmark = benchmark
    self.survey = survey
  }
}

/// An agreement plot: the survey index (y) against a published benchmark score (x), one labelled
/// dot per matched region, with the two rank correlations in the subtitle. Regions of the survey
/// that are not published are named under the plot.
///
/// Marks: `<circle class="point">` (cx = benchmark score, cy = survey index) inside
/// `<g class="point-group" data-label="…">` with a `<text class="point-label">`; ticks on both
/// axes (`data-axis="x"`, `"y"`). `text.axis` is the y title, `text.legend[0]` the x title.
/// Labels are placed right, left, above or below the dot, whichever first avoids the labels
/// already placed.
public enum AgreementChart {
  public static func svg(id: String, rows: [ChartRow<AgreementValue>], text: ChartText, subtitle: String,
                         surveyDigits: Int = 1, benchmarkDigits: Int = 1, width: Double = 760, height: Double = 520) -> String {
    let points = rows.compactMap { r in r.entry.value.map { (r.label, $0) } }
    let hidden = rows.filter { $0.entry.value == nil }
    var body = SVGWriter(id: id, width: width, height: height)
    let top = Header.draw(&body, title: text.title, subtitle: subtitle, width: width) + 10
    let footer: Double = hidden.isEmpty ? 0 : 20
    let left = 78.0, right = width - 30, bottom = height - 50 - footer
    let xt = NiceTicks(lower: points.map(\.1.benchmark).min() ?? 0, upper: points.map(\.1.benchmark).max() ?? 1, count: 6)
    let yt = NiceTicks(lower: points.map(\.1.survey).min() ?? 0, upper: points.map(\.1.survey).max() ?? 1, count: 6)
    let xs = LinearScale(domain: (xt.lower, xt.upper), range: (left, right))
    let ys = LinearScale(domain: (yt.lower, yt.upper), range: (bottom, top))
    Axis.horizontal(&body, scale: xs, ticks: xt.values, labels: Axis.labels(xt, text), y: bottom, top: top, title: text.legend.first ?? "")
    Axis.vertical(&body, scale: ys, ticks: yt.values, labels: Axis.labels(yt, text), x: left, right: right, title: text.axis)

    var boxes: [(x0: Double, y0: Double, x1: Double, y1: Double)] = points.map { (xs($0.1.benchmark) - 4, ys($0.1.survey) - 4, xs($0.1.benchmark) + 4, ys($0.1.survey) + 4) }
    var sentences: [String] = []
    for (label, v) in points.sorted(by: { $0.1.survey > $1.1.survey }) {
      let x = xs(v.benchmark), y = ys(v.survey)
      let tip = "\(label): \(text.axis) \(text.number(v.survey, surveyDigits)), \(text.legend.first ?? "") \(text.number(v.benchmark, benchmarkDigits))"
      sentences.append(tip)
      body.open("g", ["class": "point-group", "data-label": label])
      body.circle(x, y, 5, ["class": "point", "fill": Palette.blue, "fill-opacity": "0.85", "stroke": "#ffffff", "stroke-width": "1"], tooltip: tip)
      let w = Axis.textWidth(label, size: 11), h = 12.0
      let candidates: [(Double, Double, String)] = [(x + 8, y + 4, "start"), (x - 8, y + 4, "end"), (x, y - 9, "middle"), (x, y + 17, "middle")]
      var chosen = candidates[0]
      for c in candidates {
        let x0 = c.2 == "start" ? c.0 : (c.2 == "end" ? c.0 - w : c.0 - w / 2)
        let box = (x0: x0, y0: c.1 - h + 2, x1: x0 + w, y1: c.1 + 2)
        let inside = box.x0 >= left && box.x1 <= right && box.y0 >= top - 4 && box.y1 <= bottom
        if inside && !boxes.contains(where: { !($0.x1 < box.x0 || $0.x0 > box.x1 || $0.y1 < box.y0 || $0.y0 > box.y1) }) {
          chosen = c
          boxes.append(box)
          break
        }
      }
      body.text(label, x: chosen.0, y: chosen.1, ["class": "point-label", "text-anchor": chosen.2, "font-size": "11", "fill": "#222"])
      body.close("g")
    }
    if !hidden.isEmpty {
      let note = hidden.map { "\($0.label) (\($0.entry == .suppressed ? text.suppressed : text.noData))" }.joined(separator: ", ")
      sentences.append(note)
      body.text(note, x: 12, y: height - 10, ["class": "status", "font-size": "11", "fill": "#555", "font-style": "italic"])
    }
    return body.document(title: text.title, description: ([text.description, subtitle] + sentences).filter { !$0.isEmpty }.joined(separator: ". "))
  }
}

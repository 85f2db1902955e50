/// A caterpillar plot: one row per region, sorted by the estimate (highest first), a dot at the
/// estimate and a line over its 95 % interval, on a common axis. Suppressed regions and regions
/// without data are listed below the published ones, named, with a text instead of a mark.
///
/// Marks: `<g class="row" data-status="published">` holds `<line class="interval">` (x1 = lower,
/// x2 = upper) and `<circle class="estimate">` (cx = estimate); the x axis ticks give the scale.
/// `text.legend` = [estimate label, interval label].
public enum CaterpillarChart {
  public static func svg(id: String, rows: [ChartRow<IntervalValue>], text: ChartText, digits: Int = 1, width: Double = 760) -> String {
    let published = rows.enumerated().compactMap { i, r in r.entry.value.map { (i, r.label, $0) } }
      .sorted { ($0.2.estimate, $1.1) > ($1.2.estimate, $0.1) }
    let suppressed = rows.filter { $0.entry == .suppressed }.map(\.label)
    let empty = rows.filter { $0.entry == .noData }.map(\.label)
    let dense = rows.count > 60
    let rowHeight: Double = dense ? 13 : 21
    let fontSize = dense ? "10" : "12"
    let labelWidth = Swift.min(300, Swift.max(90, (rows.map { Axis.textWidth($0.label, size: dense ? 10 : 12) }.max() ?? 0) + 16))
    let left = labelWidth + 10, right = width - 24
    let estimateLabel = text.legend.first ?? "estimate"
    let intervalLabel = text.legend.count > 1 ? text.legend[1] : "95 % interval"

    var svg = SVGWriter(id: id, width: width, height: 0)
    var body = SVGWriter(id: id, width: width, height: 0)
    let top = Header.draw(&body, title: text.title, legend: [(.dot(Palette.blue), estimateLabel), (.line(Palette.blue, width: 2.5), intervalLabel)], width: width) + 6
    let lo = published.map { $0.2.lower }.min() ?? 0, hi = published.map { $0.2.upper }.max() ?? 1
    let ticks = NiceTicks(lower: lo, upper: hi, count: 6)
    let scale = LinearScale(domain: (ticks.lower, ticks.upper), range: (left, right))
    let count = published.count + suppressed.count + empty.count
    let axisY = top + Double(count) * rowHeight + 6
    Axis.horizontal(&body, scale: scale, ticks: ticks.values, labels: Axis.labels(ticks, text), y: axisY, top: top, title: text.axis)

    var sentences: [String] = []
    var k = 0
    for (_, label, v) in published {
      let y = top + (Double(k) + 0.5) * rowHeight
      let tip = "\(label): \(text.number(v.estimate, digits)); \(intervalLabel) \(text.number(v.lower, digits))–\(text.number(v.upper, digits))"
      sentences.append(tip)
      body.open("g", ["class": "row", "data-status": "published"])
      if k % 2 == 0 { body.rect(0, y - rowHeight / 2, width, rowHeight, ["fill": "#f4f6f8", "class": "band"]) }
      body.text(label, x: labelWidth, y: y + 4, ["text-anchor": "end", "font-size": fontSize, "fill": "#222", "class": "label"])
      body.line(scale(v.lower), y, scale(v.upper), y, ["class": "interval", "stroke": Palette.blue, "stroke-width": dense ? "1.5" : "2.5", "stroke-linecap": "round"])
      body.circle(scale(v.estimate), y, dense ? 2.5 : 4, ["class": "estimate", "fill": Palette.blue, "stroke": "#ffffff", "stroke-width": "1"], tooltip: tip)
      body.close("g")
      k += 1
    }
    for (status, labels, note) in [("suppressed", suppressed, "▪ " + text.suppressed), ("nodata", empty, "– " + text.noData)] {
      for label in labels {
        let y = top + (Double(k) + 0.5) * rowHeight
        sentences.append("\(label): \(status == "suppressed" ? text.suppressed : text.noData)")
        body.open("g", ["class": "row", "data-status": status])
        if k % 2 == 0 { body.rect(0, y - rowHeight / 2, width, rowHeight, ["fill": "#f4f6f8", "class": "band"]) }
        body.text(label, x: labelWidth, y: y + 4, ["text-anchor": "end", "font-size": fontSize, "fill": "#555", "class": "label"])
        body.text(note, x: left + 4, y: y + 4, ["font-size": fontSize, "fill": "#666", "font-style": "italic", "class": "status"])
        body.close("g")
        k += 1
      }
    }
    svg = SVGWriter(id: id, width: width, height: axisY + (text.axis.isEmpty ? 26 : 42))
    svg.raw(body.body)
    return svg.document(title: text.title, description: ([text.description] + sentences).filter { !$0.isEmpty }.joined(separator: ". "))
  }
}

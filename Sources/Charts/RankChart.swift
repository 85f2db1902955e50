/// A region's rank with its 95 % confidence sets.
public struct RankValue: Sendable, Equatable {
  public var rank: Int
  public var marginal: ClosedRange<Int>?
  public var simultaneous: ClosedRange<Int>?
  public init(rank: Int, marginal: ClosedRange<Int>?, simultaneous: ClosedRange<Int>?) {
    self.rank = rank
    self.marginal = marginal
    self.simultaneous = simultaneous
  }
}

/// A rank plot: one row per ranked region (best first), a dot at its rank, a dark bar over the
/// marginal 95 % confidence set and a wide light band over the simultaneous set, on a rank axis
/// 1…p. Regions that are not ranked (suppressed, no data) are named below.
///
/// Marks: `<line class="simultaneous">` and `<line class="marginal">` (x1 = lower rank,
/// x2 = upper rank; round caps make a one-rank set visible), `<circle class="rank">` (cx = rank).
/// `text.legend` = [rank label, marginal label, simultaneous label].
public enum RankChart {
  public static func svg(id: String, rows: [ChartRow<RankValue>], text: ChartText, width: Double = 760) -> String {
    let ranked = rows.compactMap { r in r.entry.value.map { (r.label, $0) } }.sorted { ($0.1.rank, $0.0) < ($1.1.rank, $1.0) }
    let others = rows.filter { $0.entry.value == nil }
    let p = Swift.max(ranked.map { Swift.max($0.1.rank, $0.1.marginal?.upperBound ?? 0, $0.1.simultaneous?.upperBound ?? 0) }.max() ?? 1, 1)
    let dense = rows.count > 60
    let rowHeight: Double = dense ? 13 : 21
    let fontSize = dense ? "10" : "12"
    let labelWidth = Swift.min(300, Swift.max(90, (rows.map { Axis.textWidth($0.label, size: dense ? 10 : 12) }.max() ?? 0) + 16))
    let left = labelWidth + 18, right = width - 30
    let legend = text.legend + ["rank", "95 % marginal set", "95 % simultaneous set"].dropFirst(text.legend.count)

    var body = SVGWriter(id: id, width: width, height: 0)
    let top = Header.draw(&body, title: text.title, legend: [(.dot(Palette.ink), legend[0]), (.line(Palette.blue, width: 4), legend[1]), (.band(Palette.sky), legend[2])], width: width) + 6
    let scale = LinearScale(domain: (1, Double(p)), range: (left, right))
    let tickValues: [Double]
    if p <= 25 {
      tickValues = (1...p).map(Double.init)
    } else {
      let t = NiceTicks(lower: 0, upper: Double(p), count: 8)
      tickValues = [1] + t.values.filter { $0 > 1 && $0 <= Double(p) }
    }
    let axisY = top + Double(ranked.count + others.count) * rowHeight + 6
    Axis.horizontal(&body, scale: scale, ticks: tickValues, labels: tickValues.map { String(Int($0)) }, y: axisY, top: top, title: text.axis)

    var sentences: [String] = []
    for (k, (label, v)) in ranked.enumerated() {
      let y = top + (Double(k) + 0.5) * rowHeight
      var tip = "\(label): \(legend[0]) \(v.rank)"
      if let m = v.marginal { tip += "; \(legend[1]) \(m.lowerBound)–\(m.upperBound)" }
      if let s = v.simultaneous { tip += "; \(legend[2]) \(s.lowerBound)–\(s.upperBound)" }
      sentences.append(tip)
      body.open("g", ["class": "row", "data-status": "published"])
      if k % 2 == 0 { body.rect(0, y - rowHeight / 2, width, rowHeight, ["fill": "#f4f6f8", "class": "band"]) }
      body.text(label, x: labelWidth, y: y + 4, ["text-anchor": "end", "font-size": fontSize, "fill": "#222", "class": "label"])
      if let s = v.simultaneous {
        body.line(scale(Double(s.lowerBound)), y, scale(Double(s.upperBound)), y,
                  ["class": "simultaneous", "stroke": Palette.sky, "stroke-opacity": "0.55", "stroke-width": dense ? "8" : "12", "stroke-linecap": "round"])
      }
      if let m = v.marginal {
        body.line(scale(Double(m.lowerBound)), y, scale(Double(m.upperBound)), y,
                  ["class": "marginal", "stroke": Palette.blue, "stroke-width": dense ? "3" : "4", "stroke-linecap": "round"])
      }
      body.circle(scale(Double(v.rank)), y, dense ? 2.5 : 4, ["class": "rank", "fill": Palette.ink, "stroke": "#ffffff", "stroke-width": "1"], tooltip: tip)
      body.close("g")
    }
    for (j, r) in others.enumerated() {
      let k = ranked.count + j
      let y = top + (Double(k) + 0.5) * rowHeight
      let status = r.entry == .suppressed ? "suppressed" : "nodata"
      let note = r.entry == .suppressed ? "▪ " + text.suppressed : "– " + text.noData
      sentences.append("\(r.label): \(r.entry == .suppressed ? text.suppressed : text.noData)")
      body.open("g", ["class": "row", "data-status": status])
      if k % 2 == 0 { body.rect(0, y - rowHeight / 2, width, rowHeight, ["fill": "#f4f6f8", "class": "band"]) }
      body.text(r.label, x: labelWidth, y: y + 4, ["text-anchor": "end", "font-size": fontSize, "fill": "#555", "class": "label"])
      body.text(note, x: left, y: y + 4, ["font-size": fontSize, "fill": "#666", "font-style": "italic", "class": "status"])
      body.close("g")
    }
    var svg = SVGWriter(id: id, width: width, height: axisY + (text.axis.isEmpty ? 26 : 42))
    svg.raw(body.body)
    return svg.document(title: text.title, description: ([text.description] + sentences).filter { !$0.isEmpty }.joined(separator: ". "))
  }
}

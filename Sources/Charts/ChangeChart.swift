/// A region's index in two waves and the change with its 95 % interval.
public struct ChangeValue: Sendable, Equatable {
  public var before: Double
  public var after: Double
  public var change: Double
  public var lower: Double
  public var upper: Double
  public var significant: Bool
  public init(before: Double, after: Double, change: Double, lower: Double, upper: Double, significant: Bool) {
    self.before = before
    self.after = after
    self.change = change
    self.lower = lower
    self.upper = upper
    self.significant = significant
  }
}

/// The change between two waves: on the left a dumbbell per region (open dot = earlier wave,
/// filled dot = later wave, on the index axis), on the right the change with its 95 % interval
/// around a zero line; significant changes are drawn as filled vermillion diamonds, others as
/// open grey circles (shape and colour differ). Rows are sorted by the change.
///
/// Marks: `<circle class="before">`, `<circle class="after">` (cx on axis `x`);
/// `<line class="change-interval">` (x1 = lower, x2 = upper) and `<path class="change"
/// data-cx="…">` or `<circle class="change">` (centre on axis `x2`).
/// `text.legend` = [earlier wave, later wave, change axis title, significant, not significant].
public enum ChangeChart {
  public static func svg(id: String, rows: [ChartRow<ChangeValue>], text: ChartText, digits: Int = 1, width: Double = 860) -> String {
    let shown = rows.compactMap { r in r.entry.value.map { (r.label, $0) } }.sorted { ($0.1.change, $1.0) > ($1.1.change, $0.0) }
    let others = rows.filter { $0.entry.value == nil }
    let legend = text.legend + ["earlier", "later", "change", "significant", "not significant"].dropFirst(text.legend.count)
    let dense = rows.count > 60
    let rowHeight: Double = dense ? 13 : 21
    let fontSize = dense ? "10" : "12"
    let labelWidth = Swift.min(280, Swift.max(90, (rows.map { Axis.textWidth($0.label, size: dense ? 10 : 12) }.max() ?? 0) + 16))
    let left = labelWidth + 12, right = width - 24
    let mid = left + (right - left) * 0.55
    var body = SVGWriter(id: id, width: width, height: 0)
    let top = Header.draw(&body, title: text.title, legend: [(.openCircle(Palette.blue), legend[0]), (.dot(Palette.blue), legend[1]),
                                                             (.diamond(Palette.vermillion), legend[3]), (.openCircle(Palette.grey), legend[4])], width: width) + 6
    let levels: [Double] = shown.flatMap { [$0.1.before, $0.1.after] }
    let lt = NiceTicks(lower: levels.min() ?? 0, upper: levels.max() ?? 1, count: 5)
    let ls = LinearScale(domain: (lt.lower, lt.upper), range: (left, mid - 26))
    let changes: [Double] = shown.flatMap { [$0.1.lower, $0.1.upper] } + [0]
    let ct = NiceTicks(lower: changes.min() ?? -1, upper: changes.max() ?? 1, count: 4)
    let cs = LinearScale(domain: (ct.lower, ct.upper), range: (mid + 26, right))
    let axisY = top + Double(shown.count + others.count) * rowHeight + 6
    Axis.horizontal(&body, scale: ls, ticks: lt.values, labels: Axis.labels(lt, text), y: axisY, top: top, title: text.axis, name: "x")
    Axis.horizontal(&body, scale: cs, ticks: ct.values, labels: Axis.labels(ct, text), y: axisY, top: top, title: legend[2], name: "x2")
    body.line(cs(0), top, cs(0), axisY, ["class": "zero", "stroke": "#555", "stroke-width": "1", "stroke-dasharray": "3 3"])

    var sentences: [String] = []
    for (k, (label, v)) in shown.enumerated() {
      let y = top + (Double(k) + 0.5) * rowHeight
      let sig = v.significant ? legend[3] : legend[4]
      let tip = "\(label): \(legend[0]) \(text.number(v.before, digits)), \(legend[1]) \(text.number(v.after, digits)); \(legend[2]) \(text.number(v.change, digits)) (\(text.number(v.lower, digits))–\(text.number(v.upper, digits))), \(sig)"
      sentences.append(tip)
      body.open("g", ["class": "row", "data-status": "published"])
      if k % 2 == 0 { body.rect(0, y - rowHeight / 2, width, rowHeight, ["fill": "#f4f6f8", "class": "band"]) }
      body.text(label, x: labelWidth, y: y + 4, ["text-anchor": "end", "font-size": fontSize, "fill": "#222", "class": "label"])
      body.line(ls(v.before), y, ls(v.after), y, ["class": "dumbbell", "stroke": "#9a9a9a", "stroke-width": "2"])
      body.circle(ls(v.before), y, dense ? 2.5 : 4, ["class": "before", "fill": "#ffffff", "stroke": Palette.blue, "stroke-width": "1.5"])
      body.circle(ls(v.after), y, dense ? 2.5 : 4, ["class": "after", "fill": Palette.blue, "stroke": Palette.blue, "stroke-width": "1"], tooltip: tip)
      body.line(cs(v.lower), y, cs(v.upper), y, ["class": "change-interval", "stroke": v.significant ? Palette.vermillion : Palette.grey,
                                                  "stroke-width": "2", "stroke-linecap": "round"])
      let cx = cs(v.change)
      if v.significant {
        let r = dense ? 3.5 : 5.5
        let c = SVGWriter.coordinate
        body.raw("<path class=\"change\" data-cx=\"\(c(cx))\" d=\"M\(c(cx)) \(c(y - r))L\(c(cx + r)) \(c(y))L\(c(cx)) \(c(y + r))L\(c(cx - r)) \(c(y))Z\" fill=\"\(Palette.vermillion)\"><title>\(SVGWriter.escape(tip))</title></path>")
      } else {
        body.circle(cx, y, dense ? 2.5 : 4, ["class": "change", "fill": "#ffffff", "stroke": Palette.grey, "stroke-width": "1.5"], tooltip: tip)
      }
      body.close("g")
    }
    for (j, r) in others.enumerated() {
      let k = shown.count + j
      let y = top + (Double(k) + 0.5) * rowHeight
      let status = r.entry == .suppressed ? "suppressed" : "nodata"
      let note = r.entry == .suppressed ? "▪ " + text.suppressed : "– " + text.noData
      sentences.append("\(r.label): \(r.entry == .suppressed ? text.suppressed : text.noData)")
      body.open("g", ["class": "row", "data-status": status])
      if k % 2 == 0 { body.rect(0, y - rowHeight / 2, width, rowHeight, ["fill": "#f4f6f8", "class": "band"]) }
      body.text(r.label, x: labelWidth, y: y + 4, ["text-anchor": "end", "font-size": fontSize, "fill": "#555", "class": "label"])
      body.text(note, x: left + 4, y: y + 4, ["font-size": fontSize, "fill": "#666", "font-style": "italic", "class": "status"])
      body.close("g")
    }
    var svg = SVGWriter(id: id, width: width, height: axisY + 42)
    svg.raw(body.body)
    return svg.document(title: text.title, description: ([text.description] + sentences).filter { !$0.isEmpty }.joined(separator: ". "))
  }
}

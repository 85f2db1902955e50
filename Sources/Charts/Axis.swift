/// Draws axes with ticks. Every tick is a `<g class="tick" data-axis="x|y">` holding its grid
/// line and its label, so a reader (and the tests) can recover the scale from the SVG alone.
enum Axis {
  /// A horizontal axis at `y` (ticks and labels below), grid lines up to `top`.
  static func horizontal(_ svg: inout SVGWriter, scale: LinearScale, ticks: [Double], labels: [String], y: Double, top: Double, title: String, name: String = "x") {
    svg.open("g", ["class": "axis \(name)"])
    for (v, label) in zip(ticks, labels) {
      let x = scale(v)
      svg.open("g", ["class": "tick", "data-axis": name])
      svg.line(x, top, x, y, ["stroke": "#e3e3e3", "stroke-width": "1"])
      svg.line(x, y, x, y + 4, ["stroke": "#555", "stroke-width": "1"])
      svg.text(label, x: x, y: y + 16, ["text-anchor": "middle", "fill": "#333", "font-size": "11"])
      svg.close("g")
    }
    svg.line(scale.range.start, y, scale.range.end, y, ["stroke": "#555", "stroke-width": "1"])
    if !title.isEmpty {
      svg.text(title, x: (scale.range.start + scale.range.end) / 2, y: y + 32, ["text-anchor": "middle", "fill": "#333"])
    }
    svg.close("g")
  }

  /// A vertical axis at `x` (labels to the left), grid lines to `right`.
  static func vertical(_ svg: inout SVGWriter, scale: LinearScale, ticks: [Double], labels: [String], x: Double, right: Double, title: String, name: String = "y") {
    svg.open("g", ["class": "axis \(name)"])
    for (v, label) in zip(ticks, labels) {
      let y = scale(v)
      svg.open("g", ["class": "tick", "data-axis": name])
      svg.line(x, y, right, y, ["stroke": "#e3e3e3", "stroke-width": "1"])
      svg.line(x - 4, y, x, y, ["stroke": "#555", "stroke-width": "1"])
      svg.text(label, x: x - 7, y: y + 4, ["text-anchor": "end", "fill": "#333", "font-size": "11"])
      svg.close("g")
    }
    svg.line(x, scale.range.start, x, scale.range.end, ["stroke": "#555", "stroke-width": "1"])
    if !title.isEmpty {
      let cy = (scale.range.start + scale.range.end) / 2
      svg.text(title, x: x - 44, y: cy, ["text-anchor": "middle", "fill": "#333", "transform": "rotate(-90 \(SVGWriter.coordinate(x - 44)) \(SVGWriter.coordinate(cy)))"])
    }
    svg.close("g")
  }

  /// Approximate text width in px at 12 px (DejaVu Sans averages about 0.6 em per character).
  static func textWidth(_ s: String, size: Double = 12) -> Double { Double(s.count) * size * 0.6 }

  /// Tick labels for `ticks` in the chart's number style.
  static func labels(_ ticks: NiceTicks, _ text: ChartText) -> [String] {
    ticks.values.map { text.number($0, ticks.decimals) }
  }
}

/// A legend symbol drawn as the mark it explains.
enum LegendMark {
  case dot(String)
  case openCircle(String)
  case diamond(String)
  case line(String, width: Double)
  case band(String)
}

/// The title block at the top of every chart: the title, then a subtitle line or a legend of
/// real marks with their labels.
enum Header {
  static func draw(_ svg: inout SVGWriter, title: String, subtitle: String?, width: Double) -> Double {
    svg.text(title, x: 12, y: 22, ["font-size": "15", "font-weight": "bold", "fill": "#111", "class": "chart-title"])
    if let subtitle, !subtitle.isEmpty {
      svg.text(subtitle, x: 12, y: 40, ["font-size": "12", "fill": "#444", "class": "subtitle"])
      return 52
    }
    return 36
  }

  static func draw(_ svg: inout SVGWriter, title: String, legend: [(LegendMark, String)], width: Double) -> Double {
    svg.text(title, x: 12, y: 22, ["font-size": "15", "font-weight": "bold", "fill": "#111", "class": "chart-title"])
    var x = 14.0
    let y = 38.0
    svg.open("g", ["class": "legend"])
    for (mark, label) in legend {
      switch mark {
      case .dot(let c): svg.circle(x + 5, y, 4, ["fill": c]); x += 14
      case .openCircle(let c): svg.circle(x + 5, y, 4, ["fill": "#ffffff", "stroke": c, "stroke-width": "1.5"]); x += 14
      case .diamond(let c):
        let cc = SVGWriter.coordinate
        svg.raw("<path d=\"M\(cc(x + 5)) \(cc(y - 5))L\(cc(x + 10)) \(cc(y))L\(cc(x + 5)) \(cc(y + 5))L\(cc(x)) \(cc(y))Z\" fill=\"\(c)\"/>")
        x += 14
      case .line(let c, let w): svg.line(x, y, x + 22, y, ["stroke": c, "stroke-width": SVGWriter.coordinate(w), "stroke-linecap": "round"]); x += 28
      case .band(let c): svg.line(x + 3, y, x + 22, y, ["stroke": c, "stroke-width": "10", "stroke-linecap": "round", "stroke-opacity": "0.55"]); x += 30
      }
      svg.text(label, x: x, y: y + 4, ["font-size": "12", "fill": "#444"])
      x += Axis.textWidth(label) + 18
    }
    svg.close("g")
    return 52
  }
}

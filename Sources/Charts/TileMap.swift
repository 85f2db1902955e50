/// Where a region sits in a tile-grid map, and its short label.
public struct TilePlacement: Sendable, Equatable, Hashable {
  public var row: Int
  public var column: Int
  /// The label printed in the tile (e.g. "ST", "MD").
  public var short: String
  public init(row: Int, column: Int, short: String) {
    self.row = row
    self.column = column
    self.short = short
  }
}

/// One tile: a region, its place, its value or why it has none.
public struct Tile: Sendable, Equatable {
  public var label: String
  public var place: TilePlacement
  public var entry: ChartEntry<Double>
  public init(label: String, place: TilePlacement, entry: ChartEntry<Double>) {
    self.label = label
    self.place = place
    self.entry = entry
  }
}

/// A tile-grid map: one equal square per region at its grid position, coloured by its value in
/// five classes of equal width between nice breaks of the published values (viridis, dark =
/// low), with the short label and the value printed in the tile. Suppressed regions are
/// hatched and marked ▪, regions without data white with a dashed border. A legend gives the
/// class limits. Tile maps need no boundary data and give every region the same weight.
///
/// Marks: `<rect class="tile" data-status="published|suppressed|nodata" data-row data-col
/// data-class="k">` with a `<title>`; the legend's `<rect class="legend-box" data-class="k">`
/// and its limits `data-lower`/`data-upper` (class k holds values in [lower, upper), the last
/// class includes its upper limit).
/// `text.axis` is the legend title; `text.legend` = [suppressed label, no-data label] (optional).
public enum TileMap {
  /// The class limits (6 values for 5 classes) for the published `values`.
  public static func breaks(_ values: [Double]) -> [Double] {
    let t = NiceTicks(lower: values.min() ?? 0, upper: values.max() ?? 1, count: 5)
    let step = (t.upper - t.lower) / 5
    return (0...5).map { t.lower + Double($0) * step }
  }

  /// The class (0…4) of `x` for `breaks`.
  public static func colourClass(_ x: Double, breaks: [Double]) -> Int {
    for k in 0..<5 where x < breaks[k + 1] { return k }
    return 4
  }

  public static func svg(id: String, tiles: [Tile], text: ChartText, digits: Int = 1, tileSize: Double = 66) -> String {
    let gap = 5.0
    let rows = (tiles.map(\.place.row).max() ?? 0) + 1
    let columns = (tiles.map(\.place.column).max() ?? 0) + 1
    let values = tiles.compactMap(\.entry.value)
    let limits = breaks(values)
    let legendWidth = 210.0
    let mapWidth = Double(columns) * (tileSize + gap)
    let width = Swift.max(520, 24 + mapWidth + 30 + legendWidth)
    var body = SVGWriter(id: id, width: width, height: 0)
    let top = Header.draw(&body, title: text.title, subtitle: nil, width: width) + 8
    let suppressedLabel = text.legend.first ?? text.suppressed
    let noDataLabel = text.legend.count > 1 ? text.legend[1] : text.noData
    var sentences: [String] = []
    let c = SVGWriter.coordinate
    for t in tiles.sorted(by: { ($0.place.row, $0.place.column) < ($1.place.row, $1.place.column) }) {
      let x = 24 + Double(t.place.column) * (tileSize + gap), y = top + Double(t.place.row) * (tileSize + gap)
      switch t.entry {
      case .published(let v):
        let k = colourClass(v, breaks: limits)
        let tip = "\(t.label): \(text.number(v, digits))"
        sentences.append(tip)
        body.open("g", ["class": "tile-group"])
        body.raw("<rect class=\"tile\" data-status=\"published\" data-row=\"\(t.place.row)\" data-col=\"\(t.place.column)\" data-class=\"\(k)\" x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(tileSize))\" height=\"\(c(tileSize))\" rx=\"4\" fill=\"\(Palette.sequential[k])\"><title>\(SVGWriter.escape(tip))</title></rect>")
        body.text(t.place.short, x: x + tileSize / 2, y: y + tileSize / 2 - 4, ["text-anchor": "middle", "font-size": "13", "font-weight": "bold", "fill": Palette.sequentialText[k], "class": "tile-label"])
        body.text(text.number(v, digits), x: x + tileSize / 2, y: y + tileSize / 2 + 14, ["text-anchor": "middle", "font-size": "12", "fill": Palette.sequentialText[k], "class": "tile-value"])
        body.close("g")
      case .suppressed, .noData:
        let suppressed = t.entry == .suppressed
        let tip = "\(t.label): \(suppressed ? text.suppressed : text.noData)"
        sentences.append(tip)
        body.open("g", ["class": "tile-group"])
        let fill = suppressed ? "url(#\(id)-hatch)" : "#ffffff"
        let dash = suppressed ? "" : " stroke-dasharray=\"4 3\""
        body.raw("<rect class=\"tile\" data-status=\"\(suppressed ? "suppressed" : "nodata")\" data-row=\"\(t.place.row)\" data-col=\"\(t.place.column)\" x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(tileSize))\" height=\"\(c(tileSize))\" rx=\"4\" fill=\"\(fill)\" stroke=\"#8a8a8a\"\(dash)><title>\(SVGWriter.escape(tip))</title></rect>")
        body.text(t.place.short, x: x + tileSize / 2, y: y + tileSize / 2 - 4, ["text-anchor": "middle", "font-size": "13", "font-weight": "bold", "fill": "#333", "class": "tile-label"])
        body.text(suppressed ? "▪" : "–", x: x + tileSize / 2, y: y + tileSize / 2 + 14, ["text-anchor": "middle", "font-size": "12", "fill": "#333", "class": "tile-status"])
        body.close("g")
      }
    }
    // Legend.
    let lx = 24 + mapWidth + 24
    var ly = top
    if !text.axis.isEmpty { body.text(text.axis, x: lx, y: ly + 10, ["font-weight": "bold", "class": "legend-title"]); ly += 22 }
    for k in (0..<5).reversed() {
      let lo = limits[k], hi = limits[k + 1]
      body.raw("<rect class=\"legend-box\" data-class=\"\(k)\" data-lower=\"\(ChartText.plain(lo))\" data-upper=\"\(ChartText.plain(hi))\" x=\"\(c(lx))\" y=\"\(c(ly))\" width=\"22\" height=\"16\" fill=\"\(Palette.sequential[k])\"/>")
      body.text("\(text.number(lo, digits)) – \(text.number(hi, digits))", x: lx + 30, y: ly + 12, ["class": "legend-label", "font-size": "11"])
      ly += 20
    }
    ly += 6
    body.rect(lx, ly, 22, 16, ["fill": "url(#\(id)-hatch)", "stroke": "#8a8a8a", "class": "legend-box-suppressed"])
    body.text("▪ " + suppressedLabel, x: lx + 30, y: ly + 12, ["font-size": "11"])
    ly += 20
    body.rect(lx, ly, 22, 16, ["fill": "#ffffff", "stroke": "#8a8a8a", "stroke-dasharray": "4 3", "class": "legend-box-nodata"])
    body.text("– " + noDataLabel, x: lx + 30, y: ly + 12, ["font-size": "11"])
    ly += 20
    let height = Swift.max(top + Double(rows) * (tileSize + gap) + 16, ly + 16)
    var svg = SVGWriter(id: id, width: width, height: height)
    svg.raw(body.body)
    let hatch = "<pattern id=\"\(id)-hatch\" patternUnits=\"userSpaceOnUse\" width=\"7\" height=\"7\" patternTransform=\"rotate(45)\"><rect width=\"7\" height=\"7\" fill=\"#f2f2f2\"/><line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"7\" stroke=\"#9a9a9a\" stroke-width=\"2.5\"/></pattern>"
    return svg.document(title: text.title, description: ([text.description] + sentences).filter { !$0.isEmpty }.joined(separator: ". "), defs: hatch)
  }
}

extension ChartText {
  /// A class limit in a data attribute: the shortest form of a nice break (machine-readable).
  static func plain(_ x: Double) -> String {
    let r = (x * 1e9).rounded() / 1e9
    return r == r.rounded() && Swift.abs(r) < 1e15 ? String(Int64(r)) : "\(r)"
  }
}

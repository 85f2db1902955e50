import Foundation
#if canImport(FoundationXML)
  import FoundationXML
#endif

/// A parsed SVG element (test helper): name, attributes, children and text.
final class SVGNode {
  let name: String
  let attributes: [String: String]
  var children: [SVGNode] = []
  var text = ""
  weak var parent: SVGNode?
  init(name: String, attributes: [String: String]) {
    self.name = name
    self.attributes = attributes
  }

  subscript(_ key: String) -> String? { attributes[key] }
  func double(_ key: String) -> Double? { attributes[key].flatMap(Double.init) }

  /// All descendants (depth first) matching `predicate`.
  func all(_ predicate: (SVGNode) -> Bool) -> [SVGNode] {
    var out: [SVGNode] = []
    for c in children {
      if predicate(c) { out.append(c) }
      out += c.all(predicate)
    }
    return out
  }

  func all(_ name: String, class cls: String? = nil) -> [SVGNode] {
    all { $0.name == name && (cls == nil || ($0["class"] ?? "").split(separator: " ").contains(Substring(cls!))) }
  }

  /// The text of this element and its descendants.
  var allText: String { text + children.map(\.allText).joined() }

  /// The `<title>` child's text (tooltip), if any.
  var tooltip: String? { children.first { $0.name == "title" }?.text }

  /// Parses an SVG document (well-formedness is part of what the tests check).
  static func parse(_ svg: String) throws -> SVGNode {
    final class Delegate: NSObject, XMLParserDelegate {
      let root = SVGNode(name: "#document", attributes: [:])
      lazy var current: SVGNode = root
      func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?, attributes: [String: String] = [:]) {
        let n = SVGNode(name: name, attributes: attributes)
        n.parent = current
        current.children.append(n)
        current = n
      }
      func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
        current = current.parent ?? root
      }
      func parser(_ parser: XMLParser, foundCharacters string: String) { current.text += string }
    }
    let d = Delegate()
    let p = XMLParser(data: Data(svg.utf8))
    p.delegate = d
    guard p.parse() else { throw p.parserError ?? NSError(domain: "svg", code: 1) }
    guard let svgNode = d.root.children.first, svgNode.name == "svg" else { throw NSError(domain: "svg", code: 2) }
    return svgNode
  }
}

/// The linear map of an axis recovered from its ticks: each `<g class="tick" data-axis=…>` holds
/// a grid line (its position) and a label (its value). Fits value = a + b·position by least
/// squares over all ticks and checks that every tick lies on the line.
struct RecoveredAxis {
  var intercept: Double
  var slope: Double

  init(_ svg: SVGNode, axis: String, decimalComma: Bool = false) throws {
    let ticks = svg.all { $0.name == "g" && $0["data-axis"] == axis }
    var points: [(Double, Double)] = []
    for t in ticks {
      guard let line = t.children.first(where: { $0.name == "line" }), let label = t.children.first(where: { $0.name == "text" }) else { continue }
      let horizontal = line["x1"] == line["x2"]
      let position = horizontal ? line.double("x1")! : line.double("y1")!
      let text = decimalComma ? label.text.replacingOccurrences(of: ",", with: ".") : label.text
      guard let value = Double(text) else { throw NSError(domain: "axis", code: 1, userInfo: [NSLocalizedDescriptionKey: "tick label '\(label.text)'"]) }
      points.append((position, value))
    }
    guard points.count >= 2 else { throw NSError(domain: "axis", code: 2, userInfo: [NSLocalizedDescriptionKey: "axis \(axis) has \(points.count) ticks"]) }
    let n = Double(points.count)
    let mx = points.map(\.0).reduce(0, +) / n, my = points.map(\.1).reduce(0, +) / n
    let sxy = points.reduce(0) { $0 + ($1.0 - mx) * ($1.1 - my) }, sxx = points.reduce(0) { $0 + ($1.0 - mx) * ($1.0 - mx) }
    slope = sxy / sxx
    intercept = my - slope * mx
    // Every tick on the line (to the 0.1 px the writer rounds to).
    for (p, v) in points where abs(intercept + slope * p - v) > abs(slope) * 0.06 + 1e-9 {
      throw NSError(domain: "axis", code: 3, userInfo: [NSLocalizedDescriptionKey: "tick \(v) at \(p) is off the axis line"])
    }
  }

  func value(_ position: Double) -> Double { intercept + slope * position }
  /// The largest error rounding positions to 0.1 px can cause, in data units.
  var tolerance: Double { abs(slope) * 0.051 + 1e-9 }
}

import Reports

/// A small SVG writer: elements appended as text, every attribute value and text escaped.
///
/// Coordinates are written with one decimal (0.1 px is far below what a screen or printer
/// resolves). Every chart is a standalone `<svg>` with `role="img"`, a `<title>` and a `<desc>`
/// referenced by `aria-labelledby`, so screen readers announce it; ids are prefixed with the
/// chart's id so several charts can live in one HTML page.
public struct SVGWriter: Sendable {
  public private(set) var body = ""
  public let id: String
  public let width: Double
  public let height: Double

  public init(id: String, width: Double, height: Double) {
    self.id = id
    self.width = width
    self.height = height
  }

  /// A coordinate as written (one decimal, no trailing ".0").
  public static func coordinate(_ x: Double) -> String {
    let r = (x * 10).rounded() / 10
    if r == r.rounded() { return String(Int(r)) }
    return ReportRenderer.fixed(r, digits: 1)
  }

  static func attributes(_ a: KeyValuePairs<String, String>) -> String {
    a.map { " \($0.key)=\"\(escape($0.value))\"" }.joined()
  }

  /// Escapes text and attribute values (& < > " ').
  public static func escape(_ s: String) -> String {
    var o = ""
    o.reserveCapacity(s.utf8.count)
    for c in s.unicodeScalars {
      switch c {
      case "&": o += "&amp;"
      case "<": o += "&lt;"
      case ">": o += "&gt;"
      case "\"": o += "&quot;"
      case "'": o += "&#39;"
      default:
        if c.value < 0x20 && c != "\n" && c != "\t" { continue }
        o.unicodeScalars.append(c)
      }
    }
    return o
  }

  public mutating func raw(_ s: String) { body += s }

  public mutating func open(_ tag: String, _ a: KeyValuePairs<String, String> = [:]) {
    body += "<\(tag)\(SVGWriter.attributes(a))>"
  }

  public mutating func close(_ tag: String) { body += "</\(tag)>" }

  /// A `<title>` child: the tooltip and accessible name of the enclosing element.
  public mutating func tooltip(_ s: String) { body += "<title>\(SVGWriter.escape(s))</title>" }

  public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, _ a: KeyValuePairs<String, String> = [:]) {
    body += "<line x1=\"\(SVGWriter.coordinate(x1))\" y1=\"\(SVGWriter.coordinate(y1))\" x2=\"\(SVGWriter.coordinate(x2))\" y2=\"\(SVGWriter.coordinate(y2))\"\(SVGWriter.attributes(a))/>"
  }

  public mutating func rect(_ x: Double, _ y: Double, _ w: Double, _ h: Double, _ a: KeyValuePairs<String, String> = [:], tooltip: String? = nil) {
    let head = "<rect x=\"\(SVGWriter.coordinate(x))\" y=\"\(SVGWriter.coordinate(y))\" width=\"\(SVGWriter.coordinate(w))\" height=\"\(SVGWriter.coordinate(h))\"\(SVGWriter.attributes(a))"
    if let tooltip { body += head + "><title>\(SVGWriter.escape(tooltip))</title></rect>" } else { body += head + "/>" }
  }

  public mutating func circle(_ cx: Double, _ cy: Double, _ r: Double, _ a: KeyValuePairs<String, String> = [:], tooltip: String? = nil) {
    let head = "<circle cx=\"\(SVGWriter.coordinate(cx))\" cy=\"\(SVGWriter.coordinate(cy))\" r=\"\(SVGWriter.coordinate(r))\"\(SVGWriter.attributes(a))"
    if let tooltip { body += head + "><title>\(SVGWriter.escape(tooltip))</title></circle>" } else { body += head + "/>" }
  }

  public mutating func text(_ s: String, x: Double, y: Double, _ a: KeyValuePairs<String, String> = [:]) {
    body += "<text x=\"\(SVGWriter.coordinate(x))\" y=\"\(SVGWriter.coordinate(y))\"\(SVGWriter.attributes(a))>\(SVGWriter.escape(s))</text>"
  }

  /// The finished document: `<svg>` with title, description, a stylesheet and the body.
  public func document(title: String, description: String, defs: String = "") -> String {
    let w = SVGWriter.coordinate(width), h = SVGWriter.coordinate(height)
    var s = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"tm-chart\" id=\"\(SVGWriter.escape(id))\" viewBox=\"0 0 \(w) \(h)\" width=\"\(w)\" height=\"\(h)\" role=\"img\" aria-labelledby=\"\(id)-title \(id)-desc\" font-family=\"'DejaVu Sans', 'Segoe UI', Arial, sans-serif\" font-size=\"12\">"
    s += "<title id=\"\(id)-title\">\(SVGWriter.escape(title))</title><desc id=\"\(id)-desc\">\(SVGWriter.escape(description))</desc>"
    if !defs.isEmpty { s += "<defs>\(defs)</defs>" }
    s += "<rect x=\"0\" y=\"0\" width=\"\(w)\" height=\"\(h)\" fill=\"#ffffff\"/>"
    return s + body + "</svg>"
  }
}

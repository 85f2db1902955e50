import Foundation
import ZIPFoundation

/// Reads a workbook's parts as Excel does (test helper): cells by reference with their style,
/// the styles' number formats, fonts and fills, the frozen pane, the autofilter and the column
/// widths. (DataIO's XLSXReader reads data tables with a header in row 1; a report sheet has its
/// title there.)
struct XLSXRaw {
  struct CellInfo: Equatable {
    var style: Int
    /// The number (`<v>`) or inline text.
    var value: String?
    var isText: Bool
  }

  struct Sheet {
    var name: String
    var xml: String
    var cells: [String: CellInfo] = [:]
    var pane: (ySplit: Int, topLeft: String)?
    var autoFilter: String?
    var widths: [Int: Double] = [:]

    func number(_ ref: String) -> Double? { cells[ref].flatMap { $0.isText ? nil : $0.value.flatMap(Double.init) } }
    func text(_ ref: String) -> String? { cells[ref].flatMap { $0.isText ? $0.value : nil } }
  }

  var sheets: [Sheet] = []
  /// cellXfs index → (numFmtId, fontId, fillId).
  var xfs: [(numFmt: Int, font: Int, fill: Int)] = []
  var numFmts: [Int: String] = [:]
  var boldFonts: Set<Int> = []
  var solidFills: Set<Int> = []
  var workbookXML = ""

  init(path: String) throws {
    let archive = try Archive(url: URL(fileURLWithPath: path), accessMode: .read)
    func part(_ name: String) throws -> String {
      guard let e = archive[name] else { throw NSError(domain: "xlsx", code: 1, userInfo: [NSLocalizedDescriptionKey: "no part \(name)"]) }
      var d = Data()
      _ = try archive.extract(e) { d.append($0) }
      return String(decoding: d, as: UTF8.self)
    }
    workbookXML = try part("xl/workbook.xml")
    let names = XLSXRaw.matches(#"<sheet name="([^"]*)""#, workbookXML).map { XLSXRaw.unescape($0[1]) }
    let styles = try part("xl/styles.xml")
    for m in XLSXRaw.matches(#"<numFmt numFmtId="(\d+)" formatCode="([^"]*)""#, styles) { numFmts[Int(m[1])!] = m[2] }
    let fontsBlock = XLSXRaw.matches(#"<fonts[^>]*>(.*?)</fonts>"#, styles).first?[1] ?? ""
    for (i, f) in XLSXRaw.matches(#"<font>(.*?)</font>"#, fontsBlock).enumerated() where f[1].contains("<b/>") { boldFonts.insert(i) }
    let fillsBlock = XLSXRaw.matches(#"<fills[^>]*>(.*?)</fills>"#, styles).first?[1] ?? ""
    for (i, f) in XLSXRaw.matches(#"<fill>(.*?)</fill>"#, fillsBlock).enumerated() where f[1].contains("solid") { solidFills.insert(i) }
    let xfBlock = XLSXRaw.matches(#"<cellXfs[^>]*>(.*?)</cellXfs>"#, styles).first?[1] ?? ""
    for m in XLSXRaw.matches(#"<xf numFmtId="(\d+)" fontId="(\d+)" fillId="(\d+)""#, xfBlock) { xfs.append((Int(m[1])!, Int(m[2])!, Int(m[3])!)) }
    for (i, name) in names.enumerated() {
      var s = Sheet(name: name, xml: try part("xl/worksheets/sheet\(i + 1).xml"))
      for m in XLSXRaw.matches(#"<c r="([A-Z]+\d+)"(?: s="(\d+)")?(?: t="(\w+)")?(?:/>|>(.*?)</c>)"#, s.xml) {
        let body = m[4]
        let isText = m[3] == "inlineStr"
        let value = isText ? XLSXRaw.matches(#"<t[^>]*>(.*?)</t>"#, body).first.map { XLSXRaw.unescape($0[1]) }
          : XLSXRaw.matches(#"<v>(.*?)</v>"#, body).first?[1]
        s.cells[m[1]] = CellInfo(style: Int(m[2]) ?? 0, value: value, isText: isText)
      }
      if let p = XLSXRaw.matches(#"<pane ySplit="(\d+)" topLeftCell="([A-Z]+\d+)"[^>]*state="frozen""#, s.xml).first { s.pane = (Int(p[1])!, p[2]) }
      s.autoFilter = XLSXRaw.matches(#"<autoFilter ref="([^"]+)""#, s.xml).first?[1]
      for m in XLSXRaw.matches(#"<col min="(\d+)" max="\d+" width="([\d.]+)""#, s.xml) { s.widths[Int(m[1])!] = Double(m[2]) }
      sheets.append(s)
    }
  }

  func sheet(_ name: String) -> Sheet? { sheets.first { $0.name == name } }
  func isBold(_ style: Int) -> Bool { style < xfs.count && boldFonts.contains(xfs[style].font) }
  func isShaded(_ style: Int) -> Bool { style < xfs.count && solidFills.contains(xfs[style].fill) }
  /// The number format code of a style ("General" for 0, "0" for 1).
  func format(_ style: Int) -> String {
    guard style < xfs.count else { return "?" }
    let id = xfs[style].numFmt
    return id == 0 ? "General" : (id == 1 ? "0" : (numFmts[id] ?? "builtin \(id)"))
  }

  static func matches(_ pattern: String, _ s: String) -> [[String]] {
    let re = try! NSRegularExpression(pattern: pattern, options: [.dotMatchesLineSeparators])
    let ns = s as NSString
    return re.matches(in: s, range: NSRange(location: 0, length: ns.length)).map { m in
      (0..<m.numberOfRanges).map { m.range(at: $0).location == NSNotFound ? "" : ns.substring(with: m.range(at: $0)) }
    }
  }

  static func unescape(_ s: String) -> String {
    s.replacingOccurrences(of: "&lt;", with: "<").replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&quot;", with: "\"")
      .replacingOccurrences(of: "&#13;", with: "\r").replacingOccurrences(of: "&amp;", with: "&")
  }

  static func column(_ j: Int) -> String {
    var n = j + 1, s = ""
    while n > 0 { let r = (n - 1) % 26; s = String(UnicodeScalar(65 + r)!) + s; n = (n - 1) / 26 }
    return s
  }
}

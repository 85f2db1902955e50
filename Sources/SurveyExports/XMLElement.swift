/// A small, strict XML reader for survey structure files (LimeSurvey `.lss`).
///
/// Foundation's `XMLParser` traps on some malformed input (PLATFORM.md, 2026-12-07), and a
/// survey structure file is untrusted input, so this reader works on the bytes itself: elements,
/// attributes, text, CDATA, comments, processing instructions and a DOCTYPE without internal
/// subset; the five predefined entities and numeric character references. Anything else is an
/// error with the line, never a trap. Limits: 64 MiB of input, nesting depth 64.
///
/// The whole XML layer sits behind `XMLElement.parse(_:path:)`, one function, so it can be
/// switched to the project's shared XML tokenizer when that exists.
public struct XMLElement: Sendable, Equatable {
  public var name: String
  public var attributes: [String: String]
  public var children: [XMLElement]
  /// Character data directly inside the element (text and CDATA), concatenated.
  public var text: String

  /// The first child called `name`.
  public func child(_ name: String) -> XMLElement? { children.first { $0.name == name } }
  /// All children called `name`.
  public func children(_ name: String) -> [XMLElement] { children.filter { $0.name == name } }

  /// Parses a document and returns its root element.
  public static func parse(_ bytes: [UInt8], path: String) throws(SurveyExportError) -> XMLElement {
    var p = XMLByteParser(bytes: bytes, path: path)
    return try p.document()
  }
}

struct XMLByteParser {
  let bytes: [UInt8]
  let path: String
  var i = 0
  var line = 1
  static let maximumBytes = 64 << 20
  static let maximumDepth = 64

  init(bytes: [UInt8], path: String) {
    self.bytes = bytes
    self.path = path
    if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { i = 3 }
  }

  func fail(_ reason: String) -> SurveyExportError { .malformed(path: path, line: line, reason: reason) }

  mutating func document() throws(SurveyExportError) -> XMLElement {
    guard bytes.count <= XMLByteParser.maximumBytes else { throw fail("the file is larger than 64 MiB") }
    guard String(validating: bytes[i...], as: UTF8.self) != nil else { throw fail("the file is not UTF-8 text") }
    try skipMisc()
    guard peek("<") else { throw fail("no root element") }
    let root = try element(depth: 0)
    try skipMisc()
    guard i >= bytes.count else { throw fail("content after the root element") }
    return root
  }

  func peek(_ s: String) -> Bool {
    let u = Array(s.utf8)
    return i + u.count <= bytes.count && bytes[i..<(i + u.count)].elementsEqual(u)
  }

  mutating func advance(_ n: Int) {
    for k in 0..<n where i + k < bytes.count && bytes[i + k] == 0x0A { line += 1 }
    i += n
  }

  mutating func skipSpace() {
    while i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { advance(1) }
  }

  /// Skips to just after `terminator`; an error if it never comes.
  mutating func skip(past terminator: String, what: String) throws(SurveyExportError) {
    let t = Array(terminator.utf8)
    while i + t.count <= bytes.count {
      if bytes[i..<(i + t.count)].elementsEqual(t) { advance(t.count); return }
      advance(1)
    }
    throw fail("\(what) is not closed with \(terminator)")
  }

  /// Comments, processing instructions, the XML declaration, a DOCTYPE, white space.
  mutating func skipMisc() throws(SurveyExportError) {
    while true {
      skipSpace()
      if peek("<?") { try skip(past: "?>", what: "a processing instruction") }
      else if peek("<!--") { try skip(past: "-->", what: "a comment") }
      else if peek("<!DOCTYPE") {
        var depth = 0
        while i < bytes.count {
          if bytes[i] == UInt8(ascii: "[") { throw fail("a DOCTYPE with an internal subset is not supported") }
          if bytes[i] == UInt8(ascii: "<") { depth += 1 }
          if bytes[i] == UInt8(ascii: ">") { depth -= 1; if depth == 0 { advance(1); break } }
          advance(1)
        }
      } else { return }
    }
  }

  static func isNameByte(_ b: UInt8) -> Bool {
    (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39) || b == 0x5F || b == 0x2D || b == 0x2E || b == 0x3A || b >= 0x80
  }

  mutating func name() throws(SurveyExportError) -> String {
    let s = i
    while i < bytes.count, XMLByteParser.isNameByte(bytes[i]) { i += 1 }
    guard i > s else { throw fail("an element or attribute name is expected") }
    return String(decoding: bytes[s..<i], as: UTF8.self)
  }

  mutating func element(depth: Int) throws(SurveyExportError) -> XMLElement {
    guard depth < XMLByteParser.maximumDepth else { throw fail("elements nested deeper than \(XMLByteParser.maximumDepth)") }
    advance(1)  // <
    let tag = try name()
    var attributes: [String: String] = [:]
    while true {
      skipSpace()
      guard i < bytes.count else { throw fail("the tag <\(tag)> is not closed") }
      if peek("/>") { advance(2); return XMLElement(name: tag, attributes: attributes, children: [], text: "") }
      if peek(">") { advance(1); break }
      let attr = try name()
      skipSpace()
      guard peek("=") else { throw fail("attribute \(attr) of <\(tag)> has no value") }
      advance(1)
      skipSpace()
      guard i < bytes.count, bytes[i] == 0x22 || bytes[i] == 0x27 else { throw fail("attribute \(attr) of <\(tag)> is not quoted") }
      let quote = bytes[i]
      advance(1)
      let s = i
      while i < bytes.count, bytes[i] != quote {
        if bytes[i] == UInt8(ascii: "<") { throw fail("'<' inside the value of attribute \(attr)") }
        advance(1)
      }
      guard i < bytes.count else { throw fail("attribute \(attr) of <\(tag)> is not closed") }
      attributes[attr] = try decodeEntities(bytes[s..<i])
      advance(1)
    }
    var children: [XMLElement] = []
    var text = ""
    while true {
      guard i < bytes.count else { throw fail("<\(tag)> is not closed") }
      if peek("</") {
        advance(2)
        let close = try name()
        guard close == tag else { throw fail("</\(close)> closes <\(tag)>") }
        skipSpace()
        guard peek(">") else { throw fail("</\(close)> is not closed with >") }
        advance(1)
        return XMLElement(name: tag, attributes: attributes, children: children, text: text)
      }
      if peek("<![CDATA[") {
        advance(9)
        let s = i
        let t = Array("]]>".utf8)
        while i + 3 <= bytes.count, !bytes[i..<(i + 3)].elementsEqual(t) { advance(1) }
        guard i + 3 <= bytes.count else { throw fail("a CDATA section is not closed") }
        text += String(decoding: bytes[s..<i], as: UTF8.self)
        advance(3)
        continue
      }
      if peek("<!--") { try skip(past: "-->", what: "a comment"); continue }
      if peek("<?") { try skip(past: "?>", what: "a processing instruction"); continue }
      if peek("<") { children.append(try element(depth: depth + 1)); continue }
      let s = i
      while i < bytes.count, bytes[i] != UInt8(ascii: "<") { advance(1) }
      text += try decodeEntities(bytes[s..<i])
    }
  }

  func decodeEntities(_ slice: ArraySlice<UInt8>) throws(SurveyExportError) -> String {
    guard slice.contains(UInt8(ascii: "&")) else { return String(decoding: slice, as: UTF8.self) }
    var out: [UInt8] = []
    var k = slice.startIndex
    while k < slice.endIndex {
      let b = slice[k]
      guard b == UInt8(ascii: "&") else { out.append(b); k += 1; continue }
      guard let semi = slice[k...].firstIndex(of: UInt8(ascii: ";")), semi - k <= 12 else { throw fail("an '&' that starts no entity") }
      let entity = String(decoding: slice[(k + 1)..<semi], as: UTF8.self)
      let scalar: Unicode.Scalar?
      switch entity {
      case "amp": scalar = "&"
      case "lt": scalar = "<"
      case "gt": scalar = ">"
      case "quot": scalar = "\""
      case "apos": scalar = "'"
      default:
        if entity.hasPrefix("#x") { scalar = UInt32(entity.dropFirst(2), radix: 16).flatMap(Unicode.Scalar.init) }
        else if entity.hasPrefix("#") { scalar = UInt32(entity.dropFirst(), radix: 10).flatMap(Unicode.Scalar.init) }
        else { throw fail("unknown entity &\(entity);") }
      }
      guard let scalar else { throw fail("the character reference &\(entity); is not a character") }
      out.append(contentsOf: Array(String(Character(scalar)).utf8))
      k = semi + 1
    }
    return String(decoding: out, as: UTF8.self)
  }
}

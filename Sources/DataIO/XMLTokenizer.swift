#if canImport(Glibc)
  import Glibc
#elseif canImport(Darwin)
  import Darwin
#endif

/// A streaming pull tokenizer for the XML that OOXML workbooks hold (sheets, shared strings,
/// workbook, relationships): UTF-8 bytes in, start tags, end tags and text runs out.
///
/// It replaces Foundation's `XMLParser`, which traps (SIGILL/SIGSEGV) on some malformed input
/// on Linux (an invalid UTF-8 byte in a name, `<` inside an attribute value; PLATFORM.md,
/// "Measured 2026-12-07"). Every check here ends in an ``XMLSyntaxError`` with the byte offset;
/// nothing traps, nothing is quadratic, nothing allocates in proportion to a number read from
/// the input.
///
/// What is checked (XML 1.0 fifth edition, Namespaces in XML 1.0), before and while tokenizing:
/// - the bytes are UTF-8 (UTF-16 with a byte-order mark is transcoded first by
///   ``XMLDocument``) and hold only XML characters (no C0 controls other than tab, LF, CR;
///   no U+FFFE/U+FFFF) — one pass over the bytes before tokenizing, 8 bytes at a time on ASCII;
/// - names follow the `Name` production (ASCII by table, others by the Unicode ranges), with at
///   most one `:` that neither starts nor ends the name (QName);
/// - every start tag has its matching end tag, at most ``maximumDepth`` deep; exactly one root
///   element; nothing but whitespace, comments and processing instructions outside it;
/// - attributes are `name = "value"` or `'value'`, unique per element (at most
///   ``maximumAttributes``), and values hold no `<`;
/// - references are the five predefined entities or character references to XML characters;
///   a DTD (`<!DOCTYPE`) is refused, so no entity can be declared or expanded;
/// - comments hold no `--`; CDATA sections and processing instructions are closed; text holds no
///   `]]>`; the XML declaration, if any, comes first and names UTF-8 or UTF-16.
///
/// Namespaces are matched by prefix: consumers compare local names (the part after `:`), as
/// OOXML's fixed vocabularies allow; prefixes are not resolved to URIs.
///
/// Use: call ``next()`` until `.endOfDocument`; after `.startElement` the element's name and
/// attributes are available (``isEmptyElement`` tells a self-closing tag, for which an
/// `.endElement` follows), after `.text` the run (``textString()``). Raw pointers stay inside
/// this file; everything handed out is a Swift value or an index.
struct XMLTokenizer {
  /// What ``next()`` found.
  enum Event: Equatable {
    case startElement, endElement, text, endOfDocument
  }

  /// One attribute of the current start tag: byte ranges into the document.
  struct Attribute {
    var nameStart: Int
    var localStart: Int
    var nameEnd: Int
    var valueStart: Int
    var valueEnd: Int
    var hasReference: Bool
    var hash: UInt32
  }

  /// Elements nested deeper than this are refused (OOXML sheets nest about 6 deep).
  static let maximumDepth = 256
  /// More attributes than this on one element are refused (OOXML elements have at most ~20).
  static let maximumAttributes = 256

  let bytes: UnsafeBufferPointer<UInt8>
  private(set) var position: Int
  private var stack: [(start: Int, end: Int)] = []
  private var rootSeen = false
  private var pendingEnd = false

  /// The qualified name of the current start or end tag: `bytes[nameStart..<nameEnd]`.
  private(set) var nameStart = 0
  private(set) var nameEnd = 0
  /// Where the local name starts (after the prefix and `:`).
  private(set) var localStart = 0
  /// True when the current start tag is self-closing (`<c/>`).
  private(set) var isEmptyElement = false
  /// The attributes of the current start tag.
  var attributes: ArraySlice<Attribute> { attributeStorage[..<attributeCount] }
  /// Reused between tags (cleared by count, not by `removeAll`, which showed in profiles).
  private var attributeStorage: [Attribute] = []
  private var attributeCount = 0

  /// The current text run: `bytes[textStart..<textEnd]`.
  private(set) var textStart = 0
  private(set) var textEnd = 0
  private var textHasReference = false
  private var textHasCR = false
  private var textIsCDATA = false

  /// The number of open elements (1 inside the root element's content).
  var depth: Int { stack.count }

  /// Tokenizes `bytes`, which must be UTF-8 without a byte-order mark (``XMLDocument`` prepares
  /// them). Runs the character check over all bytes first.
  init(utf8 bytes: UnsafeBufferPointer<UInt8>) throws(XMLSyntaxError) {
    self.bytes = bytes
    self.position = 0
    if let bad = XMLTokenizer.firstNonXMLCharacter(bytes) {
      let message = bad.invalidUTF8
        ? "byte 0x\(String(bytes[bad.offset], radix: 16, uppercase: true)) is not valid UTF-8"
        : "character U+\(String(bad.scalar, radix: 16, uppercase: true)) is not allowed in XML"
      throw XMLSyntaxError(offset: bad.offset, message: message)
    }
    stack.reserveCapacity(16)
    attributeStorage.reserveCapacity(8)
  }

  // MARK: - Events

  /// The next event.
  mutating func next() throws(XMLSyntaxError) -> Event {
    if pendingEnd {
      pendingEnd = false
      isEmptyElement = false
      return .endElement
    }
    let n = bytes.count
    while true {
      guard position < n else {
        if let open = stack.last {
          throw XMLSyntaxError(
            offset: n, message: "the document ends inside element <\(string(open.start, open.end))> (truncated part?)")
        }
        guard rootSeen else { throw XMLSyntaxError(offset: n, message: "the document has no root element") }
        return .endOfDocument
      }
      if bytes[position] == UInt8(ascii: "<") {
        guard position + 1 < n else { throw XMLSyntaxError(offset: position, message: "the document ends inside a tag") }
        switch bytes[position + 1] {
        case UInt8(ascii: "/"):
          try endTag()
          return .endElement
        case UInt8(ascii: "?"):
          try processingInstruction()
        case UInt8(ascii: "!"):
          if try markupDeclaration() { return .text }
        default:
          try startTag()
          return .startElement
        }
      } else {
        if try textRun() { return .text }
      }
    }
  }

  // MARK: - Tags

  private mutating func startTag() throws(XMLSyntaxError) {
    let tagStart = position
    if rootSeen && stack.isEmpty {
      throw XMLSyntaxError(offset: position, message: "a second root element; an XML document has exactly one")
    }
    guard stack.count < XMLTokenizer.maximumDepth else {
      throw XMLSyntaxError(offset: position, message: "elements nested more than \(XMLTokenizer.maximumDepth) deep")
    }
    position += 1
    (nameStart, localStart, nameEnd) = try name(what: "an element name")
    attributeCount = 0
    isEmptyElement = false
    let n = bytes.count
    while true {
      let hadSpace = skipWhitespace()
      guard position < n else { throw XMLSyntaxError(offset: tagStart, message: "the tag <\(currentName)> is never closed") }
      let c = bytes[position]
      if c == UInt8(ascii: ">") {
        position += 1
        break
      }
      if c == UInt8(ascii: "/") {
        guard position + 1 < n, bytes[position + 1] == UInt8(ascii: ">") else {
          throw XMLSyntaxError(offset: position, message: "'/' in the tag <\(currentName)> is not followed by '>'")
        }
        position += 2
        isEmptyElement = true
        break
      }
      guard hadSpace else {
        throw XMLSyntaxError(offset: position, message: "attributes of <\(currentName)> must be separated by white space")
      }
      try attribute()
    }
    rootSeen = true
    if isEmptyElement {
      pendingEnd = true
    } else {
      stack.append((nameStart, nameEnd))
    }
  }

  private mutating func attribute() throws(XMLSyntaxError) {
    guard attributeCount < XMLTokenizer.maximumAttributes else {
      throw XMLSyntaxError(offset: position, message: "<\(currentName)> has more than \(XMLTokenizer.maximumAttributes) attributes")
    }
    let (start, local, end) = try name(what: "an attribute name")
    var hash: UInt32 = 2_166_136_261
    for i in start..<end { hash = (hash ^ UInt32(bytes[i])) &* 16_777_619 }
    for a in attributeStorage[..<attributeCount] where a.hash == hash && a.nameEnd - a.nameStart == end - start {
      if equalBytes(a.nameStart, start, count: end - start) {
        throw XMLSyntaxError(offset: start, message: "attribute '\(string(start, end))' appears twice in <\(currentName)>")
      }
    }
    _ = skipWhitespace()
    guard position < bytes.count, bytes[position] == UInt8(ascii: "=") else {
      throw XMLSyntaxError(offset: position, message: "attribute '\(string(start, end))' has no '=' and value")
    }
    position += 1
    _ = skipWhitespace()
    guard position < bytes.count, bytes[position] == UInt8(ascii: "\"") || bytes[position] == UInt8(ascii: "'") else {
      throw XMLSyntaxError(offset: position, message: "the value of attribute '\(string(start, end))' is not quoted")
    }
    let quote = bytes[position]
    position += 1
    let valueStart = position
    var hasReference = false
    let n = bytes.count
    while true {
      guard position < n else {
        throw XMLSyntaxError(offset: valueStart - 1, message: "the value of attribute '\(string(start, end))' is never closed")
      }
      let c = bytes[position]
      if c == quote { break }
      if c == UInt8(ascii: "<") {
        throw XMLSyntaxError(offset: position, message: "'<' inside the value of attribute '\(string(start, end))' (write &lt;)")
      }
      if c == UInt8(ascii: "&") {
        hasReference = true
        position = try reference(at: position).end
        continue
      }
      position += 1
    }
    let attribute = Attribute(
      nameStart: start, localStart: local, nameEnd: end, valueStart: valueStart, valueEnd: position,
      hasReference: hasReference, hash: hash)
    if attributeCount < attributeStorage.count {
      attributeStorage[attributeCount] = attribute
    } else {
      attributeStorage.append(attribute)
    }
    attributeCount += 1
    position += 1
  }

  private mutating func endTag() throws(XMLSyntaxError) {
    let tagStart = position
    position += 2
    (nameStart, localStart, nameEnd) = try name(what: "an element name")
    _ = skipWhitespace()
    guard position < bytes.count, bytes[position] == UInt8(ascii: ">") else {
      throw XMLSyntaxError(offset: position, message: "the end tag </\(currentName)> is not closed with '>'")
    }
    position += 1
    guard let open = stack.last else {
      throw XMLSyntaxError(offset: tagStart, message: "end tag </\(currentName)> without a start tag")
    }
    guard open.end - open.start == nameEnd - nameStart, equalBytes(open.start, nameStart, count: nameEnd - nameStart) else {
      throw XMLSyntaxError(
        offset: tagStart, message: "end tag </\(currentName)> does not match the open element <\(string(open.start, open.end))>")
    }
    stack.removeLast()
    isEmptyElement = false
  }

  // MARK: - Text, CDATA, comments, processing instructions

  /// Scans character data up to the next `<`. Returns false for white space outside the root.
  private mutating func textRun() throws(XMLSyntaxError) -> Bool {
    let start = position
    let n = bytes.count
    var hasReference = false
    var hasCR = false
    var i = position
    // Find the next '<' quickly; then check the run for '&', CR and "]]>".
    var end = n
    if let base = bytes.baseAddress {
      let remaining = n - i
      if let hit = memchr(base + i, Int32(UInt8(ascii: "<")), remaining) {
        end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      }
    }
    while i < end {
      let c = bytes[i]
      if c == UInt8(ascii: "&") {
        hasReference = true
        i = try reference(at: i).end
        continue
      }
      if c == 0x0D { hasCR = true }
      if c == UInt8(ascii: "]"), i + 2 < end, bytes[i + 1] == UInt8(ascii: "]"), bytes[i + 2] == UInt8(ascii: ">") {
        throw XMLSyntaxError(offset: i, message: "']]>' is not allowed in text")
      }
      i += 1
    }
    position = end
    if stack.isEmpty {
      for k in start..<end where !isWhitespace(bytes[k]) {
        throw XMLSyntaxError(offset: k, message: rootSeen ? "text after the root element" : "text before the root element")
      }
      return false
    }
    textStart = start
    textEnd = end
    textHasReference = hasReference
    textHasCR = hasCR
    textIsCDATA = false
    return true
  }

  /// `<!--`, `<![CDATA[` or `<!DOCTYPE`. Returns true when a CDATA text run was found.
  private mutating func markupDeclaration() throws(XMLSyntaxError) -> Bool {
    let start = position
    if hasPrefix("<!--", at: position) {
      guard let close = find("--", from: position + 4) else {
        throw XMLSyntaxError(offset: start, message: "a comment is never closed (missing -->)")
      }
      guard close + 2 < bytes.count, bytes[close + 2] == UInt8(ascii: ">") else {
        throw XMLSyntaxError(offset: close, message: "'--' is not allowed inside a comment")
      }
      position = close + 3
      return false
    }
    if hasPrefix("<![CDATA[", at: position) {
      guard !stack.isEmpty else { throw XMLSyntaxError(offset: start, message: "a CDATA section outside the root element") }
      guard let close = find("]]>", from: position + 9) else {
        throw XMLSyntaxError(offset: start, message: "a CDATA section is never closed (missing ]]>)")
      }
      textStart = position + 9
      textEnd = close
      textHasReference = false
      textHasCR = false
      for i in textStart..<textEnd where bytes[i] == 0x0D {
        textHasCR = true
        break
      }
      textIsCDATA = true
      position = close + 3
      return true
    }
    if hasPrefix("<!DOCTYPE", at: position) {
      throw XMLSyntaxError(
        offset: start, message: "a document type declaration (<!DOCTYPE) is not allowed; OOXML parts have none, and entity declarations are refused")
    }
    throw XMLSyntaxError(offset: start, message: "'<!' starts neither a comment nor a CDATA section")
  }

  /// `<?target ...?>`; the XML declaration `<?xml ...?>` only at the very start.
  private mutating func processingInstruction() throws(XMLSyntaxError) {
    let start = position
    position += 2
    let (ts, _, te) = try name(what: "a processing-instruction target")
    guard let close = find("?>", from: te) else {
      throw XMLSyntaxError(offset: start, message: "a processing instruction is never closed (missing ?>)")
    }
    if te - ts == 3 {
      let lower = (bytes[ts] | 0x20, bytes[ts + 1] | 0x20, bytes[ts + 2] | 0x20)
      if lower == (UInt8(ascii: "x"), UInt8(ascii: "m"), UInt8(ascii: "l")) {
        guard start == 0 else {
          throw XMLSyntaxError(offset: start, message: "the XML declaration <?xml …?> must come first in the document")
        }
        try xmlDeclaration(ts + 3, close)
      }
    }
    if te < close, !isWhitespace(bytes[te]) {
      throw XMLSyntaxError(offset: te, message: "the processing-instruction target must be followed by white space")
    }
    position = close + 2
  }

  /// Checks `version` and `encoding` of the XML declaration (`bytes[from..<to]`).
  private func xmlDeclaration(_ from: Int, _ to: Int) throws(XMLSyntaxError) {
    let text = string(from, to)
    guard text.contains("version") else {
      throw XMLSyntaxError(offset: from, message: "the XML declaration has no version")
    }
    if let r = text.range(of: "encoding") {
      let rest = text[r.upperBound...].drop(while: { $0 == " " || $0 == "=" || $0 == "\"" || $0 == "'" || $0 == "\t" })
      let name = rest.prefix(while: { $0 != "\"" && $0 != "'" && $0 != " " }).lowercased()
      guard ["utf-8", "utf8", "utf-16", "utf16"].contains(name) else {
        throw XMLSyntaxError(
          offset: from, message: "encoding '\(name)' is not supported; OOXML parts are UTF-8 or UTF-16")
      }
    }
  }

  // MARK: - Names and references

  /// A QName at `position`: returns (start, local-name start, end) and moves past it.
  private mutating func name(what: String) throws(XMLSyntaxError) -> (Int, Int, Int) {
    let start = position
    let n = bytes.count
    var colon = -1
    var first = true
    while position < n {
      let c = bytes[position]
      if c < 0x80 {
        let cls = XMLTokenizer.asciiNameClass(c)
        if cls == 0 { break }
        if first && cls != 2 {
          throw XMLSyntaxError(offset: position, message: "\(what) cannot start with '\(Character(Unicode.Scalar(c)))'")
        }
        if c == UInt8(ascii: ":") {
          guard colon < 0, !first else {
            throw XMLSyntaxError(offset: position, message: "\(what) has a misplaced ':' (at most one, between prefix and local name)")
          }
          colon = position
        }
        position += 1
      } else {
        let (scalar, length) = decodeScalar(at: position)
        guard XMLTokenizer.isNameCharacter(scalar, first: first) else {
          throw XMLSyntaxError(offset: position, message: "\(what) contains U+\(String(scalar, radix: 16, uppercase: true)), which XML names do not allow")
        }
        position += length
      }
      first = false
    }
    guard position > start else {
      let found = position < n ? "'\(printable(bytes[position]))'" : "the end of the document"
      throw XMLSyntaxError(offset: position, message: "expected \(what), found \(found)")
    }
    if colon == position - 1 {
      throw XMLSyntaxError(offset: colon, message: "\(what) ends with ':'")
    }
    return (start, colon >= 0 ? colon + 1 : start, position)
  }

  /// Checks the reference starting with `&` at `at`; returns its end and the character it stands for.
  private func reference(at: Int) throws(XMLSyntaxError) -> (end: Int, scalar: UInt32) {
    let n = bytes.count
    var i = at + 1
    guard i < n else { throw XMLSyntaxError(offset: at, message: "'&' at the end of the document (write &amp;)") }
    if bytes[i] == UInt8(ascii: "#") {
      i += 1
      var hex = false
      if i < n, bytes[i] == UInt8(ascii: "x") {
        hex = true
        i += 1
      }
      var value: UInt32 = 0
      var digits = 0
      while i < n, bytes[i] != UInt8(ascii: ";") {
        let c = bytes[i]
        let d: UInt32
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: d = UInt32(c - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: d = UInt32(c - UInt8(ascii: "A") + 10)
        default:
          throw XMLSyntaxError(offset: at, message: "malformed character reference (expected &#digits; or &#xhex;)")
        }
        digits += 1
        guard digits <= 8 else { throw XMLSyntaxError(offset: at, message: "character reference out of range") }
        value = value * (hex ? 16 : 10) + d
        i += 1
      }
      guard i < n, digits > 0 else {
        throw XMLSyntaxError(offset: at, message: "malformed character reference (expected &#digits; or &#xhex;)")
      }
      guard XMLTokenizer.isXMLCharacter(value) else {
        throw XMLSyntaxError(offset: at, message: "character reference to U+\(String(value, radix: 16, uppercase: true)), which XML does not allow")
      }
      return (i + 1, value)
    }
    var j = i
    while j < n, j - i < 8, bytes[j] != UInt8(ascii: ";") { j += 1 }
    guard j < n, bytes[j] == UInt8(ascii: ";") else {
      throw XMLSyntaxError(offset: at, message: "'&' does not start a reference (write &amp;)")
    }
    let scalar: UInt32
    switch string(i, j) {
    case "lt": scalar = 0x3C
    case "gt": scalar = 0x3E
    case "amp": scalar = 0x26
    case "apos": scalar = 0x27
    case "quot": scalar = 0x22
    default:
      throw XMLSyntaxError(offset: at, message: "undeclared entity '&\(string(i, j));' (only &lt; &gt; &amp; &apos; &quot; and character references)")
    }
    return (j + 1, scalar)
  }

  // MARK: - Decoded values

  /// The current element's qualified name.
  var currentName: String { string(nameStart, nameEnd) }

  /// True when the current element's local name is `local` (ASCII).
  func localNameIs(_ local: StaticString) -> Bool {
    local.utf8CodeUnitCount == nameEnd - localStart && equalBytes(localStart, local.utf8Start, count: nameEnd - localStart)
  }

  /// True when attribute `a`'s local name is `local` (ASCII).
  func attribute(_ a: Attribute, isNamed local: StaticString) -> Bool {
    local.utf8CodeUnitCount == a.nameEnd - a.localStart && equalBytes(a.localStart, local.utf8Start, count: a.nameEnd - a.localStart)
  }

  /// True when attribute `a`'s qualified name is exactly `qualified` (ASCII).
  func attribute(_ a: Attribute, isQualified qualified: StaticString) -> Bool {
    qualified.utf8CodeUnitCount == a.nameEnd - a.nameStart
      && equalBytes(a.nameStart, qualified.utf8Start, count: a.nameEnd - a.nameStart)
  }

  /// True when attribute `a` has a prefix (`r:id`).
  func hasPrefix(_ a: Attribute) -> Bool { a.localStart != a.nameStart }

  /// The first attribute whose local name is `local`, if any.
  func attribute(named local: StaticString) -> Attribute? {
    for a in attributes where attribute(a, isNamed: local) { return a }
    return nil
  }

  /// The value of the unprefixed attribute `name`, decoded; nil when absent.
  func value(of name: StaticString) -> String? {
    for a in attributes where attribute(a, isQualified: name) { return value(a) }
    return nil
  }

  /// An attribute's value with references replaced and white space normalised (XML §3.3.3:
  /// tab, LF, CR and CR LF become a space; character references are kept as written).
  func value(_ a: Attribute) -> String {
    if !a.hasReference {
      var plain = true
      for i in a.valueStart..<a.valueEnd where bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D {
        plain = false
        break
      }
      if plain { return string(a.valueStart, a.valueEnd) }
    }
    return decode(a.valueStart, a.valueEnd, references: a.hasReference, attribute: true)
  }

  /// The current text run, references replaced and line ends normalised (CR LF and CR → LF).
  func textString() -> String {
    if !textHasReference && !textHasCR { return string(textStart, textEnd) }
    return decode(textStart, textEnd, references: textHasReference && !textIsCDATA, attribute: false)
  }

  /// True when the current text run is only white space (no references).
  var textIsWhitespace: Bool {
    if textHasReference { return false }
    for i in textStart..<textEnd where !isWhitespace(bytes[i]) { return false }
    return true
  }

  /// The byte range of the current text run when it needs no decoding (no references, no CR).
  var rawTextRange: Range<Int>? { textHasReference || textHasCR ? nil : textStart..<textEnd }

  /// The value bytes of attribute `a` when it needs no decoding (no references, no tab/LF/CR).
  func rawValueRange(_ a: Attribute) -> Range<Int>? {
    guard !a.hasReference else { return nil }
    for i in a.valueStart..<a.valueEnd where bytes[i] == 0x09 || bytes[i] == 0x0A || bytes[i] == 0x0D { return nil }
    return a.valueStart..<a.valueEnd
  }

  /// The unprefixed attribute `name`, if present.
  func attribute(qualified name: StaticString) -> Attribute? {
    for a in attributes where attribute(a, isQualified: name) { return a }
    return nil
  }

  /// The byte at `i` of the document.
  @inline(__always) subscript(_ i: Int) -> UInt8 { bytes[i] }

  /// True when `bytes[range]` equals `s` (ASCII).
  func bytes(_ range: Range<Int>, equal s: StaticString) -> Bool {
    s.utf8CodeUnitCount == range.count && equalBytes(range.lowerBound, s.utf8Start, count: range.count)
  }

  private func decode(_ from: Int, _ to: Int, references: Bool, attribute: Bool) -> String {
    var out: [UInt8] = []
    out.reserveCapacity(to - from)
    var i = from
    while i < to {
      let c = bytes[i]
      if c == UInt8(ascii: "&") && references {
        // Checked while tokenizing; `try?` cannot fail here.
        guard let (end, scalar) = try? reference(at: i) else { break }
        appendUTF8(scalar, to: &out)
        i = end
        continue
      }
      if c == 0x0D {
        out.append(attribute ? 0x20 : 0x0A)
        i += (i + 1 < to && bytes[i + 1] == 0x0A) ? 2 : 1
        continue
      }
      if attribute && (c == 0x09 || c == 0x0A) {
        out.append(0x20)
      } else {
        out.append(c)
      }
      i += 1
    }
    return String(decoding: out, as: UTF8.self)
  }

  // MARK: - Byte helpers

  func string(_ from: Int, _ to: Int) -> String {
    guard let base = bytes.baseAddress, to > from else { return "" }
    return String(decoding: UnsafeBufferPointer(start: base + from, count: to - from), as: UTF8.self)
  }

  private func equalBytes(_ a: Int, _ b: Int, count: Int) -> Bool {
    guard let base = bytes.baseAddress else { return count == 0 }
    return memcmp(base + a, base + b, count) == 0
  }

  /// Short names (the usual case: "c", "v", "row") are compared inline, longer ones by memcmp.
  @inline(__always) private func equalBytes(_ a: Int, _ b: UnsafePointer<UInt8>, count: Int) -> Bool {
    guard count > 0 else { return true }
    guard let base = bytes.baseAddress else { return false }
    if count <= 4 {
      for k in 0..<count where base[a + k] != b[k] { return false }
      return true
    }
    return memcmp(base + a, b, count) == 0
  }

  private func hasPrefix(_ s: StaticString, at i: Int) -> Bool {
    let k = s.utf8CodeUnitCount
    return i + k <= bytes.count && equalBytes(i, s.utf8Start, count: k)
  }

  /// The first occurrence of `s` at or after `from` (memchr on its first byte, then compare).
  private func find(_ s: StaticString, from: Int) -> Int? {
    guard let base = bytes.baseAddress else { return nil }
    let k = s.utf8CodeUnitCount
    let first = Int32(s.utf8Start[0])
    var i = from
    while i + k <= bytes.count {
      guard let hit = memchr(base + i, first, bytes.count - i) else { return nil }
      let j = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
      if j + k > bytes.count { return nil }
      if equalBytes(j, s.utf8Start, count: k) { return j }
      i = j + 1
    }
    return nil
  }

  private mutating func skipWhitespace() -> Bool {
    let start = position
    while position < bytes.count, isWhitespace(bytes[position]) { position += 1 }
    return position > start
  }

  private func isWhitespace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }

  private func printable(_ c: UInt8) -> String {
    c >= 0x20 && c < 0x7F ? String(Character(Unicode.Scalar(c))) : "0x" + String(c, radix: 16, uppercase: true)
  }

  /// Decodes the (already validated) UTF-8 scalar at `i`.
  private func decodeScalar(at i: Int) -> (UInt32, Int) {
    let c = UInt32(bytes[i])
    let n = bytes.count
    func cont(_ k: Int) -> UInt32 { i + k < n ? UInt32(bytes[i + k] & 0x3F) : 0 }
    if c < 0xE0 { return (((c & 0x1F) << 6) | cont(1), 2) }
    if c < 0xF0 { return (((c & 0x0F) << 12) | (cont(1) << 6) | cont(2), 3) }
    return (((c & 0x07) << 18) | (cont(1) << 12) | (cont(2) << 6) | cont(3), 4)
  }
}

/// A well-formedness error at a byte offset of one XML part, or (``isContent``) a problem a
/// part parser found in well-formed XML (e.g. a shared-string index out of range).
struct XMLSyntaxError: Error, Equatable {
  var offset: Int
  var message: String
  var isContent = false

  init(offset: Int, message: String, isContent: Bool = false) {
    self.offset = offset
    self.message = message
    self.isContent = isContent
  }

  /// Line and column (1-based; the column counts characters) of the offset in `bytes`.
  func lineAndColumn(in bytes: UnsafeBufferPointer<UInt8>) -> (line: Int, column: Int) {
    let end = Swift.min(offset, bytes.count)
    var line = 1
    var column = 1
    for i in 0..<end {
      let c = bytes[i]
      if c == 0x0A {
        line += 1
        column = 1
      } else if c & 0xC0 != 0x80 {
        column += 1
      }
    }
    return (line, column)
  }
}

// MARK: - Character classes

extension XMLTokenizer {
  /// 0: not a name character, 1: name character, 2: name start character (ASCII).
  @inline(__always) static func asciiNameClass(_ c: UInt8) -> UInt8 {
    switch c {
    case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"), UInt8(ascii: ":"): 2
    case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."): 1
    default: 0
    }
  }

  /// XML 1.0 (fifth edition) NameStartChar / NameChar for scalars ≥ U+0080.
  static func isNameCharacter(_ u: UInt32, first: Bool) -> Bool {
    switch u {
    case 0xC0...0xD6, 0xD8...0xF6, 0xF8...0x2FF, 0x370...0x37D, 0x37F...0x1FFF, 0x200C...0x200D, 0x2070...0x218F,
      0x2C00...0x2FEF, 0x3001...0xD7FF, 0xF900...0xFDCF, 0xFDF0...0xFFFD, 0x10000...0xEFFFF:
      return true
    case 0xB7, 0x300...0x36F, 0x203F...0x2040:
      return !first
    default:
      return false
    }
  }

  /// XML 1.0 Char.
  static func isXMLCharacter(_ u: UInt32) -> Bool {
    switch u {
    case 0x9, 0xA, 0xD, 0x20...0xD7FF, 0xE000...0xFFFD, 0x10000...0x10FFFF: true
    default: false
    }
  }

  /// The first byte that is not valid UTF-8 or starts a character XML does not allow.
  ///
  /// Words of 8 ASCII bytes with none below 0x20 are skipped at once; other bytes are checked one
  /// by one against RFC 3629 (no overlongs, no surrogates, ≤ U+10FFFF) and XML's Char production.
  static func firstNonXMLCharacter(_ b: UnsafeBufferPointer<UInt8>) -> (offset: Int, invalidUTF8: Bool, scalar: UInt32)? {
    guard let p = b.baseAddress else { return nil }
    let n = b.count
    let raw = UnsafeRawPointer(p)
    var i = 0
    while i < n {
      if i + 8 <= n {
        let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        // No high bit set, and no byte below 0x20 (w − 0x20… borrows into the high bit).
        let below = (w &- 0x2020_2020_2020_2020) & ~w & 0x8080_8080_8080_8080
        if (w & 0x8080_8080_8080_8080) == 0 && below == 0 {
          i += 8
          continue
        }
      }
      let c = p[i]
      if c < 0x80 {
        if c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D { return (i, false, UInt32(c)) }
        i += 1
        continue
      }
      @inline(__always) func cont(_ k: Int, _ lo: UInt8 = 0x80, _ hi: UInt8 = 0xBF) -> Bool {
        i + k < n && p[i + k] >= lo && p[i + k] <= hi
      }
      let len: Int
      switch c {
      case 0xC2...0xDF: len = cont(1) ? 2 : 0
      case 0xE0: len = cont(1, 0xA0) && cont(2) ? 3 : 0
      case 0xE1...0xEC, 0xEE...0xEF: len = cont(1) && cont(2) ? 3 : 0
      case 0xED: len = cont(1, 0x80, 0x9F) && cont(2) ? 3 : 0
      case 0xF0: len = cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0
      case 0xF1...0xF3: len = cont(1) && cont(2) && cont(3) ? 4 : 0
      case 0xF4: len = cont(1, 0x80, 0x8F) && cont(2) && cont(3) ? 4 : 0
      default: len = 0
      }
      if len == 0 { return (i, true, 0) }
      // U+FFFE and U+FFFF (EF BF BE / EF BF BF) are not XML characters.
      if c == 0xEF, p[i + 1] == 0xBF, p[i + 2] >= 0xBE { return (i, false, 0xFFF0 | UInt32(p[i + 2] & 0x0F)) }
      i += len
    }
    return nil
  }
}

/// Appends the UTF-8 encoding of a scalar.
func appendUTF8(_ u: UInt32, to out: inout [UInt8]) {
  switch u {
  case 0..<0x80:
    out.append(UInt8(u))
  case 0x80..<0x800:
    out.append(UInt8(0xC0 | (u >> 6)))
    out.append(UInt8(0x80 | (u & 0x3F)))
  case 0x800..<0x10000:
    out.append(UInt8(0xE0 | (u >> 12)))
    out.append(UInt8(0x80 | ((u >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (u & 0x3F)))
  default:
    out.append(UInt8(0xF0 | (u >> 18)))
    out.append(UInt8(0x80 | ((u >> 12) & 0x3F)))
    out.append(UInt8(0x80 | ((u >> 6) & 0x3F)))
    out.append(UInt8(0x80 | (u & 0x3F)))
  }
}

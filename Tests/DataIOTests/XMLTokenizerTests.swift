import Foundation
import Testing

@testable import DataIO

/// The events of a document as short strings: "<name a=v>", "text", "</name>".
private func events(_ bytes: [UInt8]) throws -> [String] {
  let result: Result<[String], XMLSyntaxError> = XMLDocument.withUTF8(Data(bytes)) { b, encodingError in
    if let encodingError { return .failure(XMLSyntaxError(offset: 0, message: encodingError)) }
    do throws(XMLSyntaxError) {
      var t = try XMLTokenizer(utf8: b)
      var out: [String] = []
      while true {
        switch try t.next() {
        case .startElement:
          let attrs = t.attributes.map { " \(t.string($0.nameStart, $0.nameEnd))=\(t.value($0))" }.joined()
          out.append("<\(t.currentName)\(attrs)>")
        case .endElement: out.append("</\(t.currentName)>")
        case .text: out.append(t.textString())
        case .endOfDocument: return .success(out)
        }
      }
    } catch {
      return .failure(error)
    }
  }
  return try result.get()
}

private func events(_ s: String) throws -> [String] { try events(Array(s.utf8)) }

/// The error of a malformed document.
private func failure(_ bytes: [UInt8]) -> XMLSyntaxError? {
  do {
    _ = try events(bytes)
    return nil
  } catch {
    return error as? XMLSyntaxError
  }
}

@Suite struct XMLTokenizerTests {
  @Test func wellFormedFeatures() throws {
    #expect(try events("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<a x=\"1\" y='2'>hi<b/>there</a>\n")
      == ["<a x=1 y=2>", "hi", "<b>", "</b>", "there", "</a>"])
    // References, CDATA (kept literally), comments and processing instructions.
    #expect(try events("<a>&lt;&gt;&amp;&apos;&quot;&#65;&#x20AC;<![CDATA[&amp;<b>]]><!-- c --><?pi data?></a>")
      == ["<a>", "<>&'\"A€", "&amp;<b>", "</a>"])
    // Attribute values: references decoded, tab/LF/CR become spaces (XML §3.3.3), not &#9;.
    #expect(try events("<a v=\"x&amp;y\tz\r\nw&#9;\"/>") == ["<a v=x&y z w\t>", "</a>"])
    // Line ends in text: CR LF and CR become LF; &#13; stays CR.
    #expect(try events("<a>1\r\n2\r3&#13;</a>") == ["<a>", "1\n2\n3\r", "</a>"])
    // Prefixed names: consumers match the local name.
    #expect(try events("<x:row xmlns:x=\"u\" r:id=\"7\"/>") == ["<x:row xmlns:x=u r:id=7>", "</x:row>"])
    // Non-ASCII names and text.
    #expect(try events("<Straße ä=\"ü\">東京</Straße>") == ["<Straße ä=ü>", "東京", "</Straße>"])
  }

  @Test func byteOrderMarksAndUTF16() throws {
    #expect(try events([0xEF, 0xBB, 0xBF] + Array("<a>x</a>".utf8)) == ["<a>", "x", "</a>"])
    let text = "<?xml version=\"1.0\" encoding=\"UTF-16\"?><a>Grüße 😀</a>"
    let le = [UInt8]([0xFF, 0xFE]) + text.utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
    let be = [UInt8]([0xFE, 0xFF]) + text.utf16.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    #expect(try events(le) == ["<a>", "Grüße 😀", "</a>"])
    #expect(try events(be) == ["<a>", "Grüße 😀", "</a>"])
    // An unpaired surrogate is an error, not a replacement character.
    #expect(failure([0xFF, 0xFE, 0x3C, 0x00, 0x61, 0x00, 0x3E, 0x00, 0x00, 0xD8, 0x3C, 0x00]) != nil)
  }

  /// Malformed input: each is an error with the offset of the problem (never a trap).
  @Test(arguments: [
    ("<a>", "ends inside element <a>", 3),
    ("<a></b>", "does not match the open element <a>", 3),
    ("<a x=\"1<2\"/>", "'<' inside the value of attribute 'x'", 7),
    ("<worksheet xmlns=\"a<?x?>b\"/>", "'<' inside the value of attribute 'xmlns'", 19),
    ("<a x=\"1\" x=\"2\"/>", "attribute 'x' appears twice", 9),
    ("<a x=1/>", "is not quoted", 5),
    ("<a x=\"1\"y=\"2\"/>", "separated by white space", 8),
    ("<a x/>", "has no '=' and value", 4),
    ("<a>&foo;</a>", "undeclared entity '&foo;'", 3),
    ("<a>&#0;</a>", "character reference to U+0", 3),
    ("<a>&#xD800;</a>", "character reference to U+D800", 3),
    ("<a>&#99999999999;</a>", "out of range", 3),
    ("<a>a & b</a>", "'&' does not start a reference", 5),
    ("<!DOCTYPE a [<!ENTITY x \"y\">]><a>&x;</a>", "document type declaration", 0),
    ("<a/><b/>", "a second root element", 4),
    ("text<a/>", "text before the root element", 0),
    ("<a/>text", "text after the root element", 4),
    ("<a><!-- x -- y --></a>", "'--' is not allowed inside a comment", 10),
    ("<a><![CDATA[x</a>", "CDATA section is never closed", 3),
    ("<a>]]></a>", "']]>' is not allowed in text", 3),
    ("<a:/>", "ends with ':'", 2),
    ("<a:b:c/>", "misplaced ':'", 4),
    ("<1a/>", "cannot start with '1'", 1),
    ("<a>< b/></a>", "expected an element name, found ' '", 4),
    (" <?xml version=\"1.0\"?><a/>", "must come first", 1),
    ("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a/>", "encoding 'iso-8859-1' is not supported", 5),
    ("", "has no root element", 0),
    ("<a x=\"1", "is never closed", 5),
    ("<a", "is never closed", 0),
    ("<a><!x></a>", "neither a comment nor a CDATA section", 3),
  ] as [(String, String, Int)])
  func malformed(_ c: (String, String, Int)) {
    let error = failure(Array(c.0.utf8))
    #expect(error?.message.contains(c.1) == true, "\(c.0): \(String(describing: error))")
    #expect(error?.offset == c.2, "\(c.0): \(String(describing: error))")
  }

  @Test func invalidBytesAndCharacters() {
    // Foundation's XMLParser trapped on an invalid UTF-8 byte inside a name.
    #expect(failure(Array("<c".utf8) + [0xFF] + Array("/>".utf8))?.message == "byte 0xFF is not valid UTF-8")
    #expect(failure(Array("<a>".utf8) + [0xC0, 0x80] + Array("</a>".utf8))?.offset == 3)  // overlong NUL
    #expect(failure(Array("<a>".utf8) + [0xED, 0xA0, 0x80] + Array("</a>".utf8))?.offset == 3)  // surrogate
    #expect(failure(Array("<a>\u{1}</a>".utf8))?.message == "character U+1 is not allowed in XML")
    #expect(failure(Array("<a>\u{FFFE}</a>".utf8))?.message == "character U+FFFE is not allowed in XML")
    #expect(failure(Array("<a>\u{0}</a>".utf8))?.offset == 3)
  }

  @Test func depthAndAttributeLimits() {
    let deep = String(repeating: "<a>", count: 300) + String(repeating: "</a>", count: 300)
    #expect(failure(Array(deep.utf8))?.message == "elements nested more than 256 deep")
    let many = "<a " + (0..<300).map { "x\($0)=\"1\"" }.joined(separator: " ") + "/>"
    #expect(failure(Array(many.utf8))?.message == "<a> has more than 256 attributes")
    let fine = String(repeating: "<a>", count: 256) + String(repeating: "</a>", count: 256)
    #expect(failure(Array(fine.utf8)) == nil)
  }

  @Test func lineAndColumn() {
    let doc = Array("<a>\n  <b>\n    <c></a>".utf8)
    guard let e = failure(doc) else {
      Issue.record("expected an error")
      return
    }
    let (line, column) = doc.withUnsafeBufferPointer { e.lineAndColumn(in: $0) }
    #expect(line == 3 && column == 8)
    #expect(e.message == "end tag </a> does not match the open element <c>")
  }

  /// Every prefix of a well-formed document is malformed (a truncated part is never a document).
  @Test func everyTruncationIsAnError() {
    let doc = Array("<?xml version=\"1.0\"?><w><r n=\"1\"><c>1</c><c>&amp;</c></r><![CDATA[x]]><!--c--></w>".utf8)
    for k in 0..<doc.count {
      // Prefixes that end right after the root's end tag cannot happen before the last byte.
      #expect(failure(Array(doc[0..<k])) != nil, "prefix of \(k) bytes was accepted")
    }
    #expect(failure(doc) == nil)
  }
}

/// The element tree over the tokenizer (for metadata files such as LimeSurvey `.lss`).
@Suite struct XMLTreeTests {
  @Test func elementsAttributesAndText() throws {
    let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<document a=\"1 &amp; 2\"><rows><row><q><![CDATA[Wie <b>sehr</b>?]]></q></row>"
      + "<row><q>x &lt; y</q><empty/></row></rows></document>"
    let root = try XMLTree.parse(Data(xml.utf8))
    #expect(root.name == "document" && root.attributes == ["a": "1 & 2"])
    let rows = root.children[0].children
    #expect(rows.count == 2)
    #expect(rows[0].children[0].text == "Wie <b>sehr</b>?")
    #expect(rows[1].children.map(\.name) == ["q", "empty"] && rows[1].children[0].text == "x < y")
  }

  @Test func errorsHaveLineAndColumn() {
    #expect(throws: XMLTreeError(line: 2, column: 4, message: "end tag </b> does not match the open element <a>")) {
      try XMLTree.parse(Data("<d>\n<a></b></d>".utf8))
    }
  }
}

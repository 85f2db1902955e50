import Foundation

/// A small XML document as a tree of elements, built with ``XMLTokenizer`` (the byte tokenizer
/// that replaced Foundation's `XMLParser`, which traps on some malformed input).
///
/// For metadata files read whole, such as a LimeSurvey survey structure (`.lss`): everything the
/// tokenizer checks holds here (well-formedness, XML characters, no DTD, depth ≤
/// 256, unique attributes), and a problem is an ``XMLTreeError`` with line and column, never a
/// trap. Names are kept as written (qualified: `prefix:local`), attribute values and text with
/// references replaced.
public struct XMLTree: Sendable, Equatable {
  public var name: String
  public var attributes: [String: String]
  public var children: [XMLTree]
  /// Character data directly inside the element (text runs and CDATA), concatenated.
  public var text: String

  public init(name: String, attributes: [String: String] = [:], children: [XMLTree] = [], text: String = "") {
    self.name = name
    self.attributes = attributes
    self.children = children
    self.text = text
  }

  /// Parses a whole document (UTF-8, or UTF-16 with a byte-order mark) and returns its root.
  public static func parse(_ data: Data) throws(XMLTreeError) -> XMLTree {
    let result: Result<XMLTree, XMLTreeError> = XMLDocument.withUTF8(data) { bytes, encodingProblem in
      if let encodingProblem { return .failure(XMLTreeError(line: 1, column: 1, message: encodingProblem)) }
      do throws(XMLSyntaxError) {
        return .success(try build(bytes))
      } catch {
        let (line, column) = error.lineAndColumn(in: bytes)
        return .failure(XMLTreeError(line: line, column: column, message: error.message))
      }
    }
    return try result.get()
  }

  private static func build(_ bytes: UnsafeBufferPointer<UInt8>) throws(XMLSyntaxError) -> XMLTree {
    var tokenizer = try XMLTokenizer(utf8: bytes)
    var stack: [XMLTree] = []
    var root: XMLTree? = nil
    while true {
      switch try tokenizer.next() {
      case .startElement:
        var attributes: [String: String] = [:]
        for a in tokenizer.attributes { attributes[tokenizer.string(a.nameStart, a.nameEnd)] = tokenizer.value(a) }
        stack.append(XMLTree(name: tokenizer.currentName, attributes: attributes))
      case .endElement:
        guard let done = stack.popLast() else { continue }
        if stack.isEmpty { root = done } else { stack[stack.count - 1].children.append(done) }
      case .text:
        if !stack.isEmpty { stack[stack.count - 1].text += tokenizer.textString() }
      case .endOfDocument:
        guard let root else { throw XMLSyntaxError(offset: bytes.count, message: "the document has no root element") }
        return root
      }
    }
  }
}

/// Why an XML document could not be read: the place (1-based line; the column counts
/// characters) and what is wrong there.
public struct XMLTreeError: Error, Sendable, Equatable, CustomStringConvertible {
  public var line: Int
  public var column: Int
  public var message: String
  public var description: String { "\(line):\(column): \(message)" }
}

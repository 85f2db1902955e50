import DataIO
import Foundation

/// An element of a survey structure file (LimeSurvey `.lss`).
///
/// The XML is read by DataIO's ``DataIO/XMLTree``, built on the project's byte tokenizer (the one
/// the XLSX reader uses; Foundation's `XMLParser` traps on some malformed input, PLATFORM.md,
/// 2026-12-07): well-formedness, XML characters, no DTD, nesting at most 256 deep; a problem
/// is `SurveyExportError.malformed` with the line, never a trap. The whole XML layer of this
/// module is ``parse(_:path:)``.
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

  init(_ tree: XMLTree) {
    name = tree.name
    attributes = tree.attributes
    children = tree.children.map(XMLElement.init)
    text = tree.text
  }

  /// Parses a document and returns its root element.
  public static func parse(_ bytes: [UInt8], path: String) throws(SurveyExportError) -> XMLElement {
    do {
      return XMLElement(try XMLTree.parse(Data(bytes)))
    } catch {
      throw .malformed(path: path, line: error.line, reason: "column \(error.column): \(error.message)")
    }
  }
}

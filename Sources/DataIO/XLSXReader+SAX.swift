// The FoundationXML SAX delegates of the XLSX reader (relationships, workbook, shared strings,
// sheet); split from XLSXReader.swift. Streams via XMLParser(stream:), never XMLParser(data:).
import Foundation
import ZIPFoundation

#if canImport(FoundationXML)
  import FoundationXML
#endif

// MARK: - SAX delegates

/// `<Relationship Id= Type= Target=/>` elements.
final class RelationshipsHandler: NSObject, XMLParserDelegate {
  struct Relationship { var id: String; var type: String; var target: String }
  var relationships: [Relationship] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    guard localName(elementName) == "Relationship" else { return }
    relationships.append(
      Relationship(
        id: attribute(attributeDict, "Id") ?? "", type: attribute(attributeDict, "Type") ?? "",
        target: attribute(attributeDict, "Target") ?? ""))
  }
}

/// `<sheet name= r:id=/>` elements of the workbook part.
final class WorkbookHandler: NSObject, XMLParserDelegate {
  struct Sheet { var name: String; var relationshipID: String? }
  var sheets: [Sheet] = []

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    guard localName(elementName) == "sheet", let name = attributeDict["name"] else { return }
    // The relationship id is the namespaced "r:id" (any prefix), not a plain "id".
    let rid = attributeDict.first(where: { $0.key.hasSuffix(":id") })?.value
    sheets.append(Sheet(name: name, relationshipID: rid))
  }
}

/// `<si>` items: the text of all `<t>` in it (rich-text runs concatenated), except phonetic `<rPh>`.
final class SharedStringsHandler: NSObject, XMLParserDelegate {
  var strings: [String] = []
  private var current = ""
  private var inText = false
  private var phoneticDepth = 0

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    switch localName(elementName) {
    case "si": current = ""
    case "t": inText = phoneticDepth == 0
    case "rPh": phoneticDepth += 1
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if inText { current += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
  ) {
    switch localName(elementName) {
    case "si": strings.append(decodeXString(current))
    case "t": inText = false
    case "rPh": phoneticDepth -= 1
    default: break
    }
  }
}

/// The rows and cells of a worksheet part.
final class SheetHandler: NSObject, XMLParserDelegate {
  private let sharedStrings: [String]
  var rows: [XLSXRow] = []
  /// The first content problem (bad shared-string index, bad reference); parsing stops there.
  var problem: String?

  private var rowNumber = 0
  private var rowCells: [(column: Int, value: XLSXCellValue)] = []
  private var inRow = false
  private var cellColumn = -1
  private var cellType = "n"
  private var cellRef = ""
  private var inCell = false
  private var text = ""
  private var collecting = false
  private var phoneticDepth = 0
  private var inlineText = ""
  private var valueText: String?

  init(sharedStrings: [String]) { self.sharedStrings = sharedStrings }

  func parser(
    _ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?,
    qualifiedName qName: String?, attributes attributeDict: [String: String] = [:]
  ) {
    switch localName(elementName) {
    case "row":
      if let r = attributeDict["r"] {
        guard let n = Int(r), n > rowNumber else {
          fail(parser, "row number '\(r)' after row \(rowNumber); rows must be numbered upwards")
          return
        }
        rowNumber = n
      } else {
        rowNumber += 1
      }
      inRow = true
      rowCells = []
      cellColumn = -1
    case "c":
      guard inRow else { return }
      inCell = true
      cellType = attributeDict["t"] ?? "n"
      valueText = nil
      inlineText = ""
      if let ref = attributeDict["r"] {
        guard let c = columnIndex(ofReference: ref) else {
          fail(parser, "cell reference '\(ref)' in row \(rowNumber) is not a column letter plus row number")
          return
        }
        cellRef = ref
        cellColumn = c
      } else {
        cellColumn += 1
        cellRef = "\(columnLetters(cellColumn))\(rowNumber)"
      }
    case "v":
      if inCell { collecting = true; text = "" }
    case "t":
      if inCell, phoneticDepth == 0 { collecting = true; text = "" }
    case "rPh":
      phoneticDepth += 1
    default: break
    }
  }

  func parser(_ parser: XMLParser, foundCharacters string: String) {
    if collecting { text += string }
  }

  func parser(
    _ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?
  ) {
    switch localName(elementName) {
    case "v":
      if collecting { valueText = text; collecting = false }
    case "t":
      if collecting { inlineText += text; collecting = false }
    case "rPh":
      phoneticDepth -= 1
    case "c":
      guard inCell else { return }
      inCell = false
      let value = cellValue(parser)
      if value != .empty { rowCells.append((cellColumn, value)) }
    case "row":
      inRow = false
      if !rowCells.isEmpty { rows.append(XLSXRow(number: rowNumber, cells: rowCells)) }
    default: break
    }
  }

  private func cellValue(_ parser: XMLParser) -> XLSXCellValue {
    switch cellType {
    case "s":
      guard let v = valueText else { return .empty }
      guard let i = Int(v.trimmingWhitespace()), i >= 0, i < sharedStrings.count else {
        fail(parser, "cell \(cellRef) points at shared string '\(v)', but the table has \(sharedStrings.count)")
        return .empty
      }
      return .text(sharedStrings[i])
    case "inlineStr":
      return .text(decodeXString(inlineText))
    case "str":
      return valueText.map { .text(decodeXString($0)) } ?? .empty
    case "b":
      guard let v = valueText?.trimmingWhitespace() else { return .empty }
      return .boolean(v == "1" || v.lowercased() == "true")
    case "e":
      return valueText.map { .error($0) } ?? .empty
    default:  // "n", "d" (ISO date text, kept as text when not a number)
      guard let v = valueText?.trimmingWhitespace(), !v.isEmpty else { return .empty }
      if let x = Double(v), x.isFinite { return .number(x) }
      return .text(v)
    }
  }

  private func fail(_ parser: XMLParser, _ message: String) {
    if problem == nil { problem = "line \(parser.lineNumber): \(message)" }
    parser.abortParsing()
  }
}

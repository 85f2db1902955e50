// The part parsers of the XLSX reader (relationships, workbook, shared strings, sheet) over the
// byte tokenizer `XMLTokenizer`; split from XLSXReader.swift.
import FileSafety

/// `<Relationship Id= Type= Target=/>` elements (attributes matched by local name).
struct RelationshipsParser {
  struct Relationship { var id: String; var type: String; var target: String }
  var relationships: [Relationship] = []

  mutating func parse(_ t: inout XMLTokenizer) throws(XMLSyntaxError) {
    while true {
      switch try t.next() {
      case .startElement where t.localNameIs("Relationship"):
        relationships.append(
          Relationship(
            id: t.attribute(named: "Id").map(t.value) ?? "", type: t.attribute(named: "Type").map(t.value) ?? "",
            target: t.attribute(named: "Target").map(t.value) ?? ""))
      case .endOfDocument: return
      default: continue
      }
    }
  }
}

/// `<sheet name= r:id=/>` elements of the workbook part.
struct WorkbookParser {
  struct Sheet { var name: String; var relationshipID: String? }
  var sheets: [Sheet] = []

  mutating func parse(_ t: inout XMLTokenizer) throws(XMLSyntaxError) {
    while true {
      switch try t.next() {
      case .startElement where t.localNameIs("sheet"):
        guard let name = t.value(of: "name") else { continue }
        // The relationship id is the namespaced "r:id" (any prefix), not a plain "id".
        let rid = t.attributes.first(where: { t.hasPrefix($0) && t.attribute($0, isNamed: "id") }).map(t.value)
        sheets.append(Sheet(name: name, relationshipID: rid))
      case .endOfDocument: return
      default: continue
      }
    }
  }
}

/// `<si>` items: the text of all `<t>` in it (rich-text runs concatenated), except phonetic `<rPh>`.
struct SharedStringsParser {
  var strings: [String] = []

  mutating func parse(_ t: inout XMLTokenizer) throws(XMLSyntaxError) {
    var current = ""
    var inText = false
    var phoneticDepth = 0
    while true {
      switch try t.next() {
      case .startElement:
        if t.localNameIs("si") {
          current = ""
        } else if t.localNameIs("t") {
          inText = phoneticDepth == 0
        } else if t.localNameIs("rPh") {
          phoneticDepth += 1
        }
      case .text:
        if inText { current += t.textString() }
      case .endElement:
        if t.localNameIs("si") {
          strings.append(decodeXString(current))
        } else if t.localNameIs("t") {
          inText = false
        } else if t.localNameIs("rPh") {
          phoneticDepth -= 1
        }
      case .endOfDocument: return
      }
    }
  }
}

/// The rows and cells of a worksheet part.
///
/// Content problems (a shared-string index out of range, a bad cell reference, rows numbered
/// downwards) are ``XMLSyntaxError``s at the offending tag. The text the cells hold, with shared
/// strings counted at every use, may not exceed `textBudget` bytes: a few shared strings of
/// 32 KB referenced by a million cells would otherwise make every later pass over the table slow.
struct SheetParser {
  let sharedStrings: [String]
  let textLimit: Int
  var textBudget: Int
  var rows: [XLSXRow] = []
  /// Non-empty cells kept.
  var cellCount = 0

  init(sharedStrings: [String], textBudget: Int) {
    self.sharedStrings = sharedStrings
    self.textLimit = textBudget
    self.textBudget = textBudget
  }

  private enum CellType { case number, shared, inline, formula, boolean, error }

  mutating func parse(_ t: inout XMLTokenizer) throws(XMLSyntaxError) {
    var rowNumber = 0
    var rowCells: [(column: Int, value: XLSXCellValue)] = []
    var inRow = false
    var inCell = false
    var cellColumn = -1
    var cellType = CellType.number
    var cellRef = ""
    var collecting = false
    var text = ""
    var phoneticDepth = 0
    var inlineText = ""
    var valueText: String? = nil
    var tagOffset = 0
    while true {
      switch try t.next() {
      case .startElement:
        if t.localNameIs("c") {
          guard inRow else { continue }
          inCell = true
          tagOffset = t.nameStart
          cellType = Self.cellType(t.value(of: "t"))
          valueText = nil
          inlineText = ""
          if let ref = t.value(of: "r") {
            guard let c = columnIndex(ofReference: ref) else {
              throw XMLSyntaxError(
                offset: t.nameStart, message: "cell reference '\(ref)' in row \(rowNumber) is not a column letter plus row number", isContent: true)
            }
            cellRef = ref
            cellColumn = c
          } else {
            cellColumn += 1
            cellRef = "\(columnLetters(cellColumn))\(rowNumber)"
          }
        } else if t.localNameIs("v") {
          if inCell {
            collecting = true
            text = ""
          }
        } else if t.localNameIs("t") {
          if inCell, phoneticDepth == 0 {
            collecting = true
            text = ""
          }
        } else if t.localNameIs("row") {
          if let r = t.value(of: "r") {
            guard let n = Int(r), n > rowNumber else {
              throw XMLSyntaxError(offset: t.nameStart, message: "row number '\(r)' after row \(rowNumber); rows must be numbered upwards", isContent: true)
            }
            rowNumber = n
          } else {
            rowNumber += 1
          }
          inRow = true
          rowCells.removeAll(keepingCapacity: true)
          cellColumn = -1
        } else if t.localNameIs("rPh") {
          phoneticDepth += 1
        }
      case .text:
        if collecting { text += t.textString() }
      case .endElement:
        if t.localNameIs("c") {
          guard inCell else { continue }
          inCell = false
          let value = try cellValue(type: cellType, value: valueText, inline: inlineText, ref: cellRef, offset: tagOffset)
          if value != .empty {
            rowCells.append((cellColumn, value))
            cellCount += 1
          }
        } else if t.localNameIs("v") {
          if collecting {
            valueText = text
            collecting = false
          }
        } else if t.localNameIs("t") {
          if collecting {
            inlineText += text
            collecting = false
          }
        } else if t.localNameIs("row") {
          inRow = false
          if !rowCells.isEmpty { rows.append(XLSXRow(number: rowNumber, cells: rowCells)) }
        } else if t.localNameIs("rPh") {
          phoneticDepth -= 1
        }
      case .endOfDocument:
        return
      }
    }
  }

  private static func cellType(_ t: String?) -> CellType {
    switch t {
    case "s": .shared
    case "inlineStr": .inline
    case "str": .formula
    case "b": .boolean
    case "e": .error
    default: .number  // "n", "d" (ISO date text, kept as text when not a number), absent
    }
  }

  private mutating func cellValue(type: CellType, value: String?, inline: String, ref: String, offset: Int)
    throws(XMLSyntaxError) -> XLSXCellValue
  {
    let result: XLSXCellValue
    switch type {
    case .shared:
      guard let v = value else { return .empty }
      guard let i = Int(v.trimmingWhitespace()), i >= 0, i < sharedStrings.count else {
        throw XMLSyntaxError(offset: offset, message: "cell \(ref) points at shared string '\(v)', but the table has \(sharedStrings.count)", isContent: true)
      }
      result = .text(sharedStrings[i])
    case .inline:
      result = .text(decodeXString(inline))
    case .formula:
      guard let v = value else { return .empty }
      result = .text(decodeXString(v))
    case .boolean:
      guard let v = value?.trimmingWhitespace() else { return .empty }
      return .boolean(v == "1" || v.lowercased() == "true")
    case .error:
      guard let v = value else { return .empty }
      result = .error(v)
    case .number:
      guard let v = value?.trimmingWhitespace(), !v.isEmpty else { return .empty }
      if let x = Double(v), x.isFinite { return .number(x) }
      result = .text(v)
    }
    if case .text(let s) = result {
      textBudget -= s.utf8.count
      if textBudget < 0 {
        throw XMLSyntaxError(
          offset: offset,
          message: "the sheet's text (shared strings counted at every use) exceeds \(byteCount(textLimit)) at cell \(ref)", isContent: true)
      }
    }
    return result
  }
}

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

  /// The text of a `<v>` element: one undecoded run as a byte range (the common case, read
  /// without making a `String`), or decoded text.
  private enum ValueText {
    case none
    case raw(Range<Int>)
    case text(String)
  }

  mutating func parse(_ t: inout XMLTokenizer) throws(XMLSyntaxError) {
    var rowNumber = 0
    var rowCells: [(column: Int, value: XLSXCellValue)] = []
    var inRow = false
    var inCell = false
    var cellColumn = -1
    var cellType = CellType.number
    var cellRef: Range<Int>? = nil  // the `r` attribute's bytes, nil when implicit
    var collecting = false
    var collectingValue = false
    var text = ""
    var raw: Range<Int>? = nil
    var phoneticDepth = 0
    var inlineText = ""
    var value = ValueText.none
    var tagOffset = 0
    while true {
      switch try t.next() {
      case .startElement:
        if t.localNameIs("c") {
          guard inRow else { continue }
          inCell = true
          tagOffset = t.nameStart
          cellType = Self.cellType(t)
          value = .none
          inlineText = ""
          if let a = t.attribute(qualified: "r") {
            let column: Int?
            if let r = t.rawValueRange(a) {
              column = columnIndex(ofReference: t, r)
              cellRef = r
            } else {
              let ref = t.value(a)
              column = columnIndex(ofReference: ref)
              cellRef = a.valueStart..<a.valueEnd
            }
            guard let column else {
              throw XMLSyntaxError(
                offset: t.nameStart, message: "cell reference '\(t.value(a))' in row \(rowNumber) is not a column letter plus row number",
                isContent: true)
            }
            cellColumn = column
          } else {
            cellColumn += 1
            cellRef = nil
          }
        } else if t.localNameIs("v") {
          if inCell {
            collecting = true
            collectingValue = true
            text = ""
            raw = nil
          }
        } else if t.localNameIs("t") {
          if inCell, phoneticDepth == 0 {
            collecting = true
            collectingValue = false
            text = ""
            raw = nil
          }
        } else if t.localNameIs("row") {
          if let a = t.attribute(qualified: "r") {
            guard let n = t.rawValueRange(a).flatMap({ Self.integer(t, $0) }) ?? Int(t.value(a)), n > rowNumber else {
              throw XMLSyntaxError(
                offset: t.nameStart, message: "row number '\(t.value(a))' after row \(rowNumber); rows must be numbered upwards",
                isContent: true)
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
        guard collecting else { continue }
        // The first undecoded run of a <v> is kept as bytes; anything more becomes text.
        if collectingValue, text.isEmpty, raw == nil, let r = t.rawTextRange {
          raw = r
          continue
        }
        if let r = raw {
          text = t.string(r.lowerBound, r.upperBound)
          raw = nil
        }
        text += t.textString()
      case .endElement:
        if t.localNameIs("c") {
          guard inCell else { continue }
          inCell = false
          let v = try cellValue(t, type: cellType, value: value, inline: inlineText, ref: cellRef, row: rowNumber,
                                column: cellColumn, offset: tagOffset)
          if v != .empty {
            rowCells.append((cellColumn, v))
            cellCount += 1
          }
        } else if t.localNameIs("v") {
          if collecting {
            value = raw.map { .raw($0) } ?? .text(text)
            collecting = false
          }
        } else if t.localNameIs("t") {
          if collecting {
            inlineText += raw.map { t.string($0.lowerBound, $0.upperBound) } ?? text
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

  /// The cell's `t` attribute; decoded only when it holds references.
  private static func cellType(_ t: XMLTokenizer) -> CellType {
    guard let a = t.attribute(qualified: "t") else { return .number }
    guard let r = t.rawValueRange(a) else { return cellType(t.value(a)) }
    if t.bytes(r, equal: "s") { return .shared }
    if t.bytes(r, equal: "inlineStr") { return .inline }
    if t.bytes(r, equal: "str") { return .formula }
    if t.bytes(r, equal: "b") { return .boolean }
    if t.bytes(r, equal: "e") { return .error }
    return .number  // "n", "d" (ISO date text, kept as text when not a number), anything else
  }

  private static func cellType(_ t: String?) -> CellType {
    switch t {
    case "s": .shared
    case "inlineStr": .inline
    case "str": .formula
    case "b": .boolean
    case "e": .error
    default: .number
    }
  }

  /// `[+-]?digits` in `bytes[r]` as an `Int` (as `Int(String)`), nil otherwise or on overflow.
  static func integer(_ t: XMLTokenizer, _ r: Range<Int>) -> Int? {
    var i = r.lowerBound
    var negative = false
    if i < r.upperBound, t[i] == UInt8(ascii: "-") || t[i] == UInt8(ascii: "+") {
      negative = t[i] == UInt8(ascii: "-")
      i += 1
    }
    guard i < r.upperBound else { return nil }
    var n = 0
    while i < r.upperBound {
      let d = t[i] &- UInt8(ascii: "0")
      guard d < 10 else { return nil }
      let (m, o1) = n.multipliedReportingOverflow(by: 10)
      let (s, o2) = m.addingReportingOverflow(Int(d))
      guard !o1, !o2 else { return nil }
      n = s
      i += 1
    }
    return negative ? -n : n
  }

  /// A plain integer of at most 15 digits (optional '-', surrounding blanks) as the exact
  /// `Double` that `Double(String)` would give; nil for anything else (which takes the `String` path).
  static func shortInteger(_ t: XMLTokenizer, _ r: Range<Int>) -> Double? {
    var lo = r.lowerBound, hi = r.upperBound
    func blank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
    while lo < hi, blank(t[lo]) { lo += 1 }
    while hi > lo, blank(t[hi - 1]) { hi -= 1 }
    var negative = false
    if lo < hi, t[lo] == UInt8(ascii: "-") {
      negative = true
      lo += 1
    }
    guard lo < hi, hi - lo <= 15 else { return nil }
    var n = 0
    for i in lo..<hi {
      let d = t[i] &- UInt8(ascii: "0")
      guard d < 10 else { return nil }
      n = n * 10 + Int(d)
    }
    return negative ? -Double(n) : Double(n)
  }

  private mutating func cellValue(
    _ t: XMLTokenizer, type: CellType, value: ValueText, inline: String, ref: Range<Int>?, row: Int, column: Int, offset: Int
  ) throws(XMLSyntaxError) -> XLSXCellValue {
    func text() -> String? {
      switch value {
      case .none: nil
      case .raw(let r): t.string(r.lowerBound, r.upperBound)
      case .text(let s): s
      }
    }
    func reference() -> String { ref.map { t.string($0.lowerBound, $0.upperBound) } ?? "\(columnLetters(column))\(row)" }
    let result: XLSXCellValue
    switch type {
    case .shared:
      if case .raw(let r) = value, let i = Self.integer(t, r), i >= 0, i < sharedStrings.count {
        result = .text(sharedStrings[i])
        break
      }
      guard let v = text() else { return .empty }
      guard let i = Int(v.trimmingWhitespace()), i >= 0, i < sharedStrings.count else {
        throw XMLSyntaxError(
          offset: offset, message: "cell \(reference()) points at shared string '\(v)', but the table has \(sharedStrings.count)",
          isContent: true)
      }
      result = .text(sharedStrings[i])
    case .inline:
      result = .text(decodeXString(inline))
    case .formula:
      guard let v = text() else { return .empty }
      result = .text(decodeXString(v))
    case .boolean:
      guard let v = text()?.trimmingWhitespace() else { return .empty }
      return .boolean(v == "1" || v.lowercased() == "true")
    case .error:
      guard let v = text() else { return .empty }
      result = .error(v)
    case .number:
      if case .raw(let r) = value, let x = Self.shortInteger(t, r) { return .number(x) }
      guard let v = text()?.trimmingWhitespace(), !v.isEmpty else { return .empty }
      if let x = Double(v), x.isFinite { return .number(x) }
      result = .text(v)
    }
    if case .text(let s) = result {
      textBudget -= s.utf8.count
      if textBudget < 0 {
        throw XMLSyntaxError(
          offset: offset,
          message: "the sheet's text (shared strings counted at every use) exceeds \(byteCount(textLimit)) at cell \(reference())",
          isContent: true)
      }
    }
    return result
  }
}

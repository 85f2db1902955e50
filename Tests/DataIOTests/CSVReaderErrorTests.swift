import DataIO
import Foundation
import Testing

/// Bad input gives the specific `DataError`, with the line (1-based, physical) and column
/// (1-based field) where the problem starts — never a trap.
@Suite struct CSVReaderErrorTests {
  @Test func unbalancedQuoteNamesTheLineWhereItOpened() {
    #expect(csvError { () throws(DataError) in try readCSV("a,b\n1,2\n3,\"open\n4,5\n6,7\n") }
      == .unbalancedQuote(path: "t.csv", line: 3, column: 2))
    // The quote "closes" at a later quote, followed by text: still the field that opened on line 2.
    #expect(csvError { () throws(DataError) in try readCSV("a,b\n\"x,1\n2,\"y\"\n") }
      == .unbalancedQuote(path: "t.csv", line: 2, column: 1))
    #expect(csvError { () throws(DataError) in try readCSV("a,b\n\"x\"y,2\n") }
      == .unbalancedQuote(path: "t.csv", line: 2, column: 1))
    #expect(csvError { () throws(DataError) in try readCSV("\"a") } == .unbalancedQuote(path: "t.csv", line: 1, column: 1))
  }

  @Test func raggedRowGivesLineFoundExpected() {
    #expect(csvError { () throws(DataError) in try readCSV("a,b,c\n1,2,3\n4,5\n") }
      == .raggedRow(path: "t.csv", line: 3, found: 2, expected: 3))
    #expect(csvError { () throws(DataError) in try readCSV("a;b\n1;2\n3;4;5\n") }
      == .raggedRow(path: "t.csv", line: 3, found: 3, expected: 2))
    // A quoted line break moves the next record to line 4; a blank line inside is one field.
    #expect(csvError { () throws(DataError) in try readCSV("a,b\n\"x\ny\",1\n2\n") }
      == .raggedRow(path: "t.csv", line: 4, found: 1, expected: 2))
    #expect(csvError { () throws(DataError) in try readCSV("a,b\n1,2\n\n3,4\n") }
      == .raggedRow(path: "t.csv", line: 3, found: 1, expected: 2))
  }

  @Test func binaryIsNotText() {
    #expect(csvError { () throws(DataError) in try readCSV("a,b\n1,\u{0}\n") } == .notText(path: "t.csv", offset: 6))
    let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D]
    #expect(csvError { () throws(DataError) in try CSVReader.read(data: png, path: "x.png") } == .notText(path: "x.png", offset: 8))
  }

  @Test func emptyAndHeaderOnly() {
    #expect(csvError { () throws(DataError) in try CSVReader.read(data: [UInt8](), path: "e.csv") } == .empty(path: "e.csv"))
    #expect(csvError { () throws(DataError) in try readCSV("\r\n\n") } == .empty(path: "t.csv"))
    #expect(csvError { () throws(DataError) in try readCSV("\u{FEFF}") } == .empty(path: "t.csv"))
    #expect(csvError { () throws(DataError) in try readCSV("a;b\r\n") } == .headerOnly(path: "t.csv"))
    #expect(csvError { () throws(DataError) in try readCSV("a;b\r\n\r\n\r\n") } == .headerOnly(path: "t.csv"))
  }

  @Test func lineTooLong() {
    let long = String(repeating: "9", count: 200)
    #expect(csvError { () throws(DataError) in try readCSV("a,b\n1,\(long)\n", options: CSVOptions(maxLineLength: 100)) }
      == .lineTooLong(path: "t.csv", line: 2, limit: 100))
    // Default limit 1 MiB: one 2 MiB line without a line break.
    let huge = String(repeating: "x", count: 2 << 20)
    #expect(csvError { () throws(DataError) in try readCSV(huge) } == .lineTooLong(path: "t.csv", line: 1, limit: 1 << 20))
    // Inside a quoted field the limit applies to each physical line.
    #expect(csvError { () throws(DataError) in try readCSV("a\n\"x\n\(long)\n\"\n", options: CSVOptions(maxLineLength: 100)) }
      == .lineTooLong(path: "t.csv", line: 3, limit: 100))
  }

  @Test func badHeader() {
    guard case .badHeader(_, 3, let reason)? = csvError({ () throws(DataError) in try readCSV("a,b,a\n1,2,3\n") }) else {
      Issue.record("expected badHeader column 3")
      return
    }
    #expect(reason.contains("'a'") && reason.contains("column 1"))
    guard case .badHeader(_, 2, _)? = csvError({ () throws(DataError) in try readCSV("a, ,c\n1,2,3\n") }) else {
      Issue.record("expected badHeader column 2")
      return
    }
  }

  @Test func unreadableAndBadOptions() {
    guard case .unreadable(let p, let reason)? = csvError({ () throws(DataError) in try CSVReader.read(path: "/nonexistent/x.csv") }) else {
      Issue.record("expected unreadable")
      return
    }
    #expect(p == "/nonexistent/x.csv" && reason == "no such file")
    guard case .unreadable(_, let dirReason)? = csvError({ () throws(DataError) in try CSVReader.read(path: "/tmp") }),
      dirReason.contains("it is a directory, not a regular file")
    else {
      Issue.record("expected unreadable directory")
      return
    }
    guard case .malformed(_, "options", _)? = csvError({ () throws(DataError) in try readCSV("a\n1\n", options: CSVOptions(delimiter: "\"")) }) else {
      Issue.record("expected malformed options")
      return
    }
    guard case .malformed(_, "options", _)? = csvError({ () throws(DataError) in try readCSV("a\n1\n", options: CSVOptions(decimalSeparator: "x")) }) else {
      Issue.record("expected malformed options")
      return
    }
  }

  @Test func messagesNameFileAndLine() {
    let e = DataError.unbalancedQuote(path: "umfrage.csv", line: 17, column: 4)
    #expect(e.description.hasPrefix("umfrage.csv:17: column 4"))
  }
}

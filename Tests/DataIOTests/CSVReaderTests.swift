import DataIO
import Foundation
import Testing
import _TestSupport

/// Dialect fixtures under Tests/DataIOTests/Fixtures/csv (bytes as Excel/LibreOffice write them).
/// Tolerance for all numbers: exact (0 ulp) — each is the correctly rounded double of its decimal text.
@Suite struct CSVReaderDialectTests {
  let dir = "Tests/DataIOTests/Fixtures/csv/"

  @Test func germanExcelSemicolonDecimalCommaWindows1252() throws {
    let t = try CSVReader.read(path: repoPath(dir + "excel_de_semicolon_cp1252.csv"))
    #expect(t.format == .csv)
    #expect(t.columnNames == ["Kennung", "Gemeinde", "Alter", "Vertrauen", "Budget €"])
    #expect(csvTexts(t, "Kennung") == ["01001", "01002", "02000", "09162", "09184"])
    #expect(csvTexts(t, "Gemeinde") == ["Flensburg", "Kiel", "Hamburg", "München", "Landkreis Straße"])
    #expect(sameNumbers(csvNumbers(t, "Alter"), [45, 38, .nan, 61, 29]))
    #expect(sameNumbers(csvNumbers(t, "Vertrauen"), [3.5, 4, 2.25, 5, 1]))
    #expect(sameNumbers(csvNumbers(t, "Budget €"), [-12.75, 1000, .nan, 0.5, 2.5]))
    #expect(t.rowLocations == [2, 3, 4, 5, 6])
  }

  @Test func declaredEncodingAndDialectGiveTheSameTable() throws {
    let path = repoPath(dir + "excel_de_semicolon_cp1252.csv")
    let detected = try CSVReader.read(path: path)
    let declared = try CSVReader.read(
      path: path, options: CSVOptions(delimiter: ";", encoding: .windows1252, decimalSeparator: ","))
    #expect(sameContent(detected, declared))
    // Declaring UTF-8 for Windows-1252 bytes is an error at the first non-UTF-8 byte (€ = 0x80).
    let e = csvError { () throws(DataError) in try CSVReader.read(path: path, options: CSVOptions(encoding: .utf8)) }
    #expect(e == .notText(path: path, offset: 40))
  }

  @Test func utf8WithBOMAndCRLF() throws {
    let t = try CSVReader.read(path: repoPath(dir + "utf8_bom_crlf.csv"))
    #expect(t.columnNames == ["name", "score", "comment"])
    #expect(csvTexts(t, "name") == ["Ärger", "Öl", "ß", "€uro "])
    #expect(sameNumbers(csvNumbers(t, "score"), [1.5, 2, -300, 0.25]))
    #expect(csvTexts(t, "comment") == ["Hallo, Welt", "Er sagte \"ja\"", "", "ok"])
    #expect(t.rowLocations == [2, 3, 4, 5])
  }

  @Test func quotedNewlinesShiftRowLocations() throws {
    let t = try CSVReader.read(path: repoPath(dir + "quoted_newlines.csv"))
    #expect(sameNumbers(csvNumbers(t, "id"), [1, 2, 3, 4]))
    #expect(csvTexts(t, "text") == ["line one\nline two", "a \"quoted\" word", "multi\nline\ncell", "plain"])
    #expect(sameNumbers(csvNumbers(t, "value"), [10, 20, 30, 40]))
    #expect(t.rowLocations == [2, 4, 5, 8])
  }

  @Test func tabWithDecimalComma() throws {
    let t = try CSVReader.read(path: repoPath(dir + "tab_decimal_comma.tsv"))
    #expect(t.columnNames == ["item", "mean", "sd", "label"])
    #expect(sameNumbers(csvNumbers(t, "mean"), [3.25, 4, .nan]))
    #expect(sameNumbers(csvNumbers(t, "sd"), [1.1, 0.9, .nan]))
    #expect(
      csvTexts(t, "label") == ["Vertrauen in die Verwaltung", "Zufriedenheit, allgemein", "Tab\tim Text"])
  }

  @Test func dataOverloadMatchesPath() throws {
    let path = repoPath(dir + "utf8_bom_crlf.csv")
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    #expect(sameContent(try CSVReader.read(data: data, path: path), try CSVReader.read(path: path)))
  }

  @Test func leadingZeroKeepsKeysAsText() throws {
    // The zero appears only in the last row: earlier cells are recovered from the file as text.
    var s = "ags,n\n"
    for i in 1...5000 { s += "\(i),\(i % 7)\n" }
    s += "01001,3\n"
    let t = try readCSV(s)
    let ags = try #require(csvTexts(t, "ags"))
    #expect(ags.count == 5001)
    #expect(ags[0] == "1" && ags[4999] == "5000" && ags[5000] == "01001")
    #expect(csvNumbers(t, "n")?.count == 5001)
    #expect(csvTexts(try readCSV("x\n0\n-0.5\n0.25\n"), "x") == nil)  // a single 0 and 0.x are numbers
    #expect(csvTexts(try readCSV("x\n1\n-01\n"), "x") == ["1", "-01"])
  }

  @Test func decimalSeparatorDetection() throws {
    // ";" + a comma decimal: "," is the decimal separator, and a column with "." becomes text.
    let t = try readCSV("a;b;c\n1,5;2.5;3\n-0,25;1.000;4\n")
    #expect(sameNumbers(csvNumbers(t, "a"), [1.5, -0.25]))
    #expect(csvTexts(t, "b") == ["2.5", "1.000"])
    #expect(sameNumbers(csvNumbers(t, "c"), [3, 4]))
    // ";" without any comma decimal: "." is the decimal point.
    let u = try readCSV("a;b\n1.5;2\n")
    #expect(sameNumbers(csvNumbers(u, "a"), [1.5]))
    // "," delimiter: a quoted "1,5" is text unless the decimal comma is declared.
    #expect(csvTexts(try readCSV("a,b\n\"1,5\",2\n"), "a") == ["1,5"])
    let w = try readCSV("a,b\n\"1,5\",2\n", options: CSVOptions(decimalSeparator: ","))
    #expect(sameNumbers(csvNumbers(w, "a"), [1.5]))
    // Declared "." with ";": a comma decimal is text.
    #expect(csvTexts(try readCSV("a;b\n1,5;2\n", options: CSVOptions(decimalSeparator: ".")), "a") == ["1,5"])
  }

  @Test func numberFormats() throws {
    let t = try readCSV(
      "x\n 7 \n+3\n-2.5e3\n.5\n1E-2\n123456789012345678\n0.1\n1.7976931348623157e308\n4.9e-324\n\t8\t\n")
    #expect(
      sameNumbers(
        csvNumbers(t, "x"),
        [7, 3, -2500, 0.5, 0.01, 123_456_789_012_345_678, 0.1, 1.7976931348623157e308, 4.9e-324, 8]))
    // Not numbers: German ordinal "5.", inf/nan words, hex, overflow, thousands separators.
    for cell in ["5.", "inf", "nan", "0x10", "1e999", "1 000", "1.000,5", "--1", "e5", "1e"] {
      #expect(csvTexts(try readCSV("x\n1\n\(cell)\n"), "x") == ["1", cell], "\(cell)")
    }
  }

  @Test func lineEndingsAndBlankLines() throws {
    let lf = try readCSV("a,b\n1,2\n3,4\n")
    for variant in ["a,b\r\n1,2\r\n3,4\r\n", "a,b\r1,2\r3,4\r", "a,b\n1,2\n3,4", "a,b\n1,2\n3,4\n\n\r\n\n", "\n\na,b\n1,2\n3,4\n"] {
      let t = try readCSV(variant)
      #expect(sameContent(t, lf), "\(variant.debugDescription)")
    }
    #expect(try readCSV("\n\na,b\n1,2\n").rowLocations == [4])
    // One column: a blank line inside is an empty cell, blank lines at the end are not rows.
    let one = try readCSV("x\n1\n\n3\n\n\n")
    #expect(sameNumbers(csvNumbers(one, "x"), [1, .nan, 3]))
    #expect(one.rowLocations == [2, 3, 4])
  }

  @Test func noHeaderNamesColumnsLikeR() throws {
    let t = try readCSV("1;2\n3;4\n", options: CSVOptions(hasHeader: false))
    #expect(t.columnNames == ["V1", "V2"])
    #expect(sameNumbers(csvNumbers(t, "V2"), [2, 4]))
    #expect(t.rowLocations == [1, 2])
  }

  @Test func headerNamesAreTrimmed() throws {
    let t = try readCSV(" a ;\"b\" \n1;2\n")
    #expect(t.columnNames == ["a", "b"])
  }

  @Test func wideFileWithLateTextColumn() throws {
    // 20,000 columns (blocks shrink for wide files); the last column turns text in row 3.
    let k = 20_000
    let header = (0..<k).map { "v\($0)" }.joined(separator: ",")
    let row = { (x: String) in (0..<(k - 1)).map { String($0 % 5 + 1) }.joined(separator: ",") + "," + x }
    let t = try readCSV(header + "\n" + row("1") + "\n" + row("2") + "\n" + row("zwei") + "\n")
    #expect(t.columnNames.count == k && t.rowCount == 3)
    #expect(sameNumbers(csvNumbers(t, "v19998"), [4, 4, 4]))
    #expect(csvTexts(t, "v19999") == ["1", "2", "zwei"])
  }

  @Test func windows1252TypographicBytes() throws {
    // „Grüße“ – 5 € ; 0x81 is undefined in Windows-1252 and maps to U+0081 (WHATWG).
    let bytes: [UInt8] = Array("t;n\r\n".utf8) + [0x84, 0x47, 0x72, 0xFC, 0xDF, 0x65, 0x93, 0x20, 0x96, 0x20, 0x35, 0x20, 0x80, 0x81]
      + Array(";1\r\n".utf8)
    let t = try CSVReader.read(data: bytes, path: "cp.csv")
    #expect(csvTexts(t, "t") == ["\u{201E}Grüße\u{201C} \u{2013} 5 €\u{81}"])
    #expect(sameNumbers(csvNumbers(t, "n"), [1]))
  }
}

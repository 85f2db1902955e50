import DataIO
import Testing

/// CSVWriter output, byte for byte, and round trips through CSVReader.
@Suite struct CSVWriterTests {
  let table = DataTable(
    path: "x", format: .csv, columnNames: ["id", "Gemeinde", "wert"],
    columns: [
      .text(["01", "02", "03"]),
      .text(["Kiel; Stadt", "Sagt \"ja\"", "zwei\nZeilen"]),
      .numeric([1.5, .nan, -2]),
    ], rowLocations: [2, 3, 4])

  @Test func rfc4180Quoting() {
    #expect(
      CSVWriter.write(table)
        == "id,Gemeinde,wert\r\n01,\"Kiel; Stadt\",1.5\r\n02,\"Sagt \"\"ja\"\"\",\r\n03,\"zwei\nZeilen\",-2\r\n")
    #expect(
      CSVWriter.write(table, delimiter: ";", decimalSeparator: ",", lineEnding: .lf)
        == "id;Gemeinde;wert\n01;\"Kiel; Stadt\";1,5\n02;\"Sagt \"\"ja\"\"\";\n03;\"zwei\nZeilen\";-2\n")
    #expect(CSVWriter.write(rows: [["a"], [""], ["b"]], lineEnding: .lf) == "a\n\"\"\nb\n")
  }

  @Test func roundTripsForEachDialect() throws {
    for (d, dec) in [(",", "."), (";", "."), (";", ","), ("\t", "."), ("\t", ",")] as [(Character, Character)] {
      let bytes = CSVWriter.writeBytes(table, delimiter: d, decimalSeparator: dec, byteOrderMark: true)
      let back = try CSVReader.read(data: bytes, path: "rt.csv")
      #expect(sameContent(back, table), "delimiter \(d.debugDescription) decimal \(dec)")
      #expect(back.rowLocations == [2, 3, 4])
    }
  }
}

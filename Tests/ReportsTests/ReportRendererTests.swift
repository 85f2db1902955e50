import Foundation
import Testing
@testable import Reports

let sample: Report = {
  var t = ReportTable(id: "t", title: "Regions", columns: [ReportColumn("region"), ReportColumn("n", .integer), ReportColumn("mean", .number)])
  t.append([.text("Dessau-Roßlau"), .integer(12), .number(3.14159265358979)])
  t.append([.text("Halle (Saale), \"Stadt\""), .integer(3), .suppressed])
  t.append([.text("Börde"), .integer(40), .missing])
  return Report(title: "Test", banner: "SYNTHETIC", tables: [t])
}()

@Suite struct ReportRendererTests {
  @Test func fixedRoundsHalfAwayFromZero() {
    #expect(ReportRenderer.fixed(2.5, digits: 0) == "3")
    #expect(ReportRenderer.fixed(-2.5, digits: 0) == "-3")
    #expect(ReportRenderer.fixed(0.125, digits: 2) == "0.13")
    #expect(ReportRenderer.fixed(-0.0004, digits: 3) == "0.000")
    #expect(ReportRenderer.fixed(1234.5678, digits: 1) == "1234.6")
    #expect(ReportRenderer.fixed(.nan, digits: 2) == "NaN")
  }

  @Test func textAlignsUmlautsByCharacter() {
    let out = ReportRenderer.render(sample, format: .text, digits: 2)
    let lines = out.split(separator: "\n").map(String.init)
    // Widths are counted in characters: "12" under "n" ends at the same character column in
    // the header line and in a row holding "ß" (2 bytes in UTF-8).
    let header = lines.first { $0.hasPrefix("region") } ?? ""
    let row = lines.first { $0.hasPrefix("Dessau-Roßlau") } ?? ""
    let nEnd = Array(header).indices.first { i in i > 0 && Array(header)[i - 1] == " " && Array(header)[i] == "n" && (i + 1 == header.count || Array(header)[i + 1] == " ") }
    #expect(nEnd != nil)
    if let nEnd {
      let chars = Array(row)
      #expect(String(chars[(nEnd - 1)...nEnd]) == "12")
    }
    #expect(out.contains("*** SYNTHETIC ***"))
    #expect(out.contains("3.14"))
    #expect(out.contains(ReportRenderer.suppressedFootnote))
  }

  @Test func csvQuotesAndKeepsFullPrecision() {
    let out = ReportRenderer.render(sample, format: .csv)
    #expect(out == "region,n,mean\nDessau-Roßlau,12,3.14159265358979\n\"Halle (Saale), \"\"Stadt\"\"\",3,▪\nBörde,40,\n")
  }

  @Test func tsv() {
    let out = ReportRenderer.render(sample, format: .tsv)
    #expect(out.hasPrefix("region\tn\tmean\nDessau-Roßlau\t12\t3.14159265358979\n"))
  }

  @Test func jsonIsValidAndFullPrecision() throws {
    let out = ReportRenderer.render(sample, format: .json)
    let obj = try JSONSerialization.jsonObject(with: Data(out.utf8)) as? [String: Any]
    let tables = obj?["tables"] as? [[String: Any]]
    let rows = tables?.first?["rows"] as? [[String: Any]]
    #expect((rows?[0]["mean"] as? Double) == 3.14159265358979)
    #expect((rows?[1]["mean"] as? String) == "suppressed")
    #expect(rows?[2]["mean"] is NSNull)
    #expect((rows?[1]["region"] as? String) == "Halle (Saale), \"Stadt\"")
  }

  @Test func markdownEscapesPipes() {
    var t = ReportTable(id: "m", title: "M", columns: [ReportColumn("a")])
    t.append([.text("x|y")])
    let out = ReportRenderer.render(Report(title: "", tables: [t]), format: .md)
    #expect(out.contains("| x\\|y |"))
  }

  @Test func suppressedCellsNeverRenderANumber() {
    for f in OutputFormat.allCases {
      let out = ReportRenderer.render(sample, format: f, digits: 3)
      #expect(!out.contains("Stadt\\\"\", 3") || f != .json)
      let halle = out.split(separator: "\n").first { $0.contains("Halle") }.map(String.init) ?? ""
      #expect(!halle.contains("3.14"), "format \(f)")
    }
  }

  @Test func atomicWriteReplacesAndCreatesDirectories() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-atomic-\(UUID().uuidString)")
    let path = dir.appendingPathComponent("sub/out.csv").path
    try AtomicFile.write("one\n", to: path)
    try AtomicFile.write("two\n", to: path)
    #expect(try String(contentsOfFile: path, encoding: .utf8) == "two\n")
    let leftovers = try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("sub").path)
    #expect(leftovers == ["out.csv"])
    try? FileManager.default.removeItem(at: dir)
  }

  @Test func atomicWriteToUnwritablePlaceThrows() {
    #expect(throws: AtomicFile.WriteError.self) { try AtomicFile.write("x", to: "/proc/nope/out.csv") }
  }
}

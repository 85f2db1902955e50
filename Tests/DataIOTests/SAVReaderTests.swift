import Foundation
import Testing
import _TestSupport

@testable import DataIO

@Suite struct SAVReaderTests {
  @Test func sameDataWithMetadata() throws {
    let t = try SAVReader.read(path: SameData.sav)
    #expect(t.format == .sav)
    // Values: identical to the XLSX files; user-missing 9 kept as 9, system-missing → NaN.
    SameData.check(t, rowLocations: Array(1...12))
    #expect(t.variableLabels["q1"] == "Vertrauen in die Verwaltung")
    #expect(t.variableLabels["q6"] == "Vertrauen in die Bürgermeisterin / den Bürgermeister")
    #expect(t.variableLabels["ort"] == "Gemeinde")
    #expect(t.variableLabels.count == 9)
    let labels: [Double: String] = [
      1: "stimme gar nicht zu", 2: "stimme eher nicht zu", 3: "teils/teils", 4: "stimme eher zu",
      5: "stimme voll zu", 9: "keine Angabe",
    ]
    for q in ["q1", "q2", "q3", "q4", "q5", "q6"] {
      #expect(t.valueLabels[q] == labels, "\(q)")
      #expect(t.userMissing[q] == [9], "\(q)")
    }
    #expect(t.valueLabels["gewicht"] == nil && t.userMissing["gewicht"] == nil)
  }

  @Test func truncatedFile() {
    let path = repoPath("Tests/DataIOTests/Fixtures/sav/truncated.sav")
    #expect {
      try SAVReader.read(path: path)
    } throws: { error in
      guard case .wrongFormat(_, .sav, let reason)? = error as? DataError else { return false }
      return reason.hasPrefix("ReadStat: ")
    }
  }

  @Test func notASavFile() {
    #expect {
      try SAVReader.read(path: SameData.openpyxl)
    } throws: { error in
      guard case .wrongFormat(_, .sav, _)? = error as? DataError else { return false }
      return true
    }
  }

  @Test func missingAndEmptyFile() throws {
    #expect(throws: DataError.unreadable(path: "/nonexistent/a.sav", reason: "no such file")) {
      try SAVReader.read(path: "/nonexistent/a.sav")
    }
    let empty = try TempDir().file("leer.sav", Data())
    #expect(throws: DataError.empty(path: empty)) { try SAVReader.read(path: empty) }
  }
}

@Suite struct SAVReaderRangeTests {
  /// `r` declares 7 THRU 9 and -1 as user-missing: the discrete -1 plus the values of the
  /// column inside the range (8, 9) are listed; 7 does not occur, so it is not listed.
  @Test func missingRangesAndStringLabels() throws {
    let t = try SAVReader.read(path: repoPath("Tests/DataIOTests/Fixtures/sav/ranges.sav"))
    #expect(t.columnNames == ["r", "s", "z"])
    #expect(t.column("r").map { sameCells($0, .numeric([1, 8, 9, -1, .nan, 8, 2.5])) } == true)
    #expect(t.column("s") == .text(["a", "b", "", "a", "c", "b", "a"]))
    #expect(t.column("z") == .numeric([0, 1, 2, 3, 4, 5, 6]))
    #expect(t.userMissing == ["r": [-1, 8, 9]])
    #expect(t.valueLabels == ["r": [1: "eins", 9: "neun"]])  // string labels are not kept
    #expect(t.variableLabels == ["r": "Bereich", "s": "Text"])
    #expect(t.rowLocations == Array(1...7))
  }
}

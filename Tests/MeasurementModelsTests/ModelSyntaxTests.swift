import Foundation
import LinearAlgebra
import MeasurementModels
import Testing

@Suite struct ModelSyntaxTests {
  @Test func parsesTheSubset() throws {
    let text = """
      # a comment
      visual  =~ x1 + a*x2 + 0.5*x3   # trailing comment
      textual =~ NA*x4 + x5 +
                 x6
      x1 ~~ x4; x2 ~~ 0*x5
      x3 ~ 1
      """
    let m = try MeasurementModel(text: text)
    #expect(m.factors == ["visual", "textual"])
    #expect(m.observed == ["x1", "x2", "x3", "x4", "x5", "x6"])
    #expect(m.loadings.count == 6)
    #expect(m.loadings[1].modifier == .label("a") && m.loadings[2].modifier == .fixed(0.5) && m.loadings[3].modifier == .free)
    #expect(m.covariances.count == 2 && m.intercepts.count == 1)
    let t = try ParameterTable(model: m, options: ParameterTableOptions())
    // x4 (NA*) is free although it is the first indicator of textual; x1 is the marker of visual.
    #expect(t.rows.first { $0.name == "textual=~x4" }?.free != nil)
    #expect(t.rows.first { $0.name == "visual=~x1" }?.free == nil)
    #expect(t.rows.first { $0.name == "x2~~x5" }?.free == nil)
  }

  @Test func equalLabelsShareOneParameter() throws {
    let m = try MeasurementModel(text: "f =~ x1 + a*x2 + a*x3")
    let t = try ParameterTable(model: m, options: ParameterTableOptions())
    let k2 = t.rows.first { $0.name == "f=~x2" }?.free, k3 = t.rows.first { $0.name == "f=~x3" }?.free
    #expect(k2 != nil && k2 == k3)
  }

  struct Bad: Sendable, CustomTestStringConvertible {
    var text: String, line: Int, column: Int, token: String
    var testDescription: String { text }
  }

  @Test(arguments: [
    Bad(text: "f =~ x1 + x2\ny ~ f", line: 2, column: 5, token: "f"),
    Bad(text: "f =~ x1 +\n  + x2", line: 2, column: 3, token: "+"),
    Bad(text: "f =~ x1 x2", line: 1, column: 9, token: "x2"),
    Bad(text: "f =~ x1\na := 2*b", line: 2, column: 3, token: ":="),
    Bad(text: "f =~ c(a, b)*x1", line: 1, column: 6, token: "c"),
    Bad(text: "f =~ x1 + 1.2.3*x2", line: 1, column: 11, token: "1.2.3"),
    Bad(text: "=~ x1", line: 1, column: 1, token: "=~"),
    Bad(text: "f =~ x1\nx1 | t1", line: 2, column: 4, token: "|"),
  ]) func errorsNameLineColumnAndToken(_ bad: Bad) {
    do {
      _ = try ModelSyntax(parsing: bad.text, file: "model.lav")
      Issue.record("accepted \(bad.text)")
    } catch {
      #expect(error.line == bad.line && error.column == bad.column && error.token == bad.token, "\(error)")
      #expect(error.description.hasPrefix("model.lav:\(bad.line):\(bad.column):"))
    }
  }

  @Test func unknownVariableIsLocated() {
    #expect(throws: MeasurementModelError.unknownVariable("x9", line: 2, column: 11)) {
      _ = try MeasurementModel(text: "f =~ x1 + x2\ng =~ x3 + x9", columns: ["x1", "x2", "x3"])
    }
  }

  @Test func tooSmallGroupIsRefusedByName() throws {
    let m = try MeasurementModel(text: "f =~ x1 + x2 + x3")
    var rows: [[Double]] = []
    for i in 0..<50 {
      let a = Double(i % 5), b = Double((i * 3) % 7), c = Double((i * 5) % 11)
      rows.append([a, b, c])
    }
    let big = CFAGroupData(name: "A", data: Matrix(rows))
    let small = CFAGroupData(name: "Bremen", data: Matrix([[1.0, 2, 3], [2, 3, 1]]))
    #expect(throws: MeasurementModelError.groupTooSmall(group: "Bremen", n: 2, needed: 4)) {
      _ = try ConfirmatoryFactorAnalysis.fit(model: m, groups: [big, small])
    }
  }
}

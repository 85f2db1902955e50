import Foundation
import Testing
import _TestSupport

/// One `$ command` of a walkthrough and the output shown under it.
struct ConsoleStep: CustomTestStringConvertible, Sendable {
  var notebook: String
  var line: Int
  var command: String
  var expected: [String]
  var testDescription: String { "\(notebook):\(line) $ \(command)" }
}

/// Reads the ```console blocks of every Notebooks-md/*.md file. In a block, a line starting with
/// "$ " is a command (run from the repository root with `trustmetrics` on PATH); the lines
/// after it, up to the next command or the end of the block, are its expected standard output.
/// A line "..." stands for any number of lines.
func consoleSteps() -> [ConsoleStep] {
  let dir = repoPath("Notebooks-md")
  let names = ((try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? []).filter { $0.hasSuffix(".md") }.sorted()
  var steps: [ConsoleStep] = []
  for name in names {
    guard let text = try? String(contentsOfFile: dir + "/" + name, encoding: .utf8) else { continue }
    var inBlock = false
    var current: ConsoleStep?
    for (i, raw) in text.components(separatedBy: "\n").enumerated() {
      let line = raw
      if !inBlock {
        if line.hasPrefix("```console") { inBlock = true }
        continue
      }
      if line.hasPrefix("```") {
        if let c = current { steps.append(c) }
        current = nil
        inBlock = false
        continue
      }
      if line.hasPrefix("$ ") {
        if let c = current { steps.append(c) }
        current = ConsoleStep(notebook: name, line: i + 1, command: String(line.dropFirst(2)), expected: [])
      } else {
        current?.expected.append(line)
      }
    }
  }
  return steps
}

/// Compares shown and actual output line by line. Whitespace runs are folded. Tokens that are
/// numbers on both sides may differ by at most one unit in the last digit shown in the notebook
/// (so a walkthrough that prints 0.817 accepts 0.8166…0.8174 but not 0.819); all other tokens
/// must be identical.
func outputMismatch(expected: [String], actual: [String]) -> String? {
  func tokens(_ s: String) -> [String] { s.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
  func tokenMatches(_ e: String, _ a: String) -> Bool {
    if e == a { return true }
    guard let x = Double(e), let y = Double(a) else { return false }
    let decimals = e.split(separator: ".").count == 2 ? e.split(separator: ".")[1].count : 0
    var unit = 1.0
    for _ in 0..<decimals { unit /= 10 }
    return abs(x - y) <= unit * 1.000001
  }
  func lineMatches(_ e: String, _ a: String) -> Bool {
    let te = tokens(e), ta = tokens(a)
    return te.count == ta.count && zip(te, ta).allSatisfy(tokenMatches)
  }
  var exp = expected
  while let last = exp.last, last.trimmingCharacters(in: .whitespaces).isEmpty { exp.removeLast() }
  var act = actual
  while let last = act.last, last.trimmingCharacters(in: .whitespaces).isEmpty { act.removeLast() }
  // Greedy matching with "..." wildcards.
  func match(_ i: Int, _ j: Int) -> String? {
    if i == exp.count { return j == act.count ? nil : "extra output line \(j + 1): \(act[j])" }
    if exp[i].trimmingCharacters(in: .whitespaces) == "..." {
      if i + 1 == exp.count { return nil }
      var k = j
      while k <= act.count {
        if match(i + 1, k) == nil { return nil }
        k += 1
      }
      return "no match after '...' for: \(exp[i + 1])"
    }
    guard j < act.count else { return "missing output line: \(exp[i])" }
    guard lineMatches(exp[i], act[j]) else { return "line \(j + 1):\n  shown:  \(exp[i])\n  actual: \(act[j])" }
    return match(i + 1, j + 1)
  }
  return match(0, 0)
}

@Suite struct NotebookTests {
  @Test func notebooksHaveSteps() {
    #expect(consoleSteps().count >= 3, "the walkthroughs should have executable console blocks")
  }

  @Test(arguments: consoleSteps())
  func consoleBlockOutputMatches(_ step: ConsoleStep) throws {
    let r = try CLI.sh(step.command)
    #expect(r.status == 0, "\(step.notebook):\(step.line): exit \(r.status): \(r.stderr)")
    let mismatch = outputMismatch(expected: step.expected, actual: r.stdout.components(separatedBy: "\n"))
    #expect(mismatch == nil, "\(step.notebook):\(step.line) $ \(step.command)\n\(mismatch ?? "")")
  }

  @Test func comparatorCatchesDifferences() {
    #expect(outputMismatch(expected: ["a  0.817"], actual: ["a 0.8174"]) == nil)
    #expect(outputMismatch(expected: ["a  0.817"], actual: ["a 0.819"]) != nil)
    #expect(outputMismatch(expected: ["x", "...", "z"], actual: ["x", "y1", "y2", "z"]) == nil)
    #expect(outputMismatch(expected: ["x", "z"], actual: ["x", "y", "z"]) != nil)
    #expect(outputMismatch(expected: ["Halle"], actual: ["Halle (Saale)"]) != nil)
  }
}

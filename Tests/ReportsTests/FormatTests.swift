import Foundation
import Testing
@testable import Reports

/// CSV dialects, joined columns, LaTeX and SHA-256.
@Suite struct FormatTests {
  static let table: ReportTable = {
    var t = ReportTable(id: "t", title: "Regions; 50 % & more",
                        columns: [ReportColumn("region"), ReportColumn("n", .integer), ReportColumn("mean", .number, digits: 2),
                                  ReportColumn("lower", .number, digits: 1, joinedHeader: "ci95"), ReportColumn("upper", .number, digits: 1)])
    t.append([.text("Dessau-Roßlau; Stadt"), .integer(12), .number(3.14159265358979), .number(-0.25), .number(6.5)])
    t.append([.text("Halle \"Saale\""), .suppressed, .suppressed, .suppressed, .suppressed])
    t.append([.text("Börde"), .integer(40), .missing, .missing, .missing])
    t.notes = ["σ²u = 1.5 → α ≥ 0.7; 100 % of #items_x & $ {a} ~ ^ \\ |x|"]
    return t
  }()

  @Test func excelGermanCSV() {
    let out = ReportRenderer.table(Self.table, format: .csv, options: RenderOptions(csv: .excelDE))
    let bytes = Array(out.utf8)
    #expect(Array(bytes.prefix(3)) == [0xEF, 0xBB, 0xBF], "UTF-8 byte-order mark")
    let body = String(out.dropFirst())
    #expect(body == "region;n;mean;lower;upper\r\n\"Dessau-Roßlau; Stadt\";12;3,14159265358979;-0,25;6,5\r\n\"Halle \"\"Saale\"\"\";▪;▪;▪;▪\r\nBörde;40;;;\r\n")
  }

  @Test func rfcCSVKeepsTwoNumericColumns() {
    let out = ReportRenderer.table(Self.table, format: .csv)
    #expect(out.hasPrefix("region,n,mean,lower,upper\nDessau-Roßlau; Stadt,12,3.14159265358979,-0.25,6.5\n"))
    #expect(!out.contains("\r") && !out.hasPrefix("\u{FEFF}"))
  }

  @Test func humanFormatsJoinThePair() {
    let h = ReportRenderer.humanTable(Self.table, options: RenderOptions(digits: 3, decimalComma: true))
    #expect(h.headers == ["region", "n", "mean", "ci95"])
    #expect(h.sources[3] == ["lower", "upper"])
    #expect(h.rows[0] == ["Dessau-Roßlau; Stadt", "12", "3,14", "-0,3 – 6,5"])
    #expect(h.rows[1] == ["Halle \"Saale\"", "▪", "▪", "▪"] && h.suppressed[1] == [false, true, true, true])
    #expect(h.rows[2][3] == "")
  }

  @Test func texStructureAndEscaping() {
    let out = ReportRenderer.render(Report(title: "R", banner: "SYNTHETIC", tables: [Self.table]), format: .tex,
                                    options: RenderOptions(digits: 3, decimalComma: true))
    #expect(out.contains("\\usepackage{booktabs,dcolumn,threeparttable}"))
    #expect(out.contains("\\begin{threeparttable}") && out.contains("\\toprule") && out.contains("\\midrule") && out.contains("\\bottomrule"))
    #expect(out.contains("\\caption{Regions; 50 \\% \\& more}") && out.contains("\\label{tab:t}"))
    #expect(out.contains("\\begin{tabular}{@{}l r D{.}{,}{1.2} c@{}}"))
    // Numbers keep '.' in the source (dcolumn prints ','), suppressed cells are a rule.
    #expect(out.contains("Dessau-Roßlau; Stadt & 12 & 3.14 & -0,3 -- 6,5 \\\\"))
    #expect(out.contains("\\multicolumn{1}{c}{\\rule[0.15ex]{0.5em}{0.5em}}"))
    #expect(out.contains("\\item \\textbf{SYNTHETIC}"))
    #expect(out.contains("$\\sigma$\\textsuperscript{2}u = 1.5 $\\rightarrow$ $\\alpha$ $\\geq$ 0.7; 100 \\% of \\#items\\_x \\& \\$ \\{a\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{} \\textbar{}x\\textbar{}"))
  }

  /// Compiles the LaTeX output with pdflatex where a TeX installation is present (Debian:
  /// texlive-latex-extra for threeparttable; booktabs and dcolumn come with it).
  @Test(.enabled(if: pdflatex != nil)) func texCompiles() throws {
    let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tm-tex-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let fragment = ReportRenderer.render(Report(title: "R", banner: "SYNTHETIC", tables: [Self.table]), format: .tex,
                                         options: RenderOptions(digits: 3, decimalComma: true))
    try Data(fragment.utf8).write(to: dir.appendingPathComponent("tables.tex"))
    let doc = "\\documentclass{article}\n\\usepackage[T1]{fontenc}\n\\usepackage{booktabs,dcolumn,threeparttable}\n\\begin{document}\n\\input{tables.tex}\n\\end{document}\n"
    try Data(doc.utf8).write(to: dir.appendingPathComponent("doc.tex"))
    let status = try runPDFLaTeX(in: dir)
    #expect(status == 0, "pdflatex failed: \((try? String(contentsOf: dir.appendingPathComponent("doc.log"), encoding: .utf8))?.suffix(1500) ?? "")")
    #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("doc.pdf").path))
  }

  @Test func sha256KnownAnswers() throws {
    #expect(SHA256.hex(Data()) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    #expect(SHA256.hex(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    #expect(SHA256.hex(Data("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8))
            == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    #expect(SHA256.hex(Data(repeating: UInt8(ascii: "a"), count: 1_000_000)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    // Streaming in odd pieces gives the same digest as one call.
    var s = SHA256()
    let msg = Array("The quick brown fox jumps over the lazy dog, again and again and again.".utf8)
    for chunk in stride(from: 0, to: msg.count, by: 7) { s.update(Data(msg[chunk..<min(chunk + 7, msg.count)])) }
    #expect(s.finalizeHex() == SHA256.hex(Data(msg)))
    // A file, against sha256sum where it exists.
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("tm-sha-\(UUID().uuidString)").path
    try Data((0..<200_003).map { UInt8(truncatingIfNeeded: $0 &* 31) }).write(to: URL(fileURLWithPath: path))
    defer { try? FileManager.default.removeItem(atPath: path) }
    if FileManager.default.isExecutableFile(atPath: "/usr/bin/sha256sum") {
      let p = Process()
      p.executableURL = URL(fileURLWithPath: "/usr/bin/sha256sum")
      p.arguments = [path]
      let pipe = Pipe()
      p.standardOutput = pipe
      try p.run()
      let out = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
      p.waitUntilExit()
      #expect(try SHA256.hex(file: path) == String(out.prefix(64)))
    }
  }
}

let pdflatex: String? = {
  for d in (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":") {
    let p = "\(d)/pdflatex"
    if FileManager.default.isExecutableFile(atPath: p) { return p }
  }
  return nil
}()

func runPDFLaTeX(in dir: URL) throws -> Int32 {
  let p = Process()
  p.executableURL = URL(fileURLWithPath: pdflatex!)
  p.arguments = ["-interaction=nonstopmode", "-halt-on-error", "doc.tex"]
  p.currentDirectoryURL = dir
  p.standardOutput = FileHandle.nullDevice
  p.standardError = FileHandle.nullDevice
  p.standardInput = FileHandle.nullDevice
  try p.run()
  p.waitUntilExit()
  return p.terminationStatus
}

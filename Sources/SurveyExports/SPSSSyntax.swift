import FileSafety
import Foundation

/// The dictionary part of an SPSS syntax file (`.sps`): `DATA LIST` formats, `VARIABLE LABELS`,
/// `VALUE LABELS` and `MISSING VALUES`.
///
/// SoSci Survey delivers such a file with every SPSS download ("Um den Datensatz in SPSS zu
/// laden, führen Sie diese Syntax bitte vollständig aus"): the data inline (`BEGIN DATA` …
/// `END DATA`, skipped here), then the variable listing with every variable's label, the value
/// labels of its answer codes (including the negative missing codes -1 … -3 for residual
/// options such as "weiß nicht" and -9 "nicht beantwortet") and the `MISSING VALUES` it
/// declares. This reader takes those four commands in the form SPSS syntax defines them
/// (commands end with a full stop at the end of a line; `/` separates variable lists; strings
/// in single or double quotes with the quote doubled inside).
public struct SPSSSyntax: Sendable, Equatable {
  /// Variables in `DATA LIST` order with their format ("F3.0", "A16", "DATETIME").
  public var formats: [(name: String, format: String)]
  public var variableLabels: [String: String]
  public var valueLabels: [String: [Double: String]]
  public var missingValues: [String: [Double]]

  public static func == (a: SPSSSyntax, b: SPSSSyntax) -> Bool {
    a.formats.map(\.name) == b.formats.map(\.name) && a.formats.map(\.format) == b.formats.map(\.format)
      && a.variableLabels == b.variableLabels && a.valueLabels == b.valueLabels && a.missingValues == b.missingValues
  }

  /// True when the format is a string (`A…`).
  public func isString(_ name: String) -> Bool {
    formats.first { $0.name == name }.map { $0.format.uppercased().hasPrefix("A") } ?? false
  }

  /// The largest file read (64 MiB): a structure file is metadata, far smaller.
  public static let maximumFileBytes = 64 << 20

  /// Reads `path` (a regular file, at most ``maximumFileBytes``).
  public static func read(path: String) throws(SurveyExportError) -> SPSSSyntax {
    let data: [UInt8]
    do { data = try InputFile.read(path, limit: maximumFileBytes) } catch {
      throw .unreadable(path: path, reason: error.reason)
    }
    let text = String(decoding: data, as: UTF8.self)
    return parse(text)
  }

  /// Parses the commands named above; other commands are skipped.
  public static func parse(_ text: String) -> SPSSSyntax {
    var result = SPSSSyntax(formats: [], variableLabels: [:], valueLabels: [:], missingValues: [:])
    for command in commands(text) {
      let tokens = tokenize(command)
      guard let first = tokens.first?.word?.uppercased() else { continue }
      let second = tokens.count > 1 ? tokens[1].word?.uppercased() : nil
      switch (first, second) {
      case ("DATA", "LIST"):
        // Variables follow the first "/" (before it: FREE(TAB), FIXED, FILE=…).
        var k = (tokens.firstIndex(of: .slash) ?? tokens.count) + 1
        while k < tokens.count {
          if let w = tokens[k].word, k + 1 < tokens.count, case .paren(let f) = tokens[k + 1] {
            result.formats.append((w, f.trimmingCharacters(in: .whitespaces)))
            k += 2
          } else {
            k += 1
          }
        }
      case ("VARIABLE", "LABELS"):
        var k = 2
        while k + 1 < tokens.count {
          if let w = tokens[k].word, case .string(let s) = tokens[k + 1] { result.variableLabels[w] = s; k += 2 } else { k += 1 }
        }
      case ("VALUE", "LABELS"):
        var names: [String] = []
        var labels: [Double: String] = [:]
        var readingNames = true
        func flush() {
          for n in names { result.valueLabels[n, default: [:]].merge(labels) { _, b in b } }
          names = []
          labels = [:]
        }
        var k = 2
        while k < tokens.count {
          switch tokens[k] {
          case .slash:
            flush()
            readingNames = true
          case .word(let w):
            if let x = Double(w), k + 1 < tokens.count, case .string(let s) = tokens[k + 1] {
              readingNames = false
              labels[x] = s
              k += 1
            } else if readingNames {
              names.append(w)
            }
          default: break
          }
          k += 1
        }
        flush()
      case ("MISSING", "VALUES"):
        var names: [String] = []
        for t in tokens.dropFirst(2) {
          switch t {
          case .word(let w): names.append(w)
          case .paren(let inside):
            let values = inside.split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
            for n in names { result.missingValues[n] = values }
            names = []
          default: break
          }
        }
      default: continue
      }
    }
    return result
  }

  enum Token: Equatable {
    case word(String)
    case string(String)
    case paren(String)
    case slash
    var word: String? { if case .word(let w) = self { return w } else { return nil } }
  }

  /// Commands: text up to a full stop that ends a line; the inline data are skipped.
  static func commands(_ text: String) -> [String] {
    var out: [String] = []
    var current = ""
    var inData = false
    for rawLine in text.components(separatedBy: .newlines) {
      let line = rawLine.trimmingCharacters(in: .whitespaces)
      if inData {
        if line.uppercased().hasPrefix("END DATA") { inData = false }
        continue
      }
      if line.uppercased().hasPrefix("BEGIN DATA") { inData = true; current = ""; continue }
      if line.hasPrefix("*") && current.isEmpty { continue }
      current += " " + line
      if line.hasSuffix(".") && !line.hasSuffix("..") {
        out.append(String(current.dropLast()))
        current = ""
      }
    }
    if !current.trimmingCharacters(in: .whitespaces).isEmpty { out.append(current) }
    return out
  }

  static func tokenize(_ command: String) -> [Token] {
    var tokens: [Token] = []
    var i = command.startIndex
    while i < command.endIndex {
      let c = command[i]
      if c.isWhitespace { i = command.index(after: i); continue }
      if c == "/" { tokens.append(.slash); i = command.index(after: i); continue }
      if c == "'" || c == "\"" {
        var s = ""
        var j = command.index(after: i)
        while j < command.endIndex {
          if command[j] == c {
            let next = command.index(after: j)
            if next < command.endIndex && command[next] == c { s.append(c); j = command.index(after: next); continue }
            break
          }
          s.append(command[j])
          j = command.index(after: j)
        }
        tokens.append(.string(s))
        i = j < command.endIndex ? command.index(after: j) : j
        continue
      }
      if c == "(" {
        let close = command[i...].firstIndex(of: ")") ?? command.endIndex
        tokens.append(.paren(String(command[command.index(after: i)..<close])))
        i = close < command.endIndex ? command.index(after: close) : close
        continue
      }
      var j = i
      while j < command.endIndex, !command[j].isWhitespace, !"/()'\"".contains(command[j]) { j = command.index(after: j) }
      tokens.append(.word(String(command[i..<j])))
      i = j
    }
    return tokens
  }
}

/// Help text as ArgumentParser shows it best: each prose paragraph on one line, which it wraps
/// to the terminal's width itself. The commands' discussions are written in the source with line
/// breaks at ~100 columns; passed on as they are, a terminal of 80 columns shows every source line
/// wrapped once more (a long line, a one-word line, a long line …).
///
/// Rules: lines of a paragraph that start at the paragraph's margin are joined with one space;
/// indented lines (examples, option tables, lists with hanging indents) and lines starting with
/// "- " keep their own line; blank lines separate paragraphs.
func reflow(_ text: String) -> String {
  var out: [String] = []
  var paragraph = ""
  func flush() {
    if !paragraph.isEmpty { out.append(paragraph) }
    paragraph = ""
  }
  for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
    if line.trimmingCharacters(in: .whitespaces).isEmpty {
      flush()
      out.append("")
    } else if line.first == " " || line.hasPrefix("- ") {
      flush()
      out.append(line)
    } else if paragraph.isEmpty {
      paragraph = line
    } else if paragraph.hasSuffix(":") {
      // "Example:" and similar headings keep their own line.
      flush()
      paragraph = line
    } else {
      paragraph += " " + line
    }
  }
  flush()
  return out.joined(separator: "\n")
}

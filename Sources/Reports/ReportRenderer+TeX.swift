extension ReportRenderer {
  /// The LaTeX packages a `tex` fragment needs in the preamble.
  public static let texPackages = ["booktabs", "dcolumn", "threeparttable"]

  /// LaTeX: one `table` float per report table, to `\input` into a document whose preamble loads
  /// `booktabs`, `dcolumn` and `threeparttable` (all in Debian's texlive-latex-base/-recommended/
  /// -extra; the first line of the output says so).
  ///
  /// - Rules: booktabs `\toprule`, `\midrule`, `\bottomrule`; no vertical rules.
  /// - Numbers: dcolumn `D{.}{,}{i.d}` columns aligned on the decimal point, with `i` integer and
  ///   `d` decimal places taken from the column (the shown digits). The source always uses `.`;
  ///   the second argument is the printed separator (`,` with `decimalComma`). dcolumn rather
  ///   than siunitx because it is in texlive-latex-base (siunitx needs texlive-science).
  /// - Non-numeric cells in a number column (header, ▪, NaN) are `\multicolumn{1}{c}{…}`.
  /// - Text is escaped (`\ & % $ # _ { } ~ ^`) and the Greek letters, arrows and symbols the
  ///   library's footnotes use are mapped to LaTeX commands (pdflatex with the default UTF-8
  ///   input encoding handles Latin-1 letters such as ä ö ü ß itself).
  /// - Caption = table title, `\label{tab:<id>}`, footnotes in a threeparttable `tablenotes`
  ///   (the report's banner first, in bold).
  /// - Suppressed cells show a small black square (`\rule`), explained in the notes.
  public static func tex(_ report: Report, options: RenderOptions) -> String {
    var out = "% TrustMetrics tables. Preamble: \\usepackage{" + texPackages.joined(separator: ",") + "}\n"
    if !report.title.isEmpty { out += "% " + report.title.replacingOccurrences(of: "\n", with: " ") + "\n" }
    for t in report.tables { out += "\n" + tex(t, banner: report.banner, options: options) }
    return out
  }

  /// One table as a LaTeX `table` float (see `tex(_:options:)`).
  public static func tex(_ t: ReportTable, banner: String?, options: RenderOptions) -> String {
    let h = humanTable(t, options: options)
    let sep = options.decimalComma ? "," : "."
    // Column specs: D for decimal columns (aligned), r for integers, c for joined ranges, l for text.
    var specs: [String] = []
    var isDecimal: [Bool] = []
    var shownColumn = 0
    var j = 0
    while j < t.columns.count {
      let c = t.columns[j]
      let joined = c.joinedHeader != nil && j + 1 < t.columns.count
      if joined {
        specs.append("c")
        isDecimal.append(false)
        j += 2
      } else {
        if c.kind == .number {
          let d = c.digits ?? options.digits
          var intDigits = 1
          for r in h.rows.indices {
            let s = h.rows[r][shownColumn]
            if let dot = s.firstIndex(where: { $0 == "." || $0 == "," }), texNumeric(s) {
              intDigits = Swift.max(intDigits, s.distance(from: s.startIndex, to: dot))
            } else if texNumeric(s) {
              intDigits = Swift.max(intDigits, s.count)
            }
          }
          specs.append("D{.}{\(sep)}{\(intDigits).\(d)}")
          isDecimal.append(true)
        } else {
          specs.append(c.kind == .integer ? "r" : "l")
          isDecimal.append(false)
        }
        j += 1
      }
      shownColumn += 1
    }
    let label = "tab:" + t.id.map { $0.isLetter || $0.isNumber || $0 == "_" || $0 == "-" ? String($0) : "-" }.joined()
    var out = "\\begin{table}[htbp]\n\\centering\n\\small\n\\begin{threeparttable}\n"
    out += "\\caption{\(texEscape(t.title))}\n\\label{\(label)}\n"
    out += "\\begin{tabular}{@{}" + specs.joined(separator: " ") + "@{}}\n\\toprule\n"
    out += h.headers.enumerated().map { k, s in
      isDecimal[k] ? "\\multicolumn{1}{c}{\(texEscape(s))}" : texEscape(s)
    }.joined(separator: " & ") + " \\\\\n\\midrule\n"
    for (r, row) in h.rows.enumerated() {
      out += row.enumerated().map { k, s -> String in
        if h.suppressed[r][k] { return isDecimal[k] ? "\\multicolumn{1}{c}{\(texSuppressed)}" : texSuppressed }
        if isDecimal[k] {
          // The source keeps '.'; dcolumn prints the separator.
          let plain = options.decimalComma ? s.replacingOccurrences(of: ",", with: ".") : s
          return s.isEmpty || texNumeric(plain) ? plain : "\\multicolumn{1}{c}{\(texEscape(s))}"
        }
        return texEscape(s).replacingOccurrences(of: "–", with: "--")
      }.joined(separator: " & ") + " \\\\\n"
    }
    out += "\\bottomrule\n\\end{tabular}\n"
    var notes = ReportRenderer.notes(t).map(texEscape)
    if let banner { notes.insert("\\textbf{\(texEscape(banner))}", at: 0) }
    if !notes.isEmpty {
      out += "\\begin{tablenotes}[flushleft]\n\\footnotesize\n"
      for n in notes { out += "\\item " + n + "\n" }
      out += "\\end{tablenotes}\n"
    }
    out += "\\end{threeparttable}\n\\end{table}\n"
    return out
  }

  /// The mark for a suppressed cell: a small square like ▪.
  static let texSuppressed = "\\rule[0.15ex]{0.5em}{0.5em}"

  static func texNumeric(_ s: String) -> Bool {
    var t = Substring(s)
    if t.hasPrefix("-") { t = t.dropFirst() }
    return !t.isEmpty && t.allSatisfy { $0.isASCII && ($0.isNumber || $0 == "." || $0 == ",") } && t.first!.isNumber
  }

  /// Escapes text for LaTeX (pdflatex, UTF-8 input): the ten special characters, and the
  /// non-Latin-1 symbols the library writes (Greek letters, arrows, ≥, −, ², ▪ …).
  public static func texEscape(_ s: String) -> String {
    var out = ""
    let scalars = Array(s.unicodeScalars)
    var i = 0
    while i < scalars.count {
      let u = scalars[i]
      i += 1
      // A base character with a combining macron (θ̄, x̄): \bar in math mode.
      if i < scalars.count, scalars[i] == "\u{0304}" {
        i += 1
        let base = texSymbols[u].map { $0.replacingOccurrences(of: "$", with: "") } ?? String(u)
        out += "$\\bar{\(base)}$"
        continue
      }
      switch u {
      case "\\": out += "\\textbackslash{}"
      case "&", "%", "$", "#", "_", "{", "}": out += "\\" + String(u)
      case "~": out += "\\textasciitilde{}"
      case "^": out += "\\textasciicircum{}"
      case "<": out += "\\textless{}"
      case ">": out += "\\textgreater{}"
      case "|": out += "\\textbar{}"
      case "\n", "\r", "\t": out += " "
      default:
        if let m = texSymbols[u] {
          out += m
        } else if u.properties.generalCategory == .nonspacingMark {
          // Another combining mark on its own: name it visibly (pdflatex stops on it), never drop it.
          out += "[U+\(String(u.value, radix: 16, uppercase: true))]"
        } else {
          out.unicodeScalars.append(u)  // LaTeX's UTF-8 input handles Latin, dashes and quotes
        }
      }
    }
    return out
  }

  static let texSymbols: [Unicode.Scalar: String] = [
    "α": "$\\alpha$", "β": "$\\beta$", "γ": "$\\gamma$", "δ": "$\\delta$", "ε": "$\\varepsilon$", "θ": "$\\theta$",
    "λ": "$\\lambda$", "μ": "$\\mu$", "ρ": "$\\rho$", "σ": "$\\sigma$", "τ": "$\\tau$", "φ": "$\\phi$", "χ": "$\\chi$",
    "ω": "$\\omega$", "Φ": "$\\Phi$", "Σ": "$\\Sigma$", "Δ": "$\\Delta$", "Ω": "$\\Omega$",
    "→": "$\\rightarrow$", "←": "$\\leftarrow$", "≥": "$\\geq$", "≤": "$\\leq$", "≈": "$\\approx$", "≠": "$\\neq$",
    "×": "$\\times$", "·": "$\\cdot$", "−": "$-$", "±": "$\\pm$", "√": "$\\surd$", "∈": "$\\in$", "∉": "$\\notin$",
    "²": "\\textsuperscript{2}", "³": "\\textsuperscript{3}", "¹": "\\textsuperscript{1}",
    "▪": texSuppressed, "•": "\\textbullet{}", "…": "\\dots{}", "€": "EUR", "\u{00A0}": "~", "\u{202F}": "\\,",
    "“": "``", "”": "''", "„": ",,", "‘": "`", "’": "'", "‚": ",",
  ]
}

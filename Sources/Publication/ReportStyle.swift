/// The report's inline stylesheet: screen and print (A4, running header and page numbers in the
/// page margins, page breaks before main sections, tables and figures kept whole, table headers
/// repeated on every page).
enum ReportStyle {
  /// `s` as a CSS string literal.
  static func cssString(_ s: String) -> String {
    "\"" + s.unicodeScalars.map { u -> String in
      switch u {
      case "\"": return "\\\""
      case "\\": return "\\\\"
      case "\n", "\r": return " "
      default: return String(u)
      }
    }.joined() + "\""
  }

  static func css(runningHeader: String, runningRight: String, pageWord: String) -> String {
    """
    :root { --ink: #1d1f22; --muted: #5b6169; --accent: #0072B2; --rule: #c9ced6; --band: #f4f6f8; --warn: #D55E00; }
    * { box-sizing: border-box; }
    html { -webkit-text-size-adjust: 100%; }
    body { font-family: "DejaVu Sans", "Segoe UI", "Helvetica Neue", Arial, sans-serif; font-size: 15px; line-height: 1.5;
           color: var(--ink); background: #ffffff; max-width: 1040px; margin: 0 auto; padding: 28px 36px 80px; }
    h1 { font-size: 30px; line-height: 1.2; margin: 0 0 10px; font-weight: 700; }
    h2 { font-size: 23px; margin: 56px 0 12px; padding-bottom: 6px; border-bottom: 2px solid var(--accent); }
    h3 { font-size: 18px; margin: 34px 0 8px; }
    p { margin: 8px 0; max-width: 78ch; }
    .title-page { padding: 24px 0 32px; border-bottom: 1px solid var(--rule); }
    .kind { text-transform: uppercase; letter-spacing: 0.08em; color: var(--accent); font-weight: 700; font-size: 13px; margin-bottom: 10px; }
    .subtitle { font-size: 19px; color: var(--muted); margin: 0 0 18px; }
    .banner { border: 2px solid var(--warn); background: #fff4ec; color: #7a2e00; padding: 10px 14px; font-weight: 700; margin: 16px 0; border-radius: 4px; }
    .description { color: var(--muted); }
    table.facts { border-collapse: collapse; margin: 18px 0 6px; font-size: 14px; }
    table.facts th { text-align: left; font-weight: 600; padding: 4px 18px 4px 0; color: var(--muted); vertical-align: top; white-space: nowrap; }
    table.facts td { padding: 4px 0; }
    nav.toc ol { margin: 6px 0 0; padding-left: 22px; }
    nav.toc a { color: var(--accent); text-decoration: none; }
    .table-wrap { margin: 18px 0 26px; overflow-x: auto; }
    table.data { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; min-width: 40%; }
    table.data caption { caption-side: top; text-align: left; font-weight: 700; font-size: 14px; padding: 0 0 6px; }
    table.data th { text-align: left; vertical-align: bottom; padding: 5px 9px; border-top: 1.5px solid var(--ink); border-bottom: 1px solid var(--ink); font-weight: 600; }
    table.data td { padding: 3px 9px; border-bottom: 1px solid #e7eaee; vertical-align: top; }
    table.data tbody tr:last-child td { border-bottom: 1.5px solid var(--ink); }
    table.data .num { text-align: right; }
    table.data td.num, table.data td.nw { white-space: nowrap; }
    table.data td.sup { text-align: center; color: var(--muted); }
    table.data.wide { font-size: 12px; }
    .notes { font-size: 12px; color: var(--muted); margin-top: 6px; max-width: 100ch; }
    .notes p { margin: 2px 0; }
    figure { margin: 22px 0 30px; }
    figure svg { max-width: 100%; height: auto; display: block; }
    figcaption { font-size: 12.5px; color: var(--muted); margin-top: 6px; max-width: 90ch; }
    ol.footnotes { font-size: 12.5px; color: var(--muted); }
    ol.references { font-size: 13px; }
    .footer { margin-top: 48px; font-size: 12px; color: var(--muted); border-top: 1px solid var(--rule); padding-top: 8px; }
    @page { size: A4; margin: 20mm 15mm 18mm 15mm;
      @top-left { content: \(cssString(runningHeader)); font-size: 8pt; color: #5b6169; }
      @top-right { content: \(cssString(runningRight)); font-size: 8pt; color: #5b6169; }
      @bottom-right { content: \(cssString(pageWord + " ")) counter(page) " / " counter(pages); font-size: 8pt; color: #5b6169; } }
    @page :first { @top-left { content: none; } @top-right { content: none; } }
    @media print {
      body { max-width: none; padding: 0; font-size: 10pt; }
      .title-page { break-after: page; border-bottom: none; padding-top: 30mm; }
      h2 { margin-top: 10mm; }
      h2, h3, h2 + p, h3 + p { break-after: avoid; }
      figure, .table-wrap, tr { break-inside: avoid; }
      .table-wrap { overflow: visible; }
      table.data { font-size: 8.5pt; }
      table.data.wide { font-size: 7pt; }
      thead { display: table-header-group; }
      nav.toc a { color: inherit; }
      figure svg { max-height: 235mm; width: auto; max-width: 100%; }
    }
    """
  }
}

/// The languages reports are written in.
public enum ReportLanguage: String, Sendable, CaseIterable, Equatable {
  case en, de
}

/// One entry of a translation catalogue: the English source text (what the library produces)
/// and its rendering in each language. `en` is the English *display* text where it differs from
/// the source (column headers: `ci95_lower` → "95 % CI lower"); nil means the source itself.
///
/// Sources and targets may hold numbered holes `{1}` … `{9}` for interpolated text (in a source,
/// `{n*}` marks a hole that takes the longest instead of the shortest text): the source
/// `"Ranking: {1} by {2}"` matches "Ranking: Trust index by kreis 2023" with {1} = "Trust index"
/// and {2} = "kreis 2023", and the target uses the same holes in any order. A hole's text is
/// itself translated when it is a number (decimal comma in German), a codebook id (its label), or
/// has an entry of its own (e.g. "kreis" → "Kreis"); otherwise it is data and kept as it is.
public struct CatalogueEntry: Sendable, Equatable {
  public var source: String
  public var en: String?
  public var de: String
  public init(_ source: String, en: String? = nil, de: String) {
    self.source = source
    self.en = en
    self.de = de
  }
}

/// A translation catalogue: exact entries and templates, looked up at render time.
///
/// Lookup order: an exact entry; then the template with the most literal text that matches
/// (holes are non-empty and match lazily, left to right, with backtracking). No match is a
/// *miss*: the caller keeps the English text and reports it (`Report.presented` lists misses;
/// the CLI warns; a test fails on any miss in the demo commands).
public struct Catalogue: Sendable {
  enum Piece: Sendable, Equatable {
    case literal([UInt8])
    case hole(Int)
    /// `{n*}` in a source: a hole that takes the longest text that lets the rest match.
    case greedyHole(Int)
  }

  struct Template: Sendable {
    var pieces: [Piece]
    var en: [Piece]?
    var de: [Piece]
    var literalLength: Int
  }

  var exact: [String: CatalogueEntry] = [:]
  var templates: [Template] = []

  public init(_ entries: [CatalogueEntry]) {
    for e in entries {
      if e.source.contains("{") && Catalogue.parse(e.source).contains(where: { if case .literal = $0 { false } else { true } }) {
        let p = Catalogue.parse(e.source)
        let lit = p.reduce(0) { if case .literal(let b) = $1 { $0 + b.count } else { $0 } }
        templates.append(Template(pieces: p, en: e.en.map(Catalogue.parse), de: Catalogue.parse(e.de), literalLength: lit))
      } else {
        precondition(exact[e.source] == nil, "catalogue: duplicate entry '\(e.source)'")
        exact[e.source] = e
      }
    }
    templates.sort { $0.literalLength > $1.literalLength }
  }

  /// All source strings (exact and templates), for tests.
  public var sourceCount: Int { exact.count + templates.count }

  static func parse(_ s: String) -> [Piece] {
    var out: [Piece] = []
    var lit: [UInt8] = []
    let b = Array(s.utf8)
    var i = 0
    while i < b.count {
      if b[i] == UInt8(ascii: "{"), i + 2 < b.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(b[i + 1]), b[i + 2] == UInt8(ascii: "}") {
        if !lit.isEmpty { out.append(.literal(lit)); lit = [] }
        out.append(.hole(Int(b[i + 1] - UInt8(ascii: "0"))))
        i += 3
      } else if b[i] == UInt8(ascii: "{"), i + 3 < b.count, (UInt8(ascii: "1")...UInt8(ascii: "9")).contains(b[i + 1]),
                b[i + 2] == UInt8(ascii: "*"), b[i + 3] == UInt8(ascii: "}") {
        if !lit.isEmpty { out.append(.literal(lit)); lit = [] }
        out.append(.greedyHole(Int(b[i + 1] - UInt8(ascii: "0"))))
        i += 4
      } else {
        lit.append(b[i])
        i += 1
      }
    }
    if !lit.isEmpty { out.append(.literal(lit)) }
    return out
  }

  /// The text of `s` in `language`, or nil when the catalogue has no entry (a miss). `hole`
  /// translates the text captured by a template's hole.
  public func translate(_ s: String, to language: ReportLanguage, hole: (String) -> String) -> String? {
    if let e = exact[s] { return language == .de ? e.de : (e.en ?? e.source) }
    let bytes = Array(s.utf8)
    for t in templates where t.literalLength <= bytes.count {
      guard let captures = Catalogue.match(t.pieces, bytes) else { continue }
      let target: [Piece]
      switch language {
      case .de: target = t.de
      case .en: guard let en = t.en else { return s }; target = en
      }
      var out = ""
      for p in target {
        switch p {
        case .literal(let l): out += String(decoding: l, as: UTF8.self)
        case .hole(let k), .greedyHole(let k): out += captures[k].map(hole) ?? ""
        }
      }
      return out
    }
    return nil
  }

  /// True when the catalogue has an entry (exact or template) for `s`.
  public func contains(_ s: String) -> Bool {
    if exact[s] != nil { return true }
    let bytes = Array(s.utf8)
    return templates.contains { $0.literalLength <= bytes.count && Catalogue.match($0.pieces, bytes) != nil }
  }

  /// Matches `pieces` against all of `s`; returns the captures by hole number.
  static func match(_ pieces: [Piece], _ s: [UInt8]) -> [Int: String]? {
    var captures: [Int: String] = [:]
    func go(_ k: Int, _ pos: Int) -> Bool {
      if k == pieces.count { return pos == s.count }
      switch pieces[k] {
      case .literal(let l):
        guard pos + l.count <= s.count else { return false }
        for j in 0..<l.count where s[pos + j] != l[j] { return false }
        return go(k + 1, pos + l.count)
      case .hole(let n), .greedyHole(let n):
        // Non-empty; lazy (the shortest capture that lets the rest match) or greedy (the longest).
        if k + 1 == pieces.count {
          guard pos < s.count else { return false }
          captures[n] = String(decoding: s[pos...], as: UTF8.self)
          return true
        }
        guard case .literal(let next) = pieces[k + 1], let first = next.first else { return false }
        var greedy = false
        if case .greedyHole = pieces[k] { greedy = true }
        let ends = greedy ? Array(stride(from: s.count - next.count, through: pos + 1, by: -1)) : Array(stride(from: pos + 1, through: s.count - next.count, by: 1))
        for end in ends where s[end] == first {
          var same = true
          for j in 1..<next.count where s[end + j] != next[j] { same = false; break }
          if same {
            captures[n] = String(decoding: s[pos..<end], as: UTF8.self)
            if go(k + 2, end + next.count) { return true }
          }
        }
        return false
      }
    }
    return go(0, 0) ? captures : nil
  }
}

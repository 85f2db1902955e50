/// The sampling frame of the synthetic HVB study: Länder, the Sachsen-Anhalt Kreise and one
/// unit per chief administrative officer (HVB). Fixed tables, independent of the seed.
///
/// Sources and approximations (see `Notebooks-md/reference-demo-study.md`):
/// - Land keys and names: official AGS Land keys "01"…"16".
/// - Municipalities per Land: approximate Destatis Gemeindeverzeichnis 2023 counts.
/// - Split into size classes (< 5,000; 5,000–19,999; 20,000–99,999; ≥ 100,000 inhabitants):
///   an approximation written for this demo, not an official table; class 1 is the remainder.
/// - Sachsen-Anhalt: the 14 Kreise with real keys, names, Gemeinden counts, population and density
///   (Statistisches Landesamt Sachsen-Anhalt, Stand 31.12.2023). Its frame is not the 218 Gemeinden
///   but the HVB: 14 Kreis-level HVB (3 Oberbürgermeister, 11 Landräte) and 120 Gemeinde-level HVB
///   (≈ 101 Einheitsgemeinden + ≈ 18 Verbandsgemeinden; Mitgliedsgemeinden have honorary mayors),
///   allocated over the 11 Landkreise in proportion to their Gemeinden counts (largest remainder).
struct DemoLand: Sendable {
  let key: String
  let name: String
  let abbreviation: String
  /// Approximate number of municipalities (Destatis Gemeindeverzeichnis 2023).
  let municipalities: Int
  /// Size classes 2, 3, 4 (class 1 is the remainder); nil for Sachsen-Anhalt (built from Kreise).
  let upperSizeClasses: [Int]?
  /// Bitkom Länderindex 2024 overall score (0–100), used to set readiness effects.
  let bitkomScore: Double
  /// Land effects on vertical and horizontal trust (latent SD units), hand-set.
  let verticalTrust: Double
  let horizontalTrust: Double
  /// Added to the base response probability.
  let responseAdjustment: Double
}

struct DemoKreis: Sendable {
  let key: String
  let name: String
  let type: String
  let gemeinden: Int
  let population: Int
  let density: Double
  var isKreisfrei: Bool { gemeinden == 1 }
}

/// One HVB position in the frame (a municipality, Verbandsgemeinde or Kreis).
struct FrameUnit: Sendable {
  let index: Int
  let muniID: String
  let land: String
  let kreis: String?
  let role: Int
  let sizeClass: Int
  let stratum: String
}

enum DemoFrame {
  static let saxonyAnhalt = "15"
  static let saxonyAnhaltGemeindeHVB = 120
  static let saxonyAnhaltVerbandsgemeinden = 18
  /// Size-class shares of Sachsen-Anhalt's Einheitsgemeinden (classes 1, 2, 3), approximate.
  static let saxonyAnhaltEinheitsgemeindeShares = [0.18, 0.60, 0.22]

  static let laender: [DemoLand] = [
    DemoLand(key: "01", name: "Schleswig-Holstein", abbreviation: "SH", municipalities: 1104, upperSizeClasses: [55, 14, 2], bitkomScore: 61.2, verticalTrust: 0.10, horizontalTrust: 0.10, responseAdjustment: 0.00),
    DemoLand(key: "02", name: "Hamburg", abbreviation: "HH", municipalities: 1, upperSizeClasses: [0, 0, 1], bitkomScore: 73.5, verticalTrust: 0.00, horizontalTrust: -0.20, responseAdjustment: 0.05),
    DemoLand(key: "03", name: "Niedersachsen", abbreviation: "NI", municipalities: 941, upperSizeClasses: [250, 95, 8], bitkomScore: 59.0, verticalTrust: 0.05, horizontalTrust: 0.05, responseAdjustment: 0.00),
    DemoLand(key: "04", name: "Bremen", abbreviation: "HB", municipalities: 2, upperSizeClasses: [0, 0, 2], bitkomScore: 59.1, verticalTrust: -0.05, horizontalTrust: -0.20, responseAdjustment: 0.05),
    DemoLand(key: "05", name: "Nordrhein-Westfalen", abbreviation: "NW", municipalities: 396, upperSizeClasses: [175, 171, 30], bitkomScore: 61.9, verticalTrust: 0.00, horizontalTrust: -0.05, responseAdjustment: 0.02),
    DemoLand(key: "06", name: "Hessen", abbreviation: "HE", municipalities: 421, upperSizeClasses: [235, 57, 5], bitkomScore: 64.0, verticalTrust: 0.05, horizontalTrust: 0.00, responseAdjustment: 0.00),
    DemoLand(key: "07", name: "Rheinland-Pfalz", abbreviation: "RP", municipalities: 2301, upperSizeClasses: [45, 14, 5], bitkomScore: 54.1, verticalTrust: 0.05, horizontalTrust: 0.15, responseAdjustment: -0.05),
    DemoLand(key: "08", name: "Baden-Württemberg", abbreviation: "BW", municipalities: 1101, upperSizeClasses: [335, 92, 9], bitkomScore: 64.5, verticalTrust: 0.10, horizontalTrust: 0.05, responseAdjustment: 0.03),
    DemoLand(key: "09", name: "Bayern", abbreviation: "BY", municipalities: 2056, upperSizeClasses: [390, 63, 8], bitkomScore: 66.9, verticalTrust: 0.15, horizontalTrust: 0.00, responseAdjustment: 0.03),
    DemoLand(key: "10", name: "Saarland", abbreviation: "SL", municipalities: 52, upperSizeClasses: [38, 10, 1], bitkomScore: 56.1, verticalTrust: 0.10, horizontalTrust: 0.05, responseAdjustment: 0.05),
    DemoLand(key: "11", name: "Berlin", abbreviation: "BE", municipalities: 1, upperSizeClasses: [0, 0, 1], bitkomScore: 71.5, verticalTrust: -0.10, horizontalTrust: -0.20, responseAdjustment: 0.05),
    DemoLand(key: "12", name: "Brandenburg", abbreviation: "BB", municipalities: 411, upperSizeClasses: [85, 26, 2], bitkomScore: 56.6, verticalTrust: -0.15, horizontalTrust: 0.00, responseAdjustment: 0.00),
    DemoLand(key: "13", name: "Mecklenburg-Vorpommern", abbreviation: "MV", municipalities: 726, upperSizeClasses: [28, 10, 1], bitkomScore: 53.2, verticalTrust: -0.20, horizontalTrust: 0.00, responseAdjustment: -0.04),
    DemoLand(key: "14", name: "Sachsen", abbreviation: "SN", municipalities: 418, upperSizeClasses: [140, 32, 3], bitkomScore: 59.5, verticalTrust: -0.25, horizontalTrust: -0.05, responseAdjustment: 0.00),
    DemoLand(key: "15", name: "Sachsen-Anhalt", abbreviation: "ST", municipalities: 218, upperSizeClasses: nil, bitkomScore: 52.2, verticalTrust: -0.20, horizontalTrust: 0.00, responseAdjustment: 0.08),
    DemoLand(key: "16", name: "Thüringen", abbreviation: "TH", municipalities: 605, upperSizeClasses: [60, 14, 3], bitkomScore: 49.6, verticalTrust: -0.25, horizontalTrust: -0.05, responseAdjustment: 0.00),
  ]

  /// The 14 Kreise of Sachsen-Anhalt (StaLa Sachsen-Anhalt, Stand 31.12.2023).
  static let saxonyAnhaltKreise: [DemoKreis] = [
    DemoKreis(key: "15001", name: "Dessau-Roßlau", type: "kreisfreie Stadt", gemeinden: 1, population: 79686, density: 324),
    DemoKreis(key: "15002", name: "Halle (Saale)", type: "kreisfreie Stadt", gemeinden: 1, population: 242172, density: 1786),
    DemoKreis(key: "15003", name: "Magdeburg", type: "kreisfreie Stadt", gemeinden: 1, population: 240114, density: 1191),
    DemoKreis(key: "15081", name: "Altmarkkreis Salzwedel", type: "Landkreis", gemeinden: 13, population: 81851, density: 36),
    DemoKreis(key: "15082", name: "Anhalt-Bitterfeld", type: "Landkreis", gemeinden: 10, population: 156642, density: 107),
    DemoKreis(key: "15083", name: "Börde", type: "Landkreis", gemeinden: 34, population: 170984, density: 72),
    DemoKreis(key: "15084", name: "Burgenlandkreis", type: "Landkreis", gemeinden: 33, population: 177174, density: 125),
    DemoKreis(key: "15085", name: "Harz", type: "Landkreis", gemeinden: 20, population: 208804, density: 99),
    DemoKreis(key: "15086", name: "Jerichower Land", type: "Landkreis", gemeinden: 8, population: 89914, density: 57),
    DemoKreis(key: "15087", name: "Mansfeld-Südharz", type: "Landkreis", gemeinden: 22, population: 131071, density: 90),
    DemoKreis(key: "15088", name: "Saalekreis", type: "Landkreis", gemeinden: 20, population: 184255, density: 128),
    DemoKreis(key: "15089", name: "Salzlandkreis", type: "Landkreis", gemeinden: 21, population: 184943, density: 129),
    DemoKreis(key: "15090", name: "Stendal", type: "Landkreis", gemeinden: 25, population: 109592, density: 45),
    DemoKreis(key: "15091", name: "Wittenberg", type: "Landkreis", gemeinden: 9, population: 123246, density: 63),
  ]

  /// Size class of a population count: 1 < 5,000 ≤ 2 < 20,000 ≤ 3 < 100,000 ≤ 4.
  static func sizeClass(population: Int) -> Int {
    population < 5000 ? 1 : population < 20000 ? 2 : population < 100_000 ? 3 : 4
  }

  /// Largest-remainder (Hamilton) apportionment of `total` in proportion to `weights`;
  /// ties in the remainder go to the earlier entry.
  static func largestRemainder(_ total: Int, weights: [Double]) -> [Int] {
    let sum = weights.reduce(0, +)
    guard sum > 0, total > 0 else { return weights.map { _ in 0 } }
    let quotas = weights.map { Double(total) * $0 / sum }
    var counts = quotas.map { Int($0.rounded(.down)) }
    let remaining = total - counts.reduce(0, +)
    let order = quotas.indices.sorted { a, b in
      let ra = quotas[a] - quotas[a].rounded(.down), rb = quotas[b] - quotas[b].rounded(.down)
      return ra != rb ? ra > rb : a < b
    }
    for i in order.prefix(remaining) { counts[i] += 1 }
    return counts
  }

  /// Gemeinde-level HVB per Landkreis (Sachsen-Anhalt), parallel to the Landkreise (kreisfrei excluded).
  static var saxonyAnhaltAllocation: [(kreis: DemoKreis, gemeindeHVB: Int, verbandsgemeinden: Int)] {
    let landkreise = saxonyAnhaltKreise.filter { !$0.isKreisfrei }
    let weights = landkreise.map { Double($0.gemeinden) }
    let hvb = largestRemainder(saxonyAnhaltGemeindeHVB, weights: weights)
    let vg = largestRemainder(saxonyAnhaltVerbandsgemeinden, weights: weights)
    return landkreise.indices.map { (landkreise[$0], hvb[$0], Swift.min(vg[$0], hvb[$0])) }
  }

  static func stratumID(land: String, sizeClass: Int) -> String { "\(land)-\(sizeClass)" }
  static let saxonyAnhaltKreisStratum = "15-K"

  /// All HVB units, in frame order (Land key, then size class / Kreis order).
  static func units() -> [FrameUnit] {
    var units: [FrameUnit] = []
    func add(land: String, kreis: String?, role: Int, sizeClass: Int, stratum: String, muniID: String) {
      units.append(FrameUnit(index: units.count, muniID: muniID, land: land, kreis: kreis, role: role,
                             sizeClass: sizeClass, stratum: stratum))
    }
    for land in laender {
      if let upper = land.upperSizeClasses {
        let counts = [land.municipalities - upper.reduce(0, +)] + upper
        var serial = 0
        for (c, n) in counts.enumerated() where n > 0 {
          for _ in 0..<n {
            serial += 1
            // Size class 4 and the city-states are led by an Oberbürgermeister/in (or equivalent).
            add(land: land.key, kreis: nil, role: c == 3 ? 2 : 1, sizeClass: c + 1,
                stratum: stratumID(land: land.key, sizeClass: c + 1),
                muniID: "G\(land.key)\(pad(serial, 5))")
          }
        }
      } else {
        // Sachsen-Anhalt: Kreis-level HVB (take-all stratum), then Gemeinde-level HVB per Landkreis.
        for k in saxonyAnhaltKreise {
          add(land: land.key, kreis: k.key, role: k.isKreisfrei ? 2 : 3,
              sizeClass: sizeClass(population: k.population), stratum: saxonyAnhaltKreisStratum,
              muniID: "K\(k.key)")
        }
        for a in saxonyAnhaltAllocation {
          let einheit = a.gemeindeHVB - a.verbandsgemeinden
          let classes = largestRemainder(einheit, weights: saxonyAnhaltEinheitsgemeindeShares)
          var serial = 0
          for (c, n) in classes.enumerated() where n > 0 {
            for _ in 0..<n {
              serial += 1
              add(land: land.key, kreis: a.kreis.key, role: 1, sizeClass: c + 1,
                  stratum: stratumID(land: land.key, sizeClass: c + 1), muniID: "G\(a.kreis.key)\(pad(serial, 2))")
            }
          }
          for _ in 0..<a.verbandsgemeinden {
            serial += 1
            // Verbandsgemeinden are size class 2 (5,000–19,999) in this approximation.
            add(land: land.key, kreis: a.kreis.key, role: 4, sizeClass: 2,
                stratum: stratumID(land: land.key, sizeClass: 2), muniID: "V\(a.kreis.key)\(pad(serial, 2))")
          }
        }
      }
    }
    return units
  }
}

/// `n` as decimal text left-padded with zeros to `width` digits.
func pad(_ n: Int, _ width: Int) -> String {
  let s = String(n)
  return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
}

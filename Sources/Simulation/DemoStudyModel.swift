#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The latent factors of the demo study; each is also a measurement scale in `study.yaml`.
public enum DemoFactor: String, Sendable, CaseIterable, Codable {
  case verticalTrust = "vertical_trust"
  case horizontalTrust = "horizontal_trust"
  case digitalInfrastructure = "digital_infrastructure"
  case digitalOrganisation = "digital_organisation"

  /// Scale label (English).
  public var label: String {
    switch self {
    case .verticalTrust: "Vertical trust (Land, Bund, Kreis)"
    case .horizontalTrust: "Horizontal trust (neighbours, cooperation, IT providers, citizens)"
    case .digitalInfrastructure: "Digital readiness: infrastructure and technology"
    case .digitalOrganisation: "Digital readiness: organisation and people"
    }
  }

  /// Block the factor's items belong to.
  public var block: String {
    switch self {
    case .verticalTrust, .horizontalTrust: "trust"
    case .digitalInfrastructure, .digitalOrganisation: "readiness"
    }
  }
}

/// One generated item: ordinal cut of y* = s·λ·η_f + √(1 − λ²)·ε at thresholds τ₁ < … < τ₄,
/// where s = −1 for a reverse-worded item. The value is 1 + #{k : y* > τ_k}.
struct DemoItem: Sendable {
  let id: String
  let label: String
  let text: String
  let factor: DemoFactor
  let loading: Double
  let reversed: Bool
  /// Item location δ: thresholds are δ + `DemoModel.baseThresholds` (higher δ → lower scores).
  let location: Double
  /// Probability that a respondent's answer is missing (code 8, code 9 or blank).
  let missingRate: Double

  var thresholds: [Double] { DemoModel.baseThresholds.map { $0 + location } }
  /// Thresholds in wave `waveIndex` (0 = first wave): δ + Δ_t + base, where Δ_t is the planted
  /// location shift of `DemoModel.nonInvariance` (0 for every item and wave but the planted one).
  func thresholds(waveIndex: Int) -> [Double] {
    let shift = DemoModel.locationShift(item: id, waveIndex: waveIndex)
    return DemoModel.baseThresholds.map { $0 + location + shift }
  }
  var sign: Double { reversed ? -1 : 1 }
  var uniqueness: Double { 1 - loading * loading }
}

/// A planted violation of measurement invariance: in one wave an item's thresholds are shifted
/// (scalar non-invariance), so the same latent value gives a different answer distribution.
struct DemoNonInvariance: Sendable {
  let item: String
  /// Wave index (0 = first wave) from which on the shift holds.
  let waveIndex: Int
  /// Δ added to every threshold of the item (negative: higher answers at the same latent value).
  let locationShift: Double
  let description: String
}

/// The fixed parameters of the latent model (all written to `truth.json`).
enum DemoModel {
  static let baseThresholds = [-1.5, -0.5, 0.4, 1.4]

  /// The planted non-invariant item, for the invariance tests of `trustmetrics cfa`: in the third
  /// wave (2023) the BundID item's thresholds drop by 0.6 latent SD — BundID log-in became
  /// standard, so mayors agree more at the same digital readiness. Loadings are unchanged.
  static let nonInvariance: [DemoNonInvariance] = [
    DemoNonInvariance(
      item: "dr_bundid", waveIndex: 2, locationShift: -0.6,
      description: "Scalar non-invariance planted on purpose: from the third wave on, every threshold of dr_bundid "
        + "is shifted by locationShift (latent SD units); its loading is unchanged. An invariance test across "
        + "waves should find the item's intercepts/thresholds non-invariant in that wave.")
  ]

  /// Δ_t of `item` in wave `waveIndex` (0 when nothing is planted there).
  static func locationShift(item: String, waveIndex: Int) -> Double {
    nonInvariance.filter { $0.item == item && waveIndex >= $0.waveIndex }.reduce(0) { $0 + $1.locationShift }
  }

  static let items: [DemoItem] = [
    // Trust block (Vertrauen)
    DemoItem(id: "tr_land", label: "Trust: Land government",
             text: "Ich vertraue darauf, dass die Landesregierung die Interessen der Kommunen berücksichtigt.",
             factor: .verticalTrust, loading: 0.80, reversed: false, location: 0.00, missingRate: 0.035),
    DemoItem(id: "tr_bund", label: "Trust: federal government",
             text: "Ich vertraue darauf, dass die Bundesregierung die Interessen der Kommunen berücksichtigt.",
             factor: .verticalTrust, loading: 0.72, reversed: false, location: 0.35, missingRate: 0.040),
    DemoItem(id: "tr_kreis", label: "Trust: Kreis administration",
             text: "Ich vertraue der Kreisverwaltung als verlässlichem Partner unserer Kommune.",
             factor: .verticalTrust, loading: 0.62, reversed: false, location: -0.30, missingRate: 0.045),
    DemoItem(id: "tr_land_r", label: "Land decides over municipalities' heads (reversed)",
             text: "Die Landesregierung entscheidet oft über die Köpfe der Kommunen hinweg.",
             factor: .verticalTrust, loading: 0.60, reversed: true, location: -0.10, missingRate: 0.040),
    DemoItem(id: "tr_nachbar", label: "Trust: neighbouring municipalities",
             text: "Ich vertraue den Verwaltungsspitzen unserer Nachbarkommunen.",
             factor: .horizontalTrust, loading: 0.75, reversed: false, location: -0.40, missingRate: 0.030),
    DemoItem(id: "tr_ikz", label: "Trust: inter-municipal cooperation",
             text: "Die interkommunale Zusammenarbeit beruht bei uns auf gegenseitigem Vertrauen.",
             factor: .horizontalTrust, loading: 0.78, reversed: false, location: -0.20, missingRate: 0.035),
    DemoItem(id: "tr_ikz_r", label: "Free-riding in cooperation (reversed)",
             text: "Bei gemeinsamen Projekten mit anderen Kommunen muss man mit Trittbrettfahrern rechnen.",
             factor: .horizontalTrust, loading: 0.55, reversed: true, location: 0.10, missingRate: 0.050),
    DemoItem(id: "tr_itdl", label: "Trust: municipal IT service providers",
             text: "Ich vertraue unseren kommunalen IT-Dienstleistern.",
             factor: .horizontalTrust, loading: 0.50, reversed: false, location: -0.10, missingRate: 0.055),
    DemoItem(id: "tr_buerger", label: "Trust: citizens",
             text: "Ich vertraue den Bürgerinnen und Bürgern unserer Kommune.",
             factor: .horizontalTrust, loading: 0.45, reversed: false, location: -0.60, missingRate: 0.030),
    // Digital-readiness block (Digitale Reife)
    DemoItem(id: "dr_ozg", label: "OZG services online",
             text: "Die wichtigsten Verwaltungsleistungen nach dem Onlinezugangsgesetz (OZG) sind bei uns online verfügbar.",
             factor: .digitalInfrastructure, loading: 0.78, reversed: false, location: 0.30, missingRate: 0.045),
    DemoItem(id: "dr_eakte", label: "E-file (E-Akte) in use",
             text: "Die elektronische Akte (E-Akte) ist in unserer Verwaltung eingeführt.",
             factor: .digitalInfrastructure, loading: 0.72, reversed: false, location: 0.45, missingRate: 0.040),
    DemoItem(id: "dr_netz", label: "Broadband and administrative network",
             text: "Breitbandanbindung und Anschluss an das Verwaltungsnetz sind bei uns ausreichend.",
             factor: .digitalInfrastructure, loading: 0.65, reversed: false, location: 0.00, missingRate: 0.040),
    DemoItem(id: "dr_itsich", label: "IT security",
             text: "Die IT-Sicherheit unserer Verwaltung entspricht dem Stand der Technik.",
             factor: .digitalInfrastructure, loading: 0.68, reversed: false, location: -0.10, missingRate: 0.060),
    DemoItem(id: "dr_bundid", label: "Digital identity (BundID)",
             text: "Bürgerinnen und Bürger können sich bei unseren Online-Diensten mit BundID bzw. Online-Ausweis anmelden.",
             factor: .digitalInfrastructure, loading: 0.60, reversed: false, location: 0.50, missingRate: 0.060),
    DemoItem(id: "dr_kompetenz", label: "Staff digital skills",
             text: "Unsere Beschäftigten verfügen über die nötigen digitalen Kompetenzen.",
             factor: .digitalOrganisation, loading: 0.76, reversed: false, location: 0.10, missingRate: 0.035),
    DemoItem(id: "dr_budget", label: "Budget for digitalisation",
             text: "Für die Digitalisierung stehen ausreichende Haushaltsmittel zur Verfügung.",
             factor: .digitalOrganisation, loading: 0.62, reversed: false, location: 0.55, missingRate: 0.045),
    DemoItem(id: "dr_fuehrung", label: "Leadership commitment",
             text: "Die Verwaltungsführung treibt die Digitalisierung aktiv voran.",
             factor: .digitalOrganisation, loading: 0.74, reversed: false, location: -0.30, missingRate: 0.030),
    DemoItem(id: "dr_strategie", label: "Digital strategy",
             text: "Unsere Kommune verfolgt eine schriftlich festgelegte Digitalisierungsstrategie.",
             factor: .digitalOrganisation, loading: 0.70, reversed: false, location: 0.20, missingRate: 0.040),
    DemoItem(id: "dr_personal_r", label: "Lack of staff for digital projects (reversed)",
             text: "Uns fehlt das Personal, um Digitalisierungsprojekte umzusetzen.",
             factor: .digitalOrganisation, loading: 0.58, reversed: true, location: -0.50, missingRate: 0.045),
  ]

  /// Factor correlation matrix Φ (order of `DemoFactor.allCases`).
  static let factorCorrelation: [[Double]] = [
    [1.00, 0.35, 0.20, 0.25],
    [0.35, 1.00, 0.25, 0.30],
    [0.20, 0.25, 1.00, 0.55],
    [0.25, 0.30, 0.55, 1.00],
  ]

  /// Size-class effects (rows: size class 1…4; columns: factors).
  static let sizeClassEffects: [[Double]] = [
    [0.05, 0.10, -0.30, -0.25],
    [0.00, 0.05, -0.05, 0.00],
    [-0.05, -0.05, 0.20, 0.15],
    [-0.10, -0.20, 0.45, 0.35],
  ]

  /// Role effects (rows: role 1…4; columns: factors).
  static let roleEffects: [[Double]] = [
    [0.00, 0.00, 0.00, 0.00],
    [-0.05, 0.00, 0.05, 0.05],
    [0.25, 0.10, 0.20, 0.20],
    [0.00, 0.20, -0.05, 0.00],
  ]

  /// Wave effects by wave index (0 = first wave); later indices repeat the last row.
  /// Readiness rises; trust dips in the second wave (2021) and partly recovers.
  static let waveEffectsByIndex: [[Double]] = [
    [0.00, 0.00, 0.00, 0.00],
    [-0.20, -0.05, 0.30, 0.20],
    [-0.10, 0.05, 0.55, 0.40],
  ]

  static func waveEffects(index: Int) -> [Double] {
    waveEffectsByIndex[Swift.min(index, waveEffectsByIndex.count - 1)]
  }

  /// Land effects: trust hand-set (`DemoLand`); readiness from the Bitkom Länderindex 2024
  /// overall score: infrastructure 0.025·(score − 60), organisation 0.015·(score − 60).
  static func landEffects(_ land: DemoLand) -> [Double] {
    [land.verticalTrust, land.horizontalTrust, 0.025 * (land.bitkomScore - 60), 0.015 * (land.bitkomScore - 60)]
  }

  /// Base response probability by size class 1…4 (Land adjustment added; see `DemoLand`).
  static let baseResponseBySizeClass = [0.52, 0.60, 0.66, 0.72]
  /// Base response probability of the Sachsen-Anhalt Kreis-level HVB (take-all stratum).
  static let kreisLevelResponse = 0.85
  /// Sampling-fraction multipliers by size class: f_s = min(1, a·m_s), a solved for the target.
  static let samplingMultipliers = [1.0, 2.0, 2.2, 5.0]

  /// Item-missing code shares: code 8 "weiß nicht", code 9 "keine Angabe", blank.
  static let missingShares = (dontKnow: 0.55, noAnswer: 0.40, blank: 0.05)

  /// Standard normal CDF Φ(x) = erfc(−x/√2)/2.
  static func normalCDF(_ x: Double) -> Double { 0.5 * erfc(-x / 2.0.squareRoot()) }

  /// E[X] of an item whose latent mean is `latentMean` (y* has unit variance):
  /// E[X] = Σ_{k=1}^{5} P(X ≥ k) = 5 − Σ_{k=1}^{4} Φ(τ_k − s·λ·μ).
  static func expectedItemValue(_ item: DemoItem, factorMean: Double, waveIndex: Int = 0) -> Double {
    let m = item.sign * item.loading * factorMean
    return 5 - item.thresholds(waveIndex: waveIndex).reduce(0) { $0 + normalCDF($1 - m) }
  }

  /// Expected scale score (mean of keyed items, reverse-keyed as 6 − x) at factor mean μ_f.
  static func expectedScaleScore(_ factor: DemoFactor, factorMean: Double, waveIndex: Int = 0) -> Double {
    let its = items.filter { $0.factor == factor }
    let total = its.reduce(0.0) { acc, item in
      let e = expectedItemValue(item, factorMean: factorMean, waveIndex: waveIndex)
      return acc + (item.reversed ? 6 - e : e)
    }
    return total / Double(its.count)
  }
}

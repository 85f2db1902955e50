import Testing
@testable import Codebook

let validStudy = """
study:
  id: mini
  title: "Mini-Studie"
  synthetic: true
respondent_id: id
wave: wave
files:
  - {path: data/w1.csv, wave: 2019, delimiter: ";", decimal: ",", encoding: windows-1252}
  - {path: data/w2.xlsx, wave: 2021, sheet: Daten}
response_scales:
  likert5:
    codes: {1: "trifft gar nicht zu", 2: "eher nicht", 3: "teils/teils", 4: "eher", 5: "trifft voll zu"}
    missing: {8: "weiß nicht", 9: "keine Angabe"}
items:
  - {id: a1, label: "A1", text: "Ich vertraue dem Land.", scale: likert5, block: trust}
  - {id: a2, label: "A2", scale: likert5, block: trust, reverse: true}
  - {id: a3, label: "A3", scale: likert5, block: trust}
scales:
  - {id: trust, label: "Trust", items: [a1, a2, -a3]}
variables:
  - {id: size_class, label: "Size", type: categorical, codes: {1: small, 2: large}}
regions:
  variables:
    - {variable: land, level: land}
    - {variable: kreis, level: kreis}
  table:
    - {key: "15", name: "Sachsen-Anhalt", level: land}
    - {key: "15001", name: "Dessau-Roßlau", level: kreis, parent: "15", population: 79686}
design:
  weight: w
  strata: stratum
  lonely_psu: average
"""

func parse(_ yaml: String) throws(CodebookError) -> Study {
  try StudyLoader.parse(yaml: yaml, file: "study.yaml", baseDirectory: "/tmp/s")
}

/// Parses `yaml` and returns the error it must raise.
func expectError(_ yaml: String) -> CodebookError? {
  do {
    _ = try parse(yaml)
    return nil
  } catch {
    return error
  }
}

@Suite struct StudyLoaderTests {
  @Test func parsesAValidStudy() throws {
    let s = try parse(validStudy)
    #expect(s.id == "mini")
    #expect(s.synthetic)
    #expect(s.waves == [2019, 2021])
    #expect(s.dataFiles[0].delimiter == ";")
    #expect(s.dataFiles[0].decimalSeparator == ",")
    #expect(s.dataFiles[0].encoding == .windows1252)
    #expect(s.dataFiles[1].format == "xlsx")
    #expect(s.dataFiles[1].sheet == "Daten")
    let rs = try #require(s.responseScales["likert5"])
    #expect(rs.minimum == 1 && rs.maximum == 5)
    #expect(rs.missingCodes.map(\.value) == [8, 9])
    #expect(rs.missingCodes[0].label == "weiß nicht")
    #expect(s.items.map(\.id) == ["a1", "a2", "a3"])
    #expect(s.blocks.map(\.id) == ["trust"])
    #expect(s.blocks[0].items == ["a1", "a2", "a3"])
    // a2 is reverse: true → key −1; a3 has an explicit "-" → −1.
    #expect(s.scales[0].keys == [1, -1, -1])
    #expect(s.region("15001")?.covariates["population"] == 79686)
    #expect(s.region("15001")?.parent == "15")
    #expect(s.design?.lonelyPSU == .average)
    #expect(s.variables[0].codes.map(\.label) == ["small", "large"])
  }

  @Test func unknownKeyNamesLineAndAllowedKeys() {
    let bad = validStudy.replacingOccurrences(of: "label: \"A2\", scale", with: "label: \"A2\", scael")
    let e = expectError(bad)
    #expect(e?.line == 16)
    #expect(e?.keyPath == "items[1]")
    #expect(e?.problem == .unknownKey("scael", allowed: StudyLoader.itemKeys))
    #expect(e?.description.hasPrefix("study.yaml:16:") == true)
    #expect(e?.description.contains("allowed: id, label, text, scale, reverse, block") == true)
  }

  @Test func undefinedItemInScale() {
    let e = expectError(validStudy.replacingOccurrences(of: "[a1, a2, -a3]", with: "[a1, a2, -a4]"))
    #expect(e?.line == 19)
    #expect(e?.problem == .undefinedReference(kind: "item", id: "a4", defined: ["a1", "a2", "a3"]))
  }

  @Test func undefinedResponseScale() {
    let e = expectError(validStudy.replacingOccurrences(of: "label: \"A3\", scale: likert5", with: "label: \"A3\", scale: likert7"))
    #expect(e?.line == 17)
    #expect(e?.problem == .undefinedReference(kind: "response scale", id: "likert7", defined: ["likert5"]))
  }

  @Test func duplicateItemID() {
    let e = expectError(validStudy.replacingOccurrences(of: "{id: a3,", with: "{id: a1,"))
    #expect(e?.line == 17)
    #expect(e?.problem == .duplicateID(kind: "item", id: "a1", firstLine: 15))
  }

  @Test func wrongType() {
    let e = expectError(validStudy.replacingOccurrences(of: "reverse: true", with: "reverse: vielleicht"))
    #expect(e?.line == 16)
    #expect(e?.problem == .wrongType(expected: "true or false", found: "the scalar 'vielleicht'"))
  }

  @Test func regionParentMissingFromTable() {
    let e = expectError(validStudy.replacingOccurrences(of: "parent: \"15\"", with: "parent: \"16\""))
    #expect(e?.line == 28)
    #expect(e?.problem == .undefinedReference(kind: "region", id: "16", defined: ["15", "15001"]))
  }

  @Test func missingRequiredKey() {
    let e = expectError(validStudy.replacingOccurrences(of: "respondent_id: id\n", with: ""))
    #expect(e?.problem == .missingKey("respondent_id"))
  }

  @Test func invalidChoiceListsAllowedValues() {
    let e = expectError(validStudy.replacingOccurrences(of: "lonely_psu: average", with: "lonely_psu: ignore"))
    #expect(e?.line == 32)
    #expect(e?.problem == .invalidValue("ignore", allowed: "fail | remove | adjust | average | certainty"))
  }

  @Test func missingCodeInsideValidRangeIsRejected() {
    let e = expectError(validStudy.replacingOccurrences(of: "missing: {8:", with: "missing: {3:"))
    #expect(e?.line == 13)
    if case .invalidValue(let v, _)? = e?.problem { #expect(v == "3") } else { Issue.record("expected invalidValue, got \(String(describing: e))") }
  }

  @Test func notYAMLGivesLocatedError() {
    let e = expectError("study: [unclosed\n  id: x\n")
    if case .notYAML? = e?.problem {} else { Issue.record("expected notYAML, got \(String(describing: e))") }
    #expect((e?.line ?? 0) >= 1)
  }

  @Test func notAMappingAtTop() {
    let e = expectError("- just\n- a list\n")
    #expect(e?.problem == .wrongType(expected: "a mapping (key: value)", found: "a list"))
  }

  @Test func emptyDocument() {
    let e = expectError("")
    if case .notYAML? = e?.problem {} else { Issue.record("expected notYAML, got \(String(describing: e))") }
  }

  @Test func unreadableFile() {
    do {
      _ = try StudyLoader.load(path: "/nonexistent/study.yaml")
      Issue.record("expected an error")
    } catch {
      if case .unreadable = error.problem {} else { Issue.record("expected unreadable, got \(error)") }
    }
  }

  @Test func waveRequiredOnFilesWhenStudyHasWaves() {
    let e = expectError(validStudy.replacingOccurrences(of: "{path: data/w2.xlsx, wave: 2021, sheet: Daten}", with: "{path: data/w2.xlsx}"))
    #expect(e?.line == 9)
    #expect(e?.problem == .missingKey("wave"))
  }

  @Test func badDelimiterListsChoices() {
    let e = expectError(validStudy.replacingOccurrences(of: "delimiter: \";\"", with: "delimiter: \"|\""))
    #expect(e?.problem == .invalidValue("|", allowed: "auto | , | ; | \\t"))
  }
}

@Suite struct IndexDefinitionTests {
  static let withIndex = validStudy + """

  indices:
    - id: trust_index
      label: "Vertrauensindex"
      components:
        - {scale: trust, weight: 2}
        - {item: a3, weight: 1, direction: -1}
      normalisation: {method: minmax, goalposts: [1, 5], range: [0, 100]}
      weights: explicit
      aggregation: generalised
      power: 2
      imputation: group_mean
      outliers: winsorise
      min_coverage: 0.75
    - id: meta
      components: [{index: trust_index}, {scale: trust}]
      normalisation: rank
  """

  @Test func parsesIndexTree() throws {
    let s = try parse(Self.withIndex)
    #expect(s.indices.map(\.id) == ["trust_index", "meta"])
    let t = try #require(s.index("trust_index"))
    #expect(t.components == [IndexDefinitionComponent(source: .scale("trust"), weight: 2), IndexDefinitionComponent(source: .item("a3"), weight: 1, direction: -1)])
    #expect(t.normalisation == .minMax(goalposts: [1, 5], range: [0, 100]))
    #expect(t.weighting == .explicit && t.aggregation == .generalised && t.power == 2)
    #expect(t.imputation == .groupMean && t.outliers == .winsorise && t.minimumCoverage == 0.75)
    #expect(s.index("meta")?.normalisation == .rank)
    #expect(s.index("meta")?.components.first?.source == .index("trust_index"))
  }

  @Test func undefinedScaleInIndex() {
    let e = expectError(Self.withIndex.replacingOccurrences(of: "{scale: trust, weight: 2}", with: "{scale: trsut, weight: 2}"))
    #expect(e?.line == 37)
    #expect(e?.problem == .undefinedReference(kind: "scale", id: "trsut", defined: ["trust"]))
  }

  @Test func undefinedSubIndex() {
    let e = expectError(Self.withIndex.replacingOccurrences(of: "{index: trust_index}", with: "{index: readiness}"))
    #expect(e?.problem == .undefinedReference(kind: "index", id: "readiness", defined: ["trust_index", "meta"]))
  }

  @Test func explicitWeightsNeedAWeightPerComponent() {
    let e = expectError(Self.withIndex.replacingOccurrences(of: "{item: a3, weight: 1, direction: -1}", with: "{item: a3, direction: -1}"))
    #expect(e?.problem == .missingKey("weight"))
    #expect(e?.keyPath == "indices[0].components[1]")
  }

  @Test func unknownNormalisationListsChoices() {
    let e = expectError(Self.withIndex.replacingOccurrences(of: "normalisation: rank", with: "normalisation: sigmoid"))
    #expect(e?.problem == .invalidValue("sigmoid", allowed: "none | zscore | minmax | rank | ratio | distance"))
  }

  @Test func componentWithTwoReferences() {
    let e = expectError(Self.withIndex.replacingOccurrences(of: "{scale: trust}]", with: "{scale: trust, item: a1}]"))
    #expect(e?.problem == .invalidValue("scale and item", allowed: "exactly one of scale, item or index"))
  }
}

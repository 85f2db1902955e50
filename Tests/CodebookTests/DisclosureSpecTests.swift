import Testing
@testable import Codebook


@Suite struct DisclosureSpecTests {
  @Test func defaultsWithoutABlock() throws {
    let s = try parse(validStudy)
    #expect(s.disclosure == DisclosureSpec())
    #expect(s.disclosure.minimumCellSize == 5 && s.disclosure.minimumMunicipalities == 3)
    #expect(s.disclosure.dominance == .nk(n: 2, k: 85))
    #expect(s.disclosure.unit == .respondent && s.disclosure.unitColumn == nil)
    // Default publication groupings: the region variables and the design strata.
    #expect(s.publicationGroupings == ["land", "kreis", "stratum"])
  }

  @Test func parsesAFullBlock() throws {
    let yaml = validStudy.replacingOccurrences(of: "  - {id: size_class,", with: "  - {id: muni, label: \"Municipality\", type: text}\n  - {id: size_class,")
      + """

      disclosure:
        unit: municipality
        unit_column: muni
        min_cell_size: 7
        min_municipalities: 4
        dominance: {rule: p-percent, p: 15}
        groupings: [land, size_class]
        rake_margins: [margins/land.csv]
      """
    let d = try parse(yaml).disclosure
    #expect(d == DisclosureSpec(unit: .municipality, unitColumn: "muni", minimumCellSize: 7, minimumMunicipalities: 4,
                                dominance: .pPercent(p: 15), groupings: ["land", "size_class"], rakeMargins: ["margins/land.csv"]))
    #expect(d.effectiveMunicipalityColumn == "muni")
    #expect(try parse(validStudy + "\ndisclosure:\n  dominance: none\n").disclosure.dominance == .none)
    #expect(try parse(validStudy + "\ndisclosure:\n  dominance: {rule: nk, n: 1, k: 90}\n").disclosure.dominance == .nk(n: 1, k: 90))
  }

  @Test func kBelowThreeIsRefusedWithItsLine() {
    let e = expectError(validStudy + "\ndisclosure:\n  min_cell_size: 2\n")
    #expect(e?.line == 34)
    #expect(e?.keyPath == "disclosure.min_cell_size")
    #expect(e?.problem == .invalidValue("2", allowed: "a whole number ≥ 3"))
  }

  @Test func unknownKeyListsTheBlocksKeys() {
    let e = expectError(validStudy + "\ndisclosure:\n  k: 5\n")
    #expect(e?.line == 34)
    #expect(e?.problem == .unknownKey("k", allowed: StudyLoader.disclosureKeys))
  }

  @Test func unitNeedsAColumn() {
    let e = expectError(validStudy + "\ndisclosure:\n  unit: municipality\n")
    #expect(e?.problem == .missingKey("unit_column"))
    let f = expectError(validStudy + "\ndisclosure:\n  unit: officer\n  unit_column: person\n")
    #expect(f?.line == 35)
    #expect(f?.problem == .undefinedReference(kind: "variable", id: "person", defined: ["id", "size_class"]))
    let g = expectError(validStudy + "\ndisclosure:\n  unit: citizen\n")
    #expect(g?.problem == .invalidValue("citizen", allowed: "respondent | municipality | officer"))
  }

  @Test func groupingsMustBePublishableColumns() {
    let e = expectError(validStudy + "\ndisclosure:\n  groupings: [land, role]\n")
    #expect(e?.line == 34)
    #expect(e?.keyPath == "disclosure.groupings[1]")
    #expect(e?.problem == .invalidValue("role", allowed: "land | kreis | stratum | size_class"))
    let w = expectError(validStudy + "\ndisclosure:\n  groupings: [wave]\n")
    if case .invalidValue(let v, let allowed)? = w?.problem {
      #expect(v == "wave" && allowed.hasPrefix("wave is always a publication grouping"))
    } else {
      Issue.record("expected invalidValue for wave, got \(String(describing: w))")
    }
  }

  @Test func minimumMunicipalitiesNeedsAMunicipalityColumn() {
    let e = expectError(validStudy + "\ndisclosure:\n  min_municipalities: 3\n")
    #expect(e?.problem == .invalidValue("3", allowed: "min_municipalities needs municipality_column (or unit: municipality)"))
  }

  @Test func dominanceRulesAreChecked() {
    #expect(expectError(validStudy + "\ndisclosure:\n  dominance: {rule: nk, k: 120}\n")?.problem
            == .invalidValue("120", allowed: "a percentage in (0, 100]"))
    #expect(expectError(validStudy + "\ndisclosure:\n  dominance: {rule: median}\n")?.problem
            == .invalidValue("median", allowed: "nk | p-percent | none"))
    #expect(expectError(validStudy + "\ndisclosure:\n  dominance: sometimes\n")?.problem
            == .invalidValue("sometimes", allowed: "none | {rule: nk, n: 2, k: 85} | {rule: p-percent, p: 10}"))
  }
}

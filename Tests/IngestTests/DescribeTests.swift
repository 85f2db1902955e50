import Testing
@testable import Ingest
import Codebook

@Suite struct DescribeLabelTests {
  /// Groups are labelled by their own column: a key that equals a region key of another variable
  /// (years in office 15, Land 15) keeps its own label; a region variable takes the names of the
  /// regions of its level only.
  @Test func labelsComeFromTheGroupingsOwnColumn() {
    var study = Study(id: "s", title: "t", respondentID: "id",
                      variables: [Variable(id: "years", label: "Years", kind: .text),
                                  Variable(id: "size", label: "Size", kind: .categorical, codes: [Code(value: 15, label: "fifteen")])],
                      regionVariables: [RegionVariable(variable: "land", level: .land), RegionVariable(variable: "kreis", level: .kreis)],
                      regions: [Region(key: "15", name: "Sachsen-Anhalt", level: .land),
                                Region(key: "15001", name: "Dessau-Roßlau", level: .kreis, parent: "15")])
    study.design = nil
    #expect(Describe.label(study, variable: "years", key: "15") == "15")
    #expect(Describe.label(study, variable: "size", key: "15") == "fifteen")
    #expect(Describe.label(study, variable: "land", key: "15") == "Sachsen-Anhalt")
    #expect(Describe.label(study, variable: "kreis", key: "15") == "15")
    #expect(Describe.label(study, variable: "kreis", key: "15001") == "Dessau-Roßlau")
    #expect(Describe.label(study, variable: "land", key: "15001") == "15001")
  }
}

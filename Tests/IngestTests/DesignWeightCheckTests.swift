import Testing

@testable import Codebook
@testable import DataIO
@testable import Ingest

/// Design weights are checked when the data are loaded, per wave, with the file and line.
@Suite struct DesignWeightCheckTests {
  let study = """
    study: {id: w, title: "W"}
    respondent_id: id
    wave: wave
    files:
      - {path: a.csv, wave: 1}
      - {path: b.csv, wave: 2}
    response_scales:
      l5: {codes: {1: a, 2: b, 3: c, 4: d, 5: e}}
    items:
      - {id: q1, scale: l5}
    design: {weight: w}
    """

  func load(_ a: String, _ b: String) throws(IngestError) -> StudyData {
    let s: Study
    do { s = try StudyLoader.parse(yaml: study, file: "study.yaml", baseDirectory: ".") } catch { throw .codebook(error) }
    let ta: DataTable, tb: DataTable
    do {
      ta = try CSVReader.read(data: Array(a.utf8), path: "a.csv")
      tb = try CSVReader.read(data: Array(b.utf8), path: "b.csv")
    } catch { throw .data(error) }
    return try StudyReader.apply(study: s, tables: [(s.dataFiles[0], ta), (s.dataFiles[1], tb)])
  }

  @Test func refusedWithFileAndLine() {
    #expect(throws: IngestError.designWeight(DesignWeightProblem(
      file: "b.csv", line: 3, column: "w", wave: 2, value: 1e308,
      problem: "1e+308 brings the total of the weights above 1e15 (SurveyDesign.maximumWeightTotal, the estimated population size); weighted sums would overflow"))) {
      try load("id,q1,w\n1,2,1\n", "id,q1,w\n2,3,1\n3,4,1e308\n")
    }
    #expect(throws: IngestError.designWeight(DesignWeightProblem(
      file: "a.csv", line: 2, column: "w", wave: 1, value: -.infinity, problem: "-inf is not allowed; weights must be finite and ≥ 0"))) {
      try load("id,q1,w\n1,2,-1e400\n", "id,q1,w\n2,3,1\n")
    }
    // All zero in one wave (the other wave is fine): the wave is named.
    do {
      _ = try load("id,q1,w\n1,2,1\n", "id,q1,w\n2,3,0\n3,4,0\n")
      Issue.record("accepted all-zero weights")
    } catch {
      #expect(error.description == "b.csv: design weight 'w' (wave 2): every weight is 0; at least one respondent needs a positive weight")
    }
  }

  @Test func acceptedWeights() throws {
    // Totals are per wave: 6e14 in each wave is fine; a blank weight is left to the design.
    let data = try load("id,q1,w\n1,2,6e14\n4,1,\n", "id,q1,w\n2,3,6e14\n")
    #expect(data.rowCount == 3)
    #expect(data.weights?[1].isNaN == true)
  }
}

import Foundation
import Testing
import _TestSupport
@testable import TrustMetrics

/// The demo study's publication plan, made once for the suite (it is deterministic).
let demoPlan: Result<(StudyData, PublicationPlan), Error> = Result {
  let data = try StudyReader.load(studyPath: demoPath)
  return (data, try StudyPublication.plan(data))
}

@Suite struct StudyPublicationTests {
  /// Measures and link groups: a scale with its items, an index with its components.
  @Test func measuresAndLinkGroups() throws {
    let (data, _) = try demoPlan.get()
    let measures = try StudyPublication.measures(data)
    let group = Dictionary(uniqueKeysWithValues: measures.map { ($0.id, $0.linkGroup) })
    #expect(measures.count == 1 + 19 + 4 + 2)
    let trust = try #require(group["index:trust"])
    for id in ["item:tr_land", "item:tr_land_r", "item:tr_buerger", "scale:vertical_trust/2", "scale:horizontal_trust/3"] {
      #expect(group[id] == trust, "\(id)")
    }
    #expect(group["item:dr_ozg"] == group["index:readiness"])
    #expect(group["item:dr_ozg"] != trust)
    #expect(group["respondents"] == "respondents")
  }

  /// Counting units, not responses: Bremen's two municipalities answered in three waves (six
  /// responses), and the pooled Bremen cell is withheld as two units.
  @Test func pooledWavesCountEachMunicipalityOnce() throws {
    let (_, plan) = try demoPlan.get()
    #expect(try plan.decision(StudyPublication.cell(grouping: "land", key: "04", wave: nil), measure: "item:tr_land")
            == .suppressed(.tooFewUnits(measure: "item:tr_land", units: 2, minimum: 5)))
    for w in [2019, 2021, 2023] {
      for key in ["04", "11"] {
        #expect(try !plan.decision(StudyPublication.cell(grouping: "land", key: key, wave: w), measure: "item:dr_ozg").isPublished)
      }
      for key in ["15001", "15002", "15003"] {
        #expect(try !plan.decision(StudyPublication.cell(grouping: "kreis", key: key, wave: w), measure: "scale:vertical_trust/2").isPublished)
      }
      // The wave totals are always published.
      #expect(try plan.decision(.total(.wave(String(w))), measure: "item:tr_land").isPublished)
    }
  }

  /// k per published number: a Kreis whose component rests on 4 municipalities is withheld even
  /// when the Kreis has five respondents.
  @Test func kAppliesPerPublishedNumber() throws {
    let (data, plan) = try demoPlan.get()
    let rows = data.rows(wave: 2023).filter { data.regionKeys["kreis"]?[$0] == "15086" }
    let measure = try #require(try StudyPublication.measures(data).first { $0.id == "scale:digital_infrastructure/3" })
    let answers = measure.answered
    let answered = rows.filter { answers[$0] }.count
    #expect(rows.count >= 5 && answered < 5, "the demo's Jerichower Land 2023: \(rows.count) respondents, \(answered) with the component")
    #expect(try !plan.decision(StudyPublication.cell(grouping: "kreis", key: "15086", wave: 2023), measure: "scale:digital_infrastructure/3").isPublished)
  }

  /// The main job's decision per region comes from the same plan as every other table: a Kreis
  /// published in the trust index has its trust items published by describe, and vice versa.
  @Test func regionDecisionsAgreeWithTheItemTables() throws {
    let (data, plan) = try demoPlan.get()
    for (level, variable) in [(RegionLevel.land, "land"), (.kreis, "kreis")] {
      for wave in [2019, 2023] {
        let decisions = try StudyPublication.regionDecisions(plan, study: data.study, index: "trust", level: level, wave: wave)
        #expect(decisions.count == data.study.regions.filter { $0.level == level }.count)
        for d in decisions {
          let item = try plan.decision(StudyPublication.cell(grouping: variable, key: d.key, wave: wave), measure: "item:tr_land")
          if d.reason != "no respondents" { #expect(item.isPublished == d.published, "\(level) \(d.key) \(wave)") }
        }
        if level == .land {
          #expect(decisions.first { $0.key == "02" }?.reason == "no respondents")  // Hamburg: not in the sample
          #expect(decisions.filter { ["04", "11"].contains($0.key) }.allSatisfy { !$0.published })
        } else {
          #expect(decisions.filter { ["15001", "15002", "15003"].contains($0.key) }.allSatisfy { !$0.published })
          // Several Kreise are withheld on top: a Kreis of mayors and one Landrat, whose weight
          // differs, would give away the Landrat through its weighted and unweighted means.
          #expect(decisions.filter(\.published).count >= 4)
        }
      }
    }
  }

  /// The rank decisions of the audit rest on a clear gap, and most of the Länder stay published.
  @Test func planDiagnostics() throws {
    let (_, plan) = try demoPlan.get()
    #expect(plan.diagnostics.smallestRankGap > 1e6, "\(plan.diagnostics)")
    #expect(plan.diagnostics.nearlyRecoverable == 0)
    #expect(plan.diagnostics.groups.count == 3)
    for g in plan.diagnostics.groups { #expect(g.targetsTested > 0 && g.iterations >= 1, "\(g)") }
    let published = try (["01", "03", "05", "06", "07", "08", "09", "12", "13", "14", "15", "16"]).filter {
      try plan.decision(StudyPublication.cell(grouping: "land", key: $0, wave: 2023), measure: "scale:digital_infrastructure/3").isPublished
    }
    #expect(published.count >= 11, "\(published)")
  }
}

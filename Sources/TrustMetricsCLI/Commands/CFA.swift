import ArgumentParser
import Foundation
import TrustMetrics

extension CFAEstimatorChoice: ExpressibleByArgument {}
extension CFAMissingChoice: ExpressibleByArgument {}
extension CFAScoreMethod: ExpressibleByArgument {}

struct CFA: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "cfa",
    abstract: "Confirmatory factor analysis of the codebook's scales (or a lavaan model) and measurement invariance.",
    discussion: reflow("""
      Fits a measurement model as lavaan 0.6 cfa() does and prints fit (χ², CFI, TLI, RMSEA with
      90 % CI and p-close, SRMR, AIC/BIC; for MLR/WLSMV the scaled versions and lavaan's robust
      CFI/TLI/RMSEA of Brosseau-Liard & Savalei, FIML-corrected with --missing fiml), estimates with SE, z, p,
      CI, std.lv and std.all, ω per factor and the largest modification indices.

      Model: by default one factor per codebook scale (--scale to choose), the first positively keyed
      item as marker (loading 1); reverse-keyed items load negatively (not reflected). Or --model
      FILE in lavaan syntax: 'f =~ x1 + x2', 'x1 ~~ x2', 'x ~ 1', fixed values '1*x', labels 'a*x'
      (equal labels = equal parameters), 'NA*x' frees the marker; '#' comments.

      Estimators: ml (normal theory, listwise or --missing fiml), mlr (Huber–White SEs, Yuan–Bentler
      χ²), wlsmv (ordinal items: polychoric correlations and thresholds, pairwise missing, robust
      SEs, scaled-and-shifted χ²). --design applies the codebook's sampling weight and clusters
      (lavaan sampling.weights / cluster; MLR machinery); with wlsmv the sampling weight only
      (weighted thresholds, polychorics and NACOV; clusters are refused: not implemented).

      Invariance: --group wave|REGION|COLUMN --invariance fits configural → metric → scalar
      (intercepts; thresholds for wlsmv) → strict (not for wlsmv) with Δχ² tests (LR for ML,
      Satorra–Bentler 2001 for MLR, lavaan's lavTestLRT method for WLSMV), ΔCFI/ΔRMSEA/ΔSRMR
      with Chen's (2007) conventions, score-test suggestions, and latent mean differences once
      (partial) scalar invariance holds. --free "NAME,NAME" releases constraints across groups
      (partial invariance); NAME is lavaan's: 'f=~x' (loading), 'x~1' (intercept; for wlsmv all
      thresholds of x), 'x|t2' (one threshold), 'x~~x' (residual). --search frees the largest
      score test one at a time until the scalar step is no longer rejected (at most 5).
      Groups with fewer respondents than items + 1 are refused by name; drop them with
      --exclude-groups.

      --scores FILE writes per-respondent factor scores (regression or bartlett; ML/MLR) as CSV.
      These are respondent-level microdata for the analyst, not for publication.

      Example:
        trustmetrics cfa Datasets/real/holzinger/study.yaml
        trustmetrics cfa Datasets/hvb-demo/study.yaml --scale digital_infrastructure --estimator wlsmv --group wave --invariance
      """))

  @Argument(help: "The study codebook (study.yaml).")
  var study: String

  @Option(help: "Comma-separated scale ids (default: every scale of the codebook).")
  var scale: String?

  @Option(help: "A model file in lavaan syntax (instead of the codebook's scales).")
  var model: String?

  @Option(help: "Only this wave.")
  var wave: Int?

  @Option(help: "Estimator: ml, mlr or wlsmv.")
  var estimator: CFAEstimatorChoice = .ml

  @Option(help: "Missing data: listwise or fiml (ml, mlr); pairwise (wlsmv). Default: listwise, pairwise for wlsmv.")
  var missing: CFAMissingChoice?

  @Option(help: "Groups: `wave`, a region variable (e.g. land) or another column.")
  var group: String?

  @Option(help: "Comma-separated group keys to leave out (e.g. groups too small for a group model).")
  var excludeGroups: String?

  @Flag(help: "Test measurement invariance across --group.")
  var invariance = false

  @Option(help: "Comma-separated parameters freed across groups (partial invariance), e.g. \"dr_bundid~1\".")
  var free: String?

  @Flag(help: "Search for partial invariance: free the largest score test until scalar invariance is not rejected.")
  var search = false

  @Flag(help: "Identify factors by variance 1 instead of a marker loading (lavaan std.lv = TRUE); single group.")
  var stdLv = false

  @Flag(help: "Use the codebook's sampling weight and clusters (robust SEs).")
  var design = false

  @Option(help: "Write per-respondent factor scores to this CSV file (microdata: for the analyst, not for publication).")
  var scores: String?

  @Option(help: "Factor-score method: regression or bartlett.")
  var scoreMethod: CFAScoreMethod = .regression

  @OptionGroup var output: OutputOptions

  func validate() throws {
    if invariance && group == nil { throw ValidationError("--invariance needs --group (wave, a region variable or a column)") }
    if (free != nil || search) && !invariance { throw ValidationError("--free and --search need --invariance") }
    if stdLv && group != nil { throw ValidationError("--std-lv is for a single group; group models use marker loadings") }
    if scale != nil && model != nil { throw ValidationError("give --scale or --model, not both") }
    if scores != nil && estimator == .wlsmv {
      throw ValidationError("--scores: factor scores for ordinal items (lavaan's EBM scores) are not implemented; use --estimator ml or mlr")
    }
    if scores != nil && (invariance || group != nil) { throw ValidationError("--scores is available for a single-group fit (no --group)") }
  }

  /// Disclosure: a model's estimates include each group's item intercepts/thresholds and
  /// variances (under the saturated mean structure, the group's item means), so a group model is
  /// published only for `wave` or a publication grouping of the study, and only over groups whose
  /// every item the study's publication plan publishes in that cell (the wave, or the pooled
  /// waves); a single-group fit likewise needs its wave's (or the pooled waves') items published.
  func checkPublication(_ result: StudyCFAResult, data: StudyData) throws {
    if let group, !StudyPublication.allowedGroupings(data.study).contains(group) {
      throw ValidationError("--group '\(group)' is not a publication grouping of the study; allowed: "
        + StudyPublication.allowedGroupings(data.study).joined(separator: ", ")
        + " (declare more under disclosure: groupings:); a group model publishes each group's item moments")
    }
    let plan = try StudyPublication.plan(data)
    var withheld: [String] = []
    for g in result.groups {
      let cell = group == nil ? StudyPublication.cell(grouping: nil, key: "all", wave: wave)
        : StudyPublication.cell(grouping: group, key: g.key, wave: wave)
      for item in result.model.observed where data.study.items.contains(where: { $0.id == item }) {
        if case .suppressed(let reason) = try plan.decision(cell, measure: StudyPublication.item(item)) {
          withheld.append("\(g.key) (\(item): \(reason))")
          break
        }
      }
    }
    guard withheld.isEmpty else {
      let keys = withheld.map { String($0.prefix { $0 != " " }) }
      throw ValidationError("the study's publication plan withholds " + (group == nil ? "this fit's items: " : "these groups: ")
        + withheld.joined(separator: "; ") + " — a model's intercepts and variances are the group's item moments"
        + (group == nil ? "" : "; leave them out with --exclude-groups \(keys.joined(separator: ","))"))
    }
  }

  func run() throws {
    try reportingErrors {
      let data = try RunFiles.load(study, reading: model.map { [$0] } ?? [], writing: output.paths + [scores])
      if let wave, !data.study.waves.contains(wave) {
        throw ValidationError("unknown wave \(wave); waves: \(data.study.waves.map(String.init).joined(separator: ", "))")
      }
      var request = StudyCFARequest()
      request.scales = scale.map { $0.split(separator: ",").map { String($0).trimmingWhitespace() } }
      if let model {
        guard let text = try? String(contentsOfFile: model, encoding: .utf8) else {
          throw ValidationError("cannot read the model file '\(model)'")
        }
        request.modelText = text
        request.modelFile = model
      }
      request.estimator = estimator
      request.missing = missing
      request.wave = wave
      request.design = design
      request.standardizedLatent = stdLv
      request.invariance = invariance
      request.search = search
      request.free = Set((free ?? "").split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty })
      request.excludeGroups = Set((excludeGroups ?? "").split(separator: ",").map { String($0).trimmingWhitespace() })
      if let group {
        if group == "wave" { request.grouping = .wave } else {
          guard data.regionKeys[group] != nil || data.variables[group] != nil else {
            let allowed = ["wave"] + data.study.regionVariables.map(\.variable) + data.variables.keys.sorted()
            throw ValidationError("--group '\(group)' is not a column of the study; allowed: \(allowed.joined(separator: ", "))")
          }
          request.grouping = .variable(group)
        }
      }
      let result = try StudyCFA.run(data, request)
      try checkPublication(result, data: data)
      let title = "Confirmatory factor analysis: \(data.study.title)" + (wave.map { " — wave \($0)" } ?? "")
      try output.emit(Report(title: title, banner: data.study.synthetic ? "SYNTHETIC DATA — generated, not real responses" : nil,
                             tables: result.reportTables()),
                      context: EmitContext(subject: ["cfa", scale ?? (model == nil ? "all" : "model"), estimator.rawValue, group ?? "", wave.map(String.init) ?? ""],
                                           study: data.study, inputs: model.map { [$0] } ?? []))
      if let scores, let fit = result.fit as? CFAFit {
        let rows = result.rows[0]
        let cols = result.model.observed.map { id in data.study.items.firstIndex { $0.id == id }! }
        let s = try fit.factorScores(data.items.submatrix(rows: rows, columns: cols), method: scoreMethod)
        var csv = ([data.study.respondentID] + result.model.factors).joined(separator: ",") + "\n"
        for (i, r) in rows.enumerated() {
          csv += ([data.respondentIDs[r]] + (0..<s.columns).map { s[i, $0].isNaN ? "" : ReportRenderer.fullPrecision(s[i, $0]) })
            .joined(separator: ",") + "\n"
        }
        try RunFiles.write(csv, to: scores)
      }
    }
  }
}

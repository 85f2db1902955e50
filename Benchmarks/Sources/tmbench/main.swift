// tmbench — wall-clock benchmarks of TrustMetrics (not unit tests).
//
//   tmbench csv FILE [--repeat N]                               CSV ingestion (Benchmarks/run_csv.sh)
//   tmbench psych OP FILE [--threads T] [--repeat N]            psychometrics (Benchmarks/run_psychometrics.sh)
//   tmbench dgemm [--size 4000] [--threads T] [--repeat N]      dgemm peak of this machine
//   tmbench survey FILE [--repeat N]                            survey design (Benchmarks/run_survey.sh)
//   tmbench mainjob FILE [--repeat N]                           ranking main job parts (Benchmarks/run_mainjob.sh)
//   tmbench xlsx FILE --sheet-xml XML [--repeat N]              XLSX reading vs XMLParser (Benchmarks/run_xlsx.sh)
//   tmbench publish STUDY MARGINS BENCHMARK [--repeat N]         report and charts (Benchmarks/run_publish.sh)
//   tmbench rank DIR [--replicates R] [--threads T]             library row of `trustmetrics rank` (run_mainjob.sh)
//   tmbench rakereps DIR [--replicates R] [--threads T]         raking redone per replicate (run_mainjob.sh)
//   tmbench cfa ml|fiml|invariance FILE [--threads T] [--repeat N]  CFA and invariance (Benchmarks/run_cfa.sh)
//   tmbench parse FILE | load STUDY | init FILE [--repeat N]    study loading (Benchmarks/run_load.sh)
import Foundation

let usageText = """
  usage: tmbench csv FILE [--repeat N]
         tmbench psych alpha|cor|polychoric|fa|parallel FILE [--threads T] [--repeat N]
         tmbench dgemm [--size 4000] [--threads T] [--repeat N]
         tmbench survey FILE [--repeat N]
         tmbench mainjob FILE [--repeat N]
         tmbench xlsx FILE.xlsx --sheet-xml SHEET.xml [--repeat N]
         tmbench publish STUDY MARGINS BENCHMARK [--repeat N]
         tmbench rank|rakereps DIR [--replicates R] [--threads T]
         tmbench cfa ml|fiml|invariance FILE [--threads T] [--repeat N]
         tmbench parse FILE | load STUDY | init FILE [--repeat N]

  """
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "csv" where arguments.count >= 2: runCSV(Array(arguments.dropFirst()))
case "psych" where arguments.count >= 3: runPsych(Array(arguments.dropFirst()))
case "dgemm": runDGEMM(Array(arguments.dropFirst()))
case "survey" where arguments.count >= 2: surveyMain(Array(arguments.dropFirst()))
case "mainjob" where arguments.count >= 2: mainJobMain(Array(arguments.dropFirst()))
case "xlsx" where arguments.count >= 2: runXLSX(Array(arguments.dropFirst()))
case "publish" where arguments.count >= 4: publishMain(Array(arguments.dropFirst()))
case "rank", "rakereps": rankBenchMain(arguments)
case "cfa" where arguments.count >= 3: runCFA(Array(arguments.dropFirst()))
case let c? where ["parse", "load", "init"].contains(c) && arguments.count >= 2: loadBench(Array(arguments.dropFirst()), what: c)
default:
  FileHandle.standardError.write(Data(usageText.utf8))
  exit(64)
}

// tmbench — wall-clock benchmarks of TrustMetrics (not unit tests).
//
//   tmbench csv FILE [--repeat N]                               CSV ingestion (Benchmarks/run_csv.sh)
//   tmbench psych OP FILE [--threads T] [--repeat N]            psychometrics (Benchmarks/run_psychometrics.sh)
//   tmbench dgemm [--size 4000] [--threads T] [--repeat N]      dgemm peak of this machine
import Foundation

let usageText = """
  usage: tmbench csv FILE [--repeat N]
         tmbench psych alpha|cor|polychoric|fa|parallel FILE [--threads T] [--repeat N]
         tmbench dgemm [--size 4000] [--threads T] [--repeat N]

  """
let arguments = Array(CommandLine.arguments.dropFirst())
switch arguments.first {
case "csv" where arguments.count >= 2: runCSV(Array(arguments.dropFirst()))
case "psych" where arguments.count >= 3: runPsych(Array(arguments.dropFirst()))
case "dgemm": runDGEMM(Array(arguments.dropFirst()))
default:
  FileHandle.standardError.write(Data(usageText.utf8))
  exit(64)
}

# End-to-end peer (Benchmarks/run_psychometrics.sh): the whole process an R user runs.
#
#   Rscript Benchmarks/psychometrics/e2e_peer.R OP DATA.csv
#
# Reads DATA.csv with data.table::fread (an `id` column, then the items), drops `id`, then OP:
#   alpha  psych::alpha(x, check.keys = FALSE)          (use = "pairwise", psych's default)
#   cor    cor(x, use = "pairwise")
#   fa     psych::fa(x, nfactors = 4, fm = "minres", rotate = "oblimin")
# and prints one number. BLAS: whatever R links (OpenBLAS on Debian 12), default threads.
suppressPackageStartupMessages({ library(data.table); library(psych); library(GPArotation) })
args <- commandArgs(trailingOnly = TRUE)
op <- args[1]
x <- fread(args[2])
x[, id := NULL]
x <- as.matrix(x)
storage.mode(x) <- "double"
value <- switch(op,
  alpha = psych::alpha(x, check.keys = FALSE)$total$raw_alpha,
  cor = sum(cor(x, use = "pairwise")),
  fa = { f <- suppressWarnings(psych::fa(x, nfactors = 4, fm = "minres", rotate = "oblimin")); sum(abs(f$loadings)) },
  stop("unknown op ", op))
cat(sprintf("%.10g\n", value))

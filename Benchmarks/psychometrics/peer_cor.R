# Peer timings for correlation benchmarks: R cor(use = "pairwise") and psych::polychoric.
# Data: generated 5-point Likert items (one common factor, loadings 0.4..0.8, cut points at
# qnorm(c(.1, .3, .6, .85))) with 5% MCAR missing values, seed 20261129.
#   Pearson:    n = 200,000 rows x 60 items, cor(x, use = "pairwise")
#   polychoric: n = 10,000 rows x 25 items, psych::polychoric(x) (defaults; single core: options(mc.cores = 1))
# Prints best-of-3 elapsed seconds, one line per case.
# Usage: Rscript Benchmarks/psychometrics/peer_cor.R [pearson|polychoric|all]
# Do NOT raise the polychoric case to n = 200,000: psych needs hours there.
suppressPackageStartupMessages(library(psych))
options(mc.cores = 1)
args <- commandArgs(trailingOnly = TRUE)
which_case <- if (length(args) > 0) args[1] else "all"

likert <- function(n, p, seed) {
  set.seed(seed)
  f <- rnorm(n)
  lambda <- seq(0.4, 0.8, length.out = p)
  z <- outer(f, lambda) + sweep(matrix(rnorm(n * p), n, p), 2, sqrt(1 - lambda^2), `*`)
  x <- matrix(findInterval(z, qnorm(c(.1, .3, .6, .85))) + 1, n, p)
  x[matrix(runif(n * p) < 0.05, n, p)] <- NA
  x
}

best_of_3 <- function(f) min(vapply(1:3, function(i) system.time(f())[["elapsed"]], numeric(1)))

if (which_case %in% c("pearson", "all")) {
  x <- likert(200000, 60, 20261129)
  t <- best_of_3(function() cor(x, use = "pairwise"))
  cat(sprintf("R cor(use = \"pairwise\") n=200000 p=60: %.3f s\n", t))
}
if (which_case %in% c("polychoric", "all")) {
  x <- likert(10000, 25, 20261129)
  t <- best_of_3(function() suppressWarnings(suppressMessages(psych::polychoric(x))))
  cat(sprintf("psych::polychoric n=10000 p=25: %.3f s\n", t))
}

# Peer timings for the psychometrics benchmark (Benchmarks/run_psychometrics.sh): R psych on a CSV.
#
#   Rscript Benchmarks/psychometrics/peer_psych.R OP FILE [REPEATS = 3]
#
# OP: alpha      psych::alpha(x, check.keys = FALSE, use = "pairwise")          (psych's defaults otherwise)
#     cor        cor(x, use = "pairwise")
#     fa         psych::fa(x, nfactors = 4, fm = "minres", rotate = "oblimin")  (pairwise cor inside, psych default)
#     parallel   psych::fa.parallel(x, n.iter = 20, plot = FALSE)               (fa = "both", fm = "minres";
#                simulates n x p normal data and resamples the data on every iteration)
#     polychoric psych::polychoric(x)                                           (global thresholds, smooth)
# The file is read with data.table::fread and turned into a numeric (double) matrix before any
# timing. Then the peak-RSS mark is reset (writing 5 to /proc/self/clear_refs), so peak_rss_kib is
# the high-water mark during the timed calls (data included), as in tmbench. Elapsed seconds of
# each call (system.time), median reported. R's own mclapply default (mc.cores unset = 2) is kept,
# which psych uses in polychoric and fa.parallel; BLAS: whatever R links (OpenBLAS on Debian 12).
suppressPackageStartupMessages({ library(psych); library(GPArotation); library(data.table) })
args <- commandArgs(trailingOnly = TRUE)
op <- args[1]; file <- args[2]
reps <- if (length(args) >= 3) as.integer(args[3]) else 3L

rss <- function(field) {
  s <- readLines("/proc/self/status")
  as.numeric(sub("[^0-9]*([0-9]+).*", "\\1", s[startsWith(s, field)]))
}
x <- as.matrix(fread(file))
storage.mode(x) <- "double"
invisible(gc())
try(writeLines("5", "/proc/self/clear_refs"), silent = TRUE)
baseline <- rss("VmRSS:")

fun <- switch(op,
  alpha = function() psych::alpha(x, check.keys = FALSE, use = "pairwise")$total$raw_alpha,
  cor = function() { r <- cor(x, use = "pairwise"); sum(r) },
  fa = function() { f <- suppressWarnings(psych::fa(x, nfactors = 4, fm = "minres", rotate = "oblimin")); sum(abs(f$loadings)) },
  parallel = function() { p <- suppressWarnings(suppressMessages(psych::fa.parallel(x, n.iter = 20, plot = FALSE))); p$nfact },
  polychoric = function() { r <- suppressWarnings(suppressMessages(psych::polychoric(x))); sum(r$rho) },
  stop("unknown op ", op))
times <- numeric(reps)
value <- NA
for (i in seq_len(reps)) {
  t <- system.time(value <- fun())[["elapsed"]]
  times[i] <- t
  cat(sprintf("run %d: %.3f s\n", i, t))
}
cat(sprintf("RESULT impl=R op=%s n=%d p=%d seconds=%.4f min_seconds=%.4f reps=%d peak_rss_kib=%d baseline_rss_kib=%d value=%.10g version=R-%s/psych-%s\n",
            op, nrow(x), ncol(x), median(times), min(times), reps, as.integer(rss("VmHWM:")), as.integer(baseline),
            value, getRversion(), packageVersion("psych")))

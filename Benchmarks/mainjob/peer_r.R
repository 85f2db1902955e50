# R peers of the main job's bootstrap unit (`boot1` of tmbench mainjob / peer_numpy.py):
# wave 3, indicator trust, 2,000 stratified bootstrap replicates of the 14 region means
# (respondents resampled with replacement within each region), then the replicate ranks and
# per region the median / 5 % / 95 % rank (quantile type 7), P(top 3), P(bottom 3).
#
#   Rscript Benchmarks/mainjob/peer_r.R FILE [--runs K]
#
# loop: a plain R loop over replicates and regions with sample.int() and mean();
# boot: boot::boot(d, statistic, R = 2000, strata = region) with statistic = region means via
#       tapply (boot's stratified resampling).
# Each best of K wall-clock runs (default 1: they take tens of seconds). Reading the CSV is untimed.
suppressPackageStartupMessages(library(boot))
args <- commandArgs(trailingOnly = TRUE)
file <- args[1]
runs <- if ("--runs" %in% args) as.integer(args[which(args == "--runs") + 1]) else 1L
d <- read.csv(file)
d <- d[d$wave == 3, ]
B <- 2000L; G <- 14L; K <- 3L
x <- d$trust; region <- d$region
xs <- split(x, factor(region, levels = 0:(G - 1)))

summarise <- function(means) {
  ranks <- t(apply(-means, 1, rank, ties.method = "min"))
  list(ranks = ranks,
       q = apply(ranks, 2, quantile, probs = c(0.5, 0.05, 0.95), type = 7),
       top = colMeans(ranks <= K), bottom = colMeans(ranks >= G - K + 1))
}
loop <- function() {
  means <- matrix(NA_real_, B, G)
  for (b in seq_len(B)) for (g in seq_len(G)) {
    xg <- xs[[g]]
    means[b, g] <- mean(xg[sample.int(length(xg), replace = TRUE)])
  }
  list(means = means, s = summarise(means))
}
viaboot <- function() {
  f <- factor(region, levels = 0:(G - 1))
  stat <- function(dd, i) vapply(split(x[i], f[i]), mean, 0)
  b <- boot(x, stat, R = B, strata = f)
  list(means = b$t, s = summarise(b$t))
}
timed <- function(part, f) {
  best <- Inf; cpu <- Inf; val <- NULL
  for (k in seq_len(runs)) {
    invisible(gc(reset = TRUE))
    st <- system.time(val <- f())
    best <- min(best, st[["elapsed"]]); cpu <- min(cpu, st[["user.self"]] + st[["sys.self"]])
  }
  g <- gc()
  cat(sprintf("RESULT peer=R-%s-%s part=%s seconds=%.4f cpu_seconds=%.4f runs=%d r_max_used_mb=%.1f\n",
              getRversion(), part, "boot1", best, cpu, runs, sum(g[, ncol(g)])))
  val
}
set.seed(1)
l <- timed("loop", loop)
bb <- timed(paste0("boot", packageVersion("boot")), viaboot)
cat("check: wave 3 trust region means", sprintf("%.6f", vapply(xs, mean, 0)), "\n")
cat("check: wave 3 trust bootstrap SE (loop)", sprintf("%.5f", apply(l$means, 2, sd)), "\n")
cat("check: wave 3 trust bootstrap SE (boot)", sprintf("%.5f", apply(bb$means, 2, sd)), "\n")
cat("check: wave 3 trust median rank (loop)", l$s$q[1, ], "\n")

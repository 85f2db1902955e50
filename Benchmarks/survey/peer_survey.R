# Peer timings: R survey on a generated stratified two-stage cluster sample.
#
#   Rscript Benchmarks/survey/peer_survey.R [n = 200000] [--write-data FILE.csv] [--multistage]
#           [--runs K] [--tasks svyby,rake,boot|none]
#
# --runs K: K timed runs per task, best reported (default 3; use 1 at n = 200,000, where one
# svyby takes minutes). --tasks: which tasks to time (default all; "none" with --write-data
# only writes the data).
#
# Data (seeded, set.seed(20261129)): 20 strata x 50 PSUs (1,000 PSUs), n/1,000 rows per PSU
# (second-stage units), fpc at both stages (N1 = 400 PSUs per stratum, N2 = 10 x rows per PSU),
# weights = N1/50 * N2/m; 60 Likert items (1..5) from a one-factor model with PSU effects and
# 0.2% missing per item (so about 11% of rows miss some item and na.rm drops them); 400 domains
# (random labels); rake margins sex (2), age (6), region (16).
#
# Variance: ultimate-cluster Taylor linearisation (options(survey.ultimate.cluster = TRUE): the
# between-PSU variance within strata with the first-stage fpc). R's full multistage recursion
# (fpc at both stages) takes about 20 s for ONE svymean of 60 items at n = 20,000 (1,000 PSU
# by() calls), so svyby over 400 domains would take hours; `--multistage` adds one timed run of
# that single svymean instead. The Swift engine computes the multistage variance with one extra
# dsyrk, so compare like with like (TrustMetrics: a design with clusters [psu] and fpc [N1]).
#
# Tasks (best of K (default 3) wall-clock runs each; peak memory = gc() "max used" Mb after a reset):
#   1. svyby(~x1 + ... + x60, ~domain, design, svymean, na.rm = TRUE): means and SEs for all
#      items in all 400 domains (Taylor, ultimate cluster with first-stage fpc).
#   2. rake(design, list(~sex, ~age, ~region), margins) at the default control.
#   3. as.svrepdesign(design, type = "subbootstrap", replicates = 1000) (Rao-Wu) and
#      svymean(~x1 + ... + x60, rep, na.rm = TRUE): replicate SEs of all item means.
# Output: one line per task "task seconds peak_mb", plus R/survey/BLAS versions.
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) && !startsWith(args[1], "--")) as.integer(args[1]) else 200000L
write_to <- if ("--write-data" %in% args) args[which(args == "--write-data") + 1] else NULL
options(survey.lonely.psu = "fail", survey.ultimate.cluster = TRUE)
multistage <- "--multistage" %in% args
runs <- if ("--runs" %in% args) as.integer(args[which(args == "--runs") + 1]) else 3L
tasks <- if ("--tasks" %in% args) strsplit(args[which(args == "--tasks") + 1], ",")[[1]] else c("svyby", "rake", "boot")

gen <- function(n) {
  set.seed(20261129)
  H <- 20; per <- 50; npsu <- H * per; m <- n %/% npsu
  psu <- rep(seq_len(npsu), each = m)
  stratum <- (psu - 1) %/% per + 1
  N1 <- 400; N2 <- 10 * m
  p <- 60
  f <- rnorm(n) + rep(rnorm(npsu, sd = 0.5), each = m)
  items <- sapply(seq_len(p), function(j) {
    z <- 0.6 * f + rnorm(n) * 0.8 + (j %% 5 - 2) * 0.2
    x <- as.numeric(cut(z, c(-Inf, -1.2, -0.4, 0.4, 1.2, Inf)))
    x[runif(n) < 0.002] <- NA
    x
  })
  colnames(items) <- paste0("x", seq_len(p))
  d <- data.frame(stratum = stratum, psu = psu, ssu = seq_len(n), fpc1 = N1, fpc2 = N2,
                  w = (N1 / per) * (N2 / m),
                  domain = sprintf("d%03d", sample.int(400, n, replace = TRUE)),
                  sex = sample(c("f", "m"), n, replace = TRUE),
                  age = sample(paste0("a", 1:6), n, replace = TRUE, prob = c(.1, .15, .2, .2, .2, .15)),
                  region = sample(sprintf("r%02d", 1:16), n, replace = TRUE),
                  items)
  d
}

timed <- function(label, expr, key = label) {
  best <- Inf; peak <- 0
  for (k in seq_len(runs)) {
    invisible(gc(reset = TRUE))
    t <- system.time(val <- eval.parent(substitute(expr)))[["elapsed"]]
    g <- gc()
    peak <- max(peak, sum(g[, ncol(g)]))   # "max used" (Mb), Ncells + Vcells
    best <- min(best, t)
  }
  cat(sprintf("%-28s %9.3f s  %9.1f MB\n", label, best, peak))
  cat(sprintf("RESULT task=%s seconds=%.4f r_max_used_mb=%.1f runs=%d n=%d\n", key, best, peak, runs, n))
  invisible(val)
}

cat(sprintf("R %s, survey %s, n = %d, BLAS %s\n", getRversion(), packageVersion("survey"), n, extSoftVersion()[["BLAS"]]))
d <- gen(n)
if (!is.null(write_to)) { write.csv(d, write_to, row.names = FALSE, na = ""); cat("wrote", write_to, "\n") }
if (identical(tasks, "none")) quit(save = "no")
design <- svydesign(id = ~psu + ssu, strata = ~stratum, fpc = ~fpc1 + fpc2, weights = ~w, data = d)
items <- as.formula(paste("~", paste0("x", 1:60, collapse = " + ")))

# Population margins: weighted sample margins perturbed by +-5 %, rescaled to the same total.
margin <- function(v) {
  t <- tapply(d$w, d[[v]], sum)
  t <- t * (1 + (seq_along(t) %% 3 - 1) * 0.05)
  t <- t * sum(d$w) / sum(t)
  df <- data.frame(names(t), Freq = as.vector(t)); names(df)[1] <- v; df
}
pops <- list(margin("sex"), margin("age"), margin("region"))

by <- raked <- repmeans <- NULL
if ("svyby" %in% tasks)
  by <- timed("svyby 60 items x 400 dom", svyby(items, ~domain, design, svymean, na.rm = TRUE, covmat = FALSE), "svyby")
if ("rake" %in% tasks) raked <- timed("rake 3 margins", rake(design, list(~sex, ~age, ~region), pops), "rake")
# (as.svrepdesign warns that the second-stage fpc is dropped: expected, replicates are PSU-level.)
if ("boot" %in% tasks) {
  rep <- timed("bootstrap 1000 reps", suppressWarnings(as.svrepdesign(design, type = "subbootstrap", replicates = 1000)), "boot")
  repmeans <- timed("replicate SEs 60 means", svymean(items, rep, na.rm = TRUE), "repse")
}
if (multistage) {
  options(survey.ultimate.cluster = FALSE)
  t <- system.time(ms <- svymean(items, design, na.rm = TRUE))[["elapsed"]]
  cat(sprintf("%-28s %9.3f s  (one run)\n", "svymean 60 multistage", t))
  cat(sprintf("RESULT task=multistage seconds=%.4f runs=1 n=%d\n", t, n))
  options(survey.ultimate.cluster = TRUE)
}
if (!is.null(by)) cat(sprintf("check: first domain mean %.17g (se %.17g)\n", unname(coef(by))[1], as.matrix(SE(by))[1]))
if (!is.null(raked)) cat(sprintf("check: raked weight sum %.6f; raked mean x1 %.17g\n", sum(weights(raked)),
                                 unname(coef(svymean(~x1, raked, na.rm = TRUE)))))
if (!is.null(repmeans)) cat(sprintf("check: bootstrap se x1 %.6f\n", unname(as.matrix(SE(repmeans)))[1]))
hwm <- grep("^VmHWM:", readLines("/proc/self/status"), value = TRUE)
cat(sprintf("RESULT task=process peak_rss_kib=%s n=%d\n", gsub("[^0-9]", "", hwm), n))

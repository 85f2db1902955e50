# R peer of `tmbench rakereps DIR`: raking redone on 1,000 bootstrap replicates for all
# respondents of the main-job study (gen_mainjob_study.py, 200,000 rows), then the mean of the
# trust scale. R survey: svydesign(id = ~1, strata = ~region) -> as.svrepdesign(type =
# "subbootstrap", replicates = 1000) -> rake(list(~region, ~size_class), margins,
# control = list(maxit = 100, epsilon = 1e-10)) -> svymean(~trust).
#   Rscript Benchmarks/survey/peer_rake_replicates.R DIR [--replicates 1000]
# Prints RESULT lines: part=rakereps_library (replicates + rake + svymean, data loaded).
suppressPackageStartupMessages(library(survey))
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
R <- if ("--replicates" %in% args) as.integer(args[which(args == "--replicates") + 1]) else 1000L
d <- do.call(rbind, lapply(1:3, function(w) read.csv(file.path(dir, sprintf("wave%d.csv", w)), colClasses = c(region = "character", size_class = "character"))))
d$trust <- rowMeans(d[, c("t1", "t2", "t3", "t4")])
pr <- read.csv(file.path(dir, "margins", "region.csv"), colClasses = c(region = "character"))
ps <- read.csv(file.path(dir, "margins", "size_class.csv"), colClasses = c(size_class = "character"))
names(pr)[2] <- "Freq"; names(ps)[2] <- "Freq"
gc(reset = TRUE)
set.seed(1)
t0 <- proc.time()
des <- svydesign(id = ~1, strata = ~region, data = d)
rep <- as.svrepdesign(des, type = "subbootstrap", replicates = R)
rk <- rake(rep, list(~region, ~size_class), list(pr, ps), control = list(maxit = 100, epsilon = 1e-10))
m <- svymean(~trust, rk)
el <- proc.time() - t0
mem <- sum(gc()[, 6])
cat(sprintf("RESULT peer=R part=rakereps_library seconds=%.4f cpu_seconds=%.4f r_max_used_mb=%.0f\n", el[["elapsed"]], el[["user.self"]] + el[["sys.self"]], mem))
cat(sprintf("check: mean %.6f se %.6f\n", coef(m), SE(m)))

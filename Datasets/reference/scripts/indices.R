# Reference values for CompositeIndices computed with R (stats::prcomp, base rank, psych::alpha)
# and with COINr's own outlier-treatment code.
# Run from the repository root:  Rscript Datasets/reference/scripts/indices.R
# Output: Datasets/reference/indices/<case>.json.
#
# COINr is not packaged for Debian and CRAN is not reachable here, so its treatment functions
# (Treat.numeric, winsorise, log_CT, skew, kurt, check_SkewKurt in R/treat.R, and the helpers
# `%nin%`/tidy_list in R/utils.R) are sourced at run time from a git checkout of
# https://github.com/bluefoxr/COINr (set COINR_GIT to its git directory; the commit used is recorded
# in the JSON). Nothing from COINr is copied into this repository.
suppressPackageStartupMessages(library(psych))
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "indices"

coinr_git <- Sys.getenv("COINR_GIT", "/work/.mirror/bluefoxr+COINr/repo")
coinr_commit <- system2("git", c("--git-dir", coinr_git, "rev-parse", "HEAD"), stdout = TRUE)
coinr_env <- new.env()
for (f in c("R/utils.R", "R/treat.R")) {
  src <- system2("git", c("--git-dir", coinr_git, "show", paste0(coinr_commit, ":", f)), stdout = TRUE)
  eval(parse(text = src), envir = coinr_env)
}

# ---------------------------------------------------------------------------------------------
# 1. COINr default treatment (Treat() defaults) on skewed vectors.
treat_specs <- list(f1 = "winsorise",
                    f1_para = list(na.rm = TRUE, winmax = 5, skew_thresh = 2, kurt_thresh = 3.5, force_win = FALSE),
                    f2 = "log_CT", f2_para = list(na.rm = TRUE),
                    f_pass = "check_SkewKurt", f_pass_para = list(na.rm = TRUE, skew_thresh = 2, kurt_thresh = 3.5))
treat_case <- function(case, x, description) {
  res <- do.call(coinr_env$Treat.numeric, c(list(x = x, combine_treat = FALSE), treat_specs))
  obj <- list(
    meta = meta(call = c("COINr Treat.numeric(x, f1 = 'winsorise', winmax = 5, skew_thresh = 2, kurt_thresh = 3.5, f2 = 'log_CT', f_pass = 'check_SkewKurt', combine_treat = FALSE)",
                         "COINr skew(x, na.rm = TRUE); kurt(x, na.rm = TRUE)"),
                data = description, packages = character(0),
                notes = c(paste0("COINr git commit ", coinr_commit, " (R/treat.R, R/utils.R sourced, not installed)"))),
    x = arr(x),
    skew = coinr_env$skew(x, na.rm = TRUE),
    kurt = coinr_env$kurt(x, na.rm = TRUE),
    treated = arr(res$x),
    treated_points = arr(as.character(unlist(res$Treated_Points))),
    skew_after = coinr_env$skew(res$x, na.rm = TRUE),
    kurt_after = coinr_env$kurt(res$x, na.rm = TRUE))
  write_case(area, case, obj)
}
# Two high outliers: winsorising them passes the test.
treat_case("treat_winsorise", c(1.2, 2.5, 3.1, 2.2, 1.9, 2.8, 3.3, 2.1, 2.6, 1.7, 2.4, 3.0, 2.9, 1.5, 2.0, NA, 14.0, 25.0, 2.3, 2.7),
           "20 values with two high outliers and one NA (hand-made)")
# Low outliers (negative skew).
treat_case("treat_winsorise_low", c(10.2, 9.5, 9.9, 10.4, 9.8, 10.1, 0.5, 10.0, 9.7, 10.3, 9.6, 10.2, 9.9, 10.0, 9.4, 10.5),
           "16 values with one low outlier (hand-made)")
# Extreme right tail: 5 winsorised points do not pass, so log_CT of the original values
# (which still fails the test; COINr keeps it).
set.seed(3)
heavy <- c(round(rnorm(90, 10, 2), 4), 10^(2:11))
treat_case("treat_log_fallback", heavy, "c(round(rnorm(90, 10, 2), 4), 10^(2:11)) after set.seed(3)")

# ---------------------------------------------------------------------------------------------
# 2. PCA weights: squared first-component loadings of the correlation matrix (prcomp, scaled).
set.seed(7)
f <- rnorm(12)
pcx <- round(cbind(a = f + rnorm(12, sd = 0.5), b = 2 * f + rnorm(12, sd = 1),
                   c = -0.5 * f + rnorm(12, sd = 0.8), d = rnorm(12)), 4)
pc <- prcomp(pcx, center = TRUE, scale. = TRUE)
v1 <- pc$rotation[, 1]
if (sum(v1) < 0) v1 <- -v1
write_case(area, "pca_weights", list(
  meta = meta(call = c("pc <- prcomp(x, center = TRUE, scale. = TRUE)", "w <- pc$rotation[, 1]^2 / sum(pc$rotation[, 1]^2)"),
              data = "12 x 4 simulated matrix (set.seed(7), rounded to 4 decimals)", packages = "stats",
              notes = "loadings signed so that their sum is >= 0"),
  x = pcx,
  loadings = arr(unname(v1)),
  weights = arr(unname(v1^2 / sum(v1^2))),
  eigenvalue = pc$sdev[1]^2,
  variance_explained = pc$sdev[1]^2 / ncol(pcx)))

# ---------------------------------------------------------------------------------------------
# 3. Ranks with every ties method (R rank, na.last = "keep").
rx <- c(3, 1, 4, 1, 5, NA, 9, 2, 6, 5, 3, 5)
write_case(area, "ranks_ties", list(
  meta = meta(call = "rank(-x, na.last = 'keep', ties.method = m) for m in average, min, max, first; dense via match(-x, sort(unique(-x)))",
              data = "hand-made vector with ties and one NA", packages = character(0)),
  x = arr(rx),
  average = arr(rank(-rx, na.last = "keep", ties.method = "average")),
  min = arr(rank(-rx, na.last = "keep", ties.method = "min")),
  max = arr(rank(-rx, na.last = "keep", ties.method = "max")),
  ordinal = arr(rank(-rx, na.last = "keep", ties.method = "first")),
  dense = arr(match(-rx, sort(unique(-rx[!is.na(rx)]))))))

# ---------------------------------------------------------------------------------------------
# 4. Cronbach's alpha of a small matrix (psych::alpha raw_alpha).
al <- suppressWarnings(psych::alpha(as.data.frame(pcx[, 1:3]), check.keys = FALSE))
write_case(area, "alpha_small", list(
  meta = meta(call = "psych::alpha(x[, 1:3], check.keys = FALSE)$total$raw_alpha",
              data = "columns a, b, c of the PCA matrix above", packages = "psych"),
  x = pcx[, 1:3],
  raw_alpha = al$total$raw_alpha))

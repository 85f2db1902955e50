# Per-pair correlation tests (R stats::cor.test) and psych 2.2.9 corr.test matrices with
# p.adjust, on bfi items (pairwise NAs, many ties) and on small samples that take cor.test's
# exact branches.
# Run from the repository root:  Rscript Datasets/reference/scripts/correlation_tests.R
# Output: Datasets/reference/psychometrics/correlation_tests.json
suppressPackageStartupMessages(library(psych))
source(file.path("Datasets", "reference", "scripts", "common.R"))
data(bfi, package = "psych")
items <- c("A1", "A2", "A3", "A4", "A5", "C1", "C2", "C3", "C4", "C5")
x <- bfi[items]

# cor.test on every pair's complete rows (cor.test drops incomplete pairs itself).
pair_tests <- function(d, method) {
  out <- list()
  p <- ncol(d)
  for (j in 1:(p - 1)) for (k in (j + 1):p) {
    ok <- complete.cases(d[, j], d[, k])
    t <- suppressWarnings(cor.test(d[ok, j], d[ok, k], method = method))
    ties <- anyDuplicated(d[ok, j]) > 0 || anyDuplicated(d[ok, k]) > 0
    out[[length(out) + 1]] <- list(
      item1 = names(d)[j], item2 = names(d)[k], n = sum(ok), estimate = unname(t$estimate),
      statistic = unname(t$statistic), statistic_name = names(t$statistic),
      df = if (is.null(t$parameter)) NULL else unname(t$parameter),
      p = t$p.value, ties = ties,
      conf_int = if (is.null(t$conf.int)) NULL else arr(as.numeric(t$conf.int)))
  }
  out
}

# A small data set for the exact branches: n = 8 and 30 without ties, 60 without ties, one
# column with ties, one with missing values.
set.seed(20261211)
small <- data.frame(u = rnorm(30), v = rnorm(30), w = round(runif(30) * 4), z = rnorm(30))
small$v <- small$v + 0.6 * small$u
small$z[c(3, 11, 17)] <- NA
wide <- data.frame(a = rnorm(60), b = rnorm(60))
wide$b <- wide$b + 0.3 * wide$a
tiny <- small[1:8, c("u", "v")]

ct <- psych::corr.test(x, adjust = "holm")
ct_s <- psych::corr.test(x, method = "spearman", adjust = "holm")
pvec <- sapply(pair_tests(x, "pearson"), function(t) t$p)
methods <- c("holm", "hochberg", "hommel", "bonferroni", "BH", "BY", "none")
adj <- lapply(methods, function(m) arr(p.adjust(pvec, m)))
names(adj) <- methods
# p.adjust on a vector with ties, NAs and tiny values.
pv <- c(0.01, 0.04, 0.04, 0.2, NA, 1e-12, 0.5, 0.03, 0.9, 0.011)
adj_mixed <- lapply(methods, function(m) arr(p.adjust(pv, m)))
names(adj_mixed) <- methods

write_case("psychometrics", "correlation_tests", list(
  meta = meta(c("cor.test(x[ok, j], x[ok, k], method = m)  # every pair's complete rows; defaults: two-sided, conf.level = 0.95, exact = NULL, continuity = FALSE",
                "psych::corr.test(bfi[items], adjust = \"holm\")  # and method = \"spearman\"",
                "p.adjust(p, method) for holm, hochberg, hommel, bonferroni, BH, BY, none"),
              "psych::bfi items A1..A5, C1..C5 (2,800 rows, pairwise NAs); seeded normal samples (set.seed(20261211)) for the exact branches", c("psych"),
              notes = c(
    "Pearson: t = r sqrt(n - 2) / sqrt(1 - r^2) on n - 2 df, two-sided p = 2 min(pt(t), 1 - pt(t)); 95% CI tanh(atanh(r) -+ qnorm(0.975) / sqrt(n - 3)) when n > 3.",
    "Spearman: S = (n^3 - n)(1 - rho)/6; exact = NULL means exact when n < 1290 and no ties (prho: exact enumeration n <= 9, Edgeworth series AS 89 above), else the t approximation pt(r / sqrt((1 - r^2)/(n - 2)), n - 2) (R warns 'Cannot compute exact p-value with ties'); no confidence interval.",
    "Kendall: exact = NULL means exact when n < 50 and no ties (T = number of concordant pairs, exact null distribution), else z = S / sqrt(Var S) with the tie-corrected variance; no confidence interval.",
    "psych::corr.test: r = cor(x, use = 'pairwise', method), n = pairwise counts, t = r sqrt(n - 2)/sqrt(1 - r^2), p = 2 (1 - pt(|t|, n - 2)) for every method (for Spearman with ties this equals cor.test's asymptotic p; for Kendall it is not cor.test's z test); the p matrix holds the unadjusted p below the diagonal and the adjusted p (p.adjust over the upper triangle) above it.")),
  items = arr(items),
  bfi_pearson = pair_tests(x, "pearson"),
  bfi_spearman = pair_tests(x, "spearman"),
  bfi_kendall = pair_tests(x, "kendall"),
  small_data = list(u = arr(small$u), v = arr(small$v), w = arr(small$w), z = arr(small$z)),
  small_pearson = pair_tests(small, "pearson"),
  small_spearman = pair_tests(small, "spearman"),
  small_kendall = pair_tests(small, "kendall"),
  tiny_data = list(u = arr(tiny$u), v = arr(tiny$v)),
  tiny_spearman = pair_tests(tiny, "spearman"),
  tiny_kendall = pair_tests(tiny, "kendall"),
  wide_data = list(a = arr(wide$a), b = arr(wide$b)),
  wide_kendall = pair_tests(wide, "kendall"),
  wide_spearman = pair_tests(wide, "spearman"),
  corr_test_pearson = list(r = mat(ct$r), n = mat(ct$n), t = mat(ct$t), p = mat(ct$p), se = mat(ct$se),
                           ci = mat(ct$ci)),
  corr_test_spearman = list(r = mat(ct_s$r), n = mat(ct_s$n), p = mat(ct_s$p)),
  p_adjust_bfi_pearson = adj,
  p_adjust_mixed = c(list(p = arr(pv)), adj_mixed)))

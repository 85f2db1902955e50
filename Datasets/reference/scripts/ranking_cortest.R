# Reference values for Spearman and Kendall rank correlation tests: R stats::cor.test
# (defaults exact = NULL, continuity = FALSE), two-sided, less and greater.
#
# Cases: the 16 Laender of the Bitkom Laenderindex 2024 (real benchmark scores,
# Datasets/benchmarks/bitkom_laenderindex_2024.csv, category "gesamt") against synthetic survey
# means (seeded below; no ties: Spearman AS 89 Edgeworth, Kendall exact); the 7 first Laender
# (Spearman exact enumeration); 14 Kreise with tied survey values (Spearman t approximation,
# Kendall normal approximation with tie correction); n = 60 without ties (Kendall normal).
#
# Run from the repository root:  Rscript Datasets/reference/scripts/ranking_cortest.R
source("Datasets/reference/scripts/common.R")

bitkom <- read.csv("Datasets/benchmarks/bitkom_laenderindex_2024.csv", encoding = "UTF-8")
bitkom <- bitkom[bitkom$category == "gesamt", ]
set.seed(2024)
survey16 <- round(0.02 * bitkom$score_points_of_100 + rnorm(16, 0, 0.12), 6) + 2
kreise_bench <- c(3.1, 2.8, 3.4, 2.2, 2.9, 2.6, 3.0, 2.4, 2.7, 3.3, 2.5, 2.1, 3.2, 2.3)
kreise_survey <- c(3.0, 2.5, 3.5, 2.5, 3.0, 2.5, 3.0, 2.0, 2.5, 3.5, 2.5, 2.0, 3.0, 2.5)  # ties
set.seed(60)
x60 <- rnorm(60); y60 <- 0.3 * x60 + rnorm(60)

one <- function(x, y, method, alternative) {
  t <- suppressWarnings(cor.test(x, y, method = method, alternative = alternative))
  list(estimate = unname(t$estimate), statistic = unname(t$statistic), p_value = t$p.value)
}
make <- function(name, x, y) {
  res <- list(name = name, x = arr(x), y = arr(y))
  for (m in c("spearman", "kendall")) for (a in c("two.sided", "less", "greater"))
    res[[paste(m, a, sep = "_")]] <- one(x, y, m, a)
  res
}
cases <- list(
  make("laender16_bitkom", survey16, bitkom$score_points_of_100),
  make("laender7_exact", survey16[1:7], bitkom$score_points_of_100[1:7]),
  make("kreise14_ties", kreise_survey, kreise_bench),
  make("n60_normal", x60, y60))

write_case("ranking", "cortest", list(
  meta = meta(call = c("cor.test(x, y, method = m, alternative = a) for m in spearman, kendall; a in two.sided, less, greater"),
              data = "Datasets/benchmarks/bitkom_laenderindex_2024.csv (gesamt) + seeded synthetic survey values",
              packages = c("stats"),
              notes = c("statistic: S for Spearman; T (exact) or z (normal approximation) for Kendall.",
                        "Ties (kreise14_ties): Spearman uses the t approximation, Kendall the tie-corrected normal approximation (R warns).",
                        "Closed form: compare at 1e-10 relative.")),
  cases = cases))

# Extra reference values for correlations (complements psychometrics.R): tetrachoric correlations,
# psych::cor.smooth, Kendall tau-b, and how far psych::polychoric / polycor::polychor are from the
# exact optima they approximate.
# Run from the repository root:  Rscript Datasets/reference/scripts/correlation_extra.R [section ...]
# (sections 1-5; default all; section 4 takes several minutes because of a tight Nelder-Mead run).
# Output: Datasets/reference/psychometrics/correlation_extra_<case>.json (see Datasets/reference/README.md).
suppressPackageStartupMessages({ library(psych); library(polycor) })
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "psychometrics"
data(bfi, package = "psych")
items <- bfi[1:25]
bfi_data <- "psych::bfi (Datasets/real/bfi/bfi.csv), columns A1..O5 (2,800 rows, pairwise NAs)"
sections <- commandArgs(trailingOnly = TRUE)
run <- function(k) length(sections) == 0 || as.character(k) %in% sections

# ---------------------------------------------------------------------------------------------
# 1. Tetrachoric: A1..A5 and C1 dichotomised at > 3 (NAs kept).
if (run(1)) {
d <- as.data.frame(lapply(bfi[c("A1", "A2", "A3", "A4", "A5", "C1")], function(v) as.integer(v > 3)))
tc <- psych::tetrachoric(d)
# A 2 x 2 table with an empty cell: psych replaces the 0 by correct = 0.5 (global = FALSE for a table).
tab0 <- matrix(c(40, 0, 25, 35), 2, 2)
tc0 <- psych::tetrachoric(tab0)
write_case(area, "correlation_extra_tetrachoric", list(
  meta = meta(c("d <- as.data.frame(lapply(bfi[c('A1','A2','A3','A4','A5','C1')], function(v) as.integer(v > 3)))",
                "psych::tetrachoric(d)  # defaults: correct = 0.5, smooth = TRUE, global = TRUE",
                "psych::tetrachoric(matrix(c(40, 0, 25, 35), 2, 2))  # a table: global = FALSE, 0 -> 0.5"),
              bfi_data, c("psych", "mnormt"), notes = c(
    "tau = -qnorm(colMeans(d, na.rm = TRUE)) = qnorm(proportion of 0s) per item over its own non-missing rows.",
    "rho per pair: optimize(tetraF, c(-1, 1)) (tol = .Machine$double.eps^0.25) on the pair's 2 x 2 counts with tau fixed; zero counts replaced by 0.5.",
    "table case: thresholds from the (corrected, normalised) table margins; rows of the matrix are the first variable.")),
  items = arr(names(d)),
  rho = mat(tc$rho), tau = tc$tau,
  table = mat(tab0), table_rho = tc0$rho, table_tau = arr(tc0$tau)))
}

# ---------------------------------------------------------------------------------------------
# 2. cor.smooth on an indefinite "correlation" matrix.
if (run(2)) {
R <- matrix(c(1, 0.9, 0.9, 0.2,
              0.9, 1, 0.9, 0.9,
              0.9, 0.9, 1, 0.9,
              0.2, 0.9, 0.9, 1), 4, 4)
write_case(area, "correlation_extra_cor_smooth", list(
  meta = meta("psych::cor.smooth(R)  # eig.tol = 1e-12", "hand-made 4 x 4 indefinite matrix", c("psych"), notes = c(
    "eigenvalues < eig.tol set to 100 * eig.tol, rescaled to sum p, V diag(l) V' then cov2cor.")),
  input = mat(R), eigenvalues = arr(eigen(R)$values), smoothed = mat(psych::cor.smooth(R))))
}

# ---------------------------------------------------------------------------------------------
# 3. Kendall tau-b on bfi (pairwise complete; per pair as R's cor does).
if (run(3)) {
k5 <- cor(items[1:5], method = "kendall", use = "pairwise")
write_case(area, "correlation_extra_kendall", list(
  meta = meta("cor(bfi[1:5], method = 'kendall', use = 'pairwise')", bfi_data, character(0), notes = c(
    "tau-b = (nc - nd) / sqrt((n0 - n1)(n0 - n2)) on each pair's complete rows.")),
  kendall_pairwise = mat(k5)))
}

# ---------------------------------------------------------------------------------------------
# 4. How exact are the references?  psych::polychoric uses optimize() with its default tolerance
#    (~1.2e-4), polycor::polychor(ML = TRUE) uses Nelder-Mead then a finite-difference Hessian.
if (run(4)) {
poly_tight <- function(x, y, tol) {
  ok <- complete.cases(x, y)
  tab <- table(x[ok], y[ok]); tab <- tab / sum(tab)
  rc <- qnorm(cumsum(tabulate(x[!is.na(x)], 6)) / sum(!is.na(x)))[1:5]
  cc <- qnorm(cumsum(tabulate(y[!is.na(y)], 6)) / sum(!is.na(y)))[1:5]
  optimize(psych:::polyF, interval = c(-1, 1), rc = rc, cc = cc, tab = tab, tol = tol)$minimum
}
pairs <- list(c("A1", "A2"), c("C4", "C5"), c("N1", "N2"))
pc <- psych::polychoric(items)$rho
acc <- lapply(pairs, function(p) {
  ok <- complete.cases(bfi[p])
  fit <- polycor::polychor(bfi[[p[1]]][ok], bfi[[p[2]]][ok], ML = TRUE, std.err = TRUE,
                           control = list(reltol = 1e-14, maxit = 100000))
  list(x = p[1], y = p[2],
       psych_default = pc[p[1], p[2]],
       optimize_tol_1e_12 = poly_tight(bfi[[p[1]]], bfi[[p[2]]], 1e-12),
       polycor_ml_tight_rho = unname(fit$rho), polycor_ml_tight_se = sqrt(fit$var[1, 1]))
})
write_case(area, "correlation_extra_polychoric_accuracy", list(
  meta = meta(c("psych::polychoric(bfi[1:25])$rho[x, y]", "optimize(psych:::polyF, c(-1, 1), ..., tol = 1e-12)",
                "polycor::polychor(x, y, ML = TRUE, std.err = TRUE, control = list(reltol = 1e-14, maxit = 1e5))"),
              bfi_data, c("psych", "polycor"), notes = c(
    "Shows the gap between the default-tolerance optima (what the packages return) and tight optima.")),
  pairs = acc))
}

# ---------------------------------------------------------------------------------------------
# 5. psych::polychoric with pairwise thresholds (global = FALSE) on A1..A5 of the first 300 rows
#    (sparse tables with empty cells): each pair's thresholds from its own table margins, empty
#    cells replaced by correct / total (0.5 counts).
if (run(5)) {
pg <- suppressWarnings(psych::polychoric(items[1:300, 1:5], global = FALSE))
write_case(area, "correlation_extra_polychoric_pairwise", list(
  meta = meta("psych::polychoric(bfi[1:300, 1:5], global = FALSE)  # correct = 0.5, smooth = TRUE", bfi_data, c("psych", "mnormt"), notes = c(
    "global = FALSE: zero rows/columns of the pair's 6 x 6 table dropped, zero cells set to 0.5/total (no renormalisation), thresholds qnorm(cumsum(margins)) of that corrected table.",
    "rho from optimize(polyF, c(-1, 1)) with its default tolerance.")),
  rho = mat(pg$rho)))
}

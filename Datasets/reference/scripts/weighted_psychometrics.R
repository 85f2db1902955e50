# Survey-weighted correlations (pairwise and listwise Pearson, polychoric) and weighted omega on
# psych's bfi with a deterministic weight per row, w_i = 1 + (i mod 7)/3 (i = 1..2800; values
# 1, 4/3, 5/3, 2, 7/3, 8/3, 3 — none of them exactly representable but 1, 2 and 3).
# Run from the repository root:  Rscript Datasets/reference/scripts/weighted_psychometrics.R  (~1 min)
# Output: Datasets/reference/psychometrics/weighted_psychometrics.json
suppressPackageStartupMessages({ library(psych); library(survey); library(GPArotation) })
source(file.path("Datasets", "reference", "scripts", "common.R"))
data(bfi, package = "psych")
x <- bfi[1:25]
w <- 1 + ((1:nrow(x)) %% 7) / 3
d <- cbind(x, w = w)
des <- svydesign(id = ~1, weights = ~w, data = d)

# Pairwise: each pair's complete rows, svyvar on them (na.rm drops incomplete rows), made a correlation.
p <- ncol(x)
r_pair <- diag(p)
dimnames(r_pair) <- list(names(x), names(x))
for (j in 1:(p - 1)) for (k in (j + 1):p) {
  f <- as.formula(paste0("~", names(x)[j], " + ", names(x)[k]))
  v <- as.matrix(svyvar(f, des, na.rm = TRUE))
  r_pair[j, k] <- r_pair[k, j] <- v[1, 2] / sqrt(v[1, 1] * v[2, 2])
}
# Covariances with svyvar's scaling n/(n - 1): on the subset design of the rows used (a pair's
# complete rows for the covariance, the item's observed rows for its variance), n = those rows.
v12 <- as.matrix(svyvar(~A1 + A2, subset(des, !is.na(A1) & !is.na(A2))))
v1 <- as.numeric(svyvar(~A1, subset(des, !is.na(A1))))
# Listwise: all 25 items' complete rows.
v_all <- as.matrix(svyvar(as.formula(paste("~", paste(names(x), collapse = " + "))), des, na.rm = TRUE))
r_list <- cov2cor(v_all)
n_list <- sum(complete.cases(x))

# Weighted polychoric on the first 10 items (psych: weighted tables, unweighted global thresholds).
pc <- psych::polychoric(x[1:10], weight = w)
# Omega on the weighted pairwise matrix.
o <- psych::omega(r_pair, nfactors = 5, plot = FALSE)

write_case("psychometrics", "weighted_psychometrics", list(
  meta = meta(c("w <- 1 + ((1:2800) %% 7) / 3; des <- svydesign(id = ~1, weights = ~w, data = cbind(bfi[1:25], w = w))",
                "pairwise: v <- svyvar(~xj + xk, des, na.rm = TRUE); r_jk = v[1, 2] / sqrt(v[1, 1] * v[2, 2])",
                "listwise: cov2cor(svyvar(~A1 + ... + O5, des, na.rm = TRUE))",
                "psych::polychoric(bfi[1:10], weight = w)",
                "psych::omega(r_pairwise_weighted, nfactors = 5, plot = FALSE)"),
              "psych::bfi (Datasets/real/bfi/bfi.csv), 2,800 rows, items A1..O5 with pairwise NAs; weights as above", c("psych", "survey", "GPArotation"),
              notes = c(
    "svyvar: n/(n - 1) * sum w (x - xbar)(y - ybar) / sum w with weighted means over the rows used; n = sum(weights(design) != 0) counts ALL rows of the design even with na.rm = TRUE, so cov_A1_A2 and var_A1 use subset designs of the rows used (n = those rows), the convention of the Swift pairwise covariance; the factor cancels in every correlation.",
    "psych::polychoric(weight =): each pair's table is wtd.table (sums of weights per cell), divided by its total; the thresholds tau are the UNWEIGHTED global marginal proportions (tabulate), as without weights; the continuity correction (global = FALSE only) is correct / sum of weights.",
    "psych::omega on a correlation matrix: fa(R, 5, minres, oblimin) then the Schmid-Leiman transformation, as in bfi_omega.json; optimiser tolerance ~1e-5 on loadings.")),
  weights = arr(w),
  pairwise = mat(r_pair),
  cov_A1_A2 = mat(v12), var_A1 = v1,
  listwise = mat(r_list), listwise_n = n_list,
  polychoric = list(rho = mat(pc$rho), tau = mat(pc$tau)),
  omega = list(omega_h = o$omega_h, omega_lim = o$omega.lim, alpha = o$alpha, omega_tot = o$omega.tot, G6 = o$G6,
               ECV = arr(o$ECV), omega_group = mat(o$omega.group), schmid_sl = mat(unclass(o$schmid$sl)))))

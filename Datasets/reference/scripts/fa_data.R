# Factor analysis given the DATA (not a correlation matrix): psych 2.2.9 fa(bfi[1:25], 5, ...).
# With data psych computes the correlations itself (pairwise) and np.obs = pairwiseCount(data),
# and factor.stats weights the off-diagonal residuals by the pairwise counts.
# Run from the repository root:  Rscript Datasets/reference/scripts/fa_data.R   (about 1 min)
# Output: Datasets/reference/psychometrics/bfi_fa_data.json
suppressPackageStartupMessages({ library(psych); library(GPArotation) })
source(file.path("Datasets", "reference", "scripts", "common.R"))
data(bfi, package = "psych")
x <- bfi[1:25]
np <- psych::pairwiseCount(x)

fit_values <- function(f) c(
  objective = f$objective, STATISTIC = f$STATISTIC, dof = f$dof, PVAL = f$PVAL,
  chi = f$chi, EPVAL = f$EPVAL, nh = f$nh, EBIC = f$EBIC, ESABIC = f$ESABIC,
  null_chisq = f$null.chisq, null_dof = f$null.dof, null_model = f$null.model, TLI = f$TLI,
  BIC = f$BIC, SABIC = f$SABIC, rms = f$rms, crms = f$crms, fit = f$fit, fit_off = f$fit.off)

one <- function(fm, cor = "cor") {
  f <- psych::fa(x, nfactors = 5, fm = fm, rotate = "oblimin", cor = cor)
  # The same statistics recomputed from psych's own loadings (closed form given L and Phi).
  s <- psych::factor.stats(f$r, f$loadings, f$Phi, n.obs = f$n.obs, np.obs = np, alpha = 0.1)
  list(call = sprintf("psych::fa(bfi[1:25], nfactors = 5, fm = \"%s\", rotate = \"oblimin\", cor = \"%s\")", fm, cor),
       fm = fm, cor = cor, n_obs = f$n.obs,
       r = mat(f$r), loadings = mat(unclass(f$loadings)), Phi = mat(f$Phi),
       communality = f$communality, uniquenesses = f$uniquenesses,
       fit = fit_values(f), RMSEA = f$RMSEA,
       factor_stats = fit_values(s))
}
cases <- list(minres = one("minres"), ml = one("ml"), pa = one("pa"),
              minres_spearman = one("minres", "spearman"), minres_kendall = one("minres", "kendall"),
              minres_poly = one("minres", "poly"))
write_case("psychometrics", "bfi_fa_data", c(list(
  meta = meta(c("psych::fa(bfi[1:25], nfactors = 5, fm = fm, rotate = \"oblimin\", cor = cor)  # data given",
                "psych::factor.stats(f$r, f$loadings, f$Phi, n.obs = 2800, np.obs = pairwiseCount(bfi[1:25]), alpha = 0.1)"),
              "psych::bfi (Datasets/real/bfi/bfi.csv), columns A1..O5 (2,800 rows, pairwise NAs)", c("psych", "GPArotation"),
              notes = c(
    "Given data, psych::fa sets n.obs = nrow(data) = 2800 (chi-square, RMSEA, TLI, BIC use it) and np.obs = pairwiseCount(data).",
    "With np.obs, factor.stats (psych 2.2.9) uses the off-diagonal residuals weighted by the pair counts: chi = sum_{i != j} res_ij^2 * np_ij; r2.off = sum_{i != j} r_ij^2 * np_ij; fit.off = 1 - chi / r2.off; nh = harmonic mean of ALL p^2 entries of np.obs (diagonal included); rms = sqrt(chi / (nh * p * (p - 1))); crms = sqrt(chi / (2 * nh * dof)); EPVAL = pchisq(chi, dof, lower = FALSE); EBIC = chi - dof * log(nh); ESABIC = chi - dof * log((nh + 2)/24). fit (all elements) stays unweighted.",
    "factor_stats: the same statistics recomputed from psych's own loadings and Phi (closed form given L, Phi, R, n.obs, np.obs; to be matched to rounding). The top-level fields come from psych's optimiser and agree with another optimiser only to its tolerance (loadings ~1e-5).",
    "cor = 'spearman' / 'kendall': R cor(x, use = 'pairwise', method = ...); cor = 'poly': psych::polychoric(x, correct = 0.5)$rho (global thresholds, smoothed).")),
  pairwise_counts = mat(np)), cases))

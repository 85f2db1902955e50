# References for the robust fit indices of MeasurementModels (lavaan 0.6.14): the scaled and the
# "robust" CFI/TLI/RMSEA (+ 90 % CI, p-close) of fitMeasures() for MLR (complete data and FIML) and
# WLSMV, with the intermediate quantities lavaan computes them from.
# Run from the repository root:  Rscript Datasets/reference/scripts/cfa_robust.R   (about 1 min)
# Output: Datasets/reference/cfa/robust_fit.json
suppressPackageStartupMessages(library(lavaan))
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "cfa"
hs <- read.csv(file.path("Datasets", "real", "holzinger", "holzinger.csv"))
hs_model <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
# The FIML missingness rule of cfa.R: row i (1-based), item x_j missing when (37 i + 11 j) mod 23 == 0.
hs_miss <- hs
for (j in 1:9) hs_miss[[paste0("x", j)]][((37 * seq_len(nrow(hs)) + 11 * j) %% 23) == 0] <- NA

robust_names <- c("chisq", "df", "chisq.scaled", "chisq.scaling.factor", "baseline.chisq", "baseline.chisq.scaled",
                  "baseline.chisq.scaling.factor", "cfi.scaled", "tli.scaled", "rmsea.scaled", "rmsea.ci.lower.scaled",
                  "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled", "cfi.robust", "tli.robust", "rmsea.robust",
                  "rmsea.ci.lower.robust", "rmsea.ci.upper.robust", "rmsea.pvalue.robust")
fits <- function(fit) { f <- fitMeasures(fit); as.list(unclass(f[robust_names[robust_names %in% names(f)]])) }
yb <- function(fit) {
  t <- lavInspect(fit, "test")$yuan.bentler.mplus
  list(trace_UGamma = t$trace.UGamma, trace_h1 = as.numeric(attr(t$stat, "h1")), trace_h0 = as.numeric(attr(t$stat, "h0")))
}
est <- function(fit) { pe <- parameterEstimates(fit); pe <- pe[pe$op %in% c("=~", "~~", "~1", "|"), ]
  list(lhs = arr(pe$lhs), op = arr(pe$op), rhs = arr(pe$rhs), est = arr(pe$est)) }

mlr <- cfa(hs_model, hs, estimator = "MLR")
fiml <- cfa(hs_model, hs_miss, missing = "ml", estimator = "MLR")
fc <- lavaan:::lav_fit_fiml_corrected(fiml, version = "V3")
# XX3 compares the FIML estimates with lavaan's EM saturated moments, which stop at em.h1.tol = 1e-5:
# the same statistic with the EM run to tol = 1e-14 (what a converged EM gives).
Y <- as.matrix(hs_miss[, paste0("x", 1:9)])
em <- lavaan:::lav_mvnorm_missing_h1_estimate_moments(Y = Y, Mp = lavaan:::lav_data_missing_patterns(Y),
                                                     max.iter = 100000L, tol = 1e-14)
Si <- solve(fitted(fiml)$cov); dm <- em$Mu - fitted(fiml)$mean
fc$XX3_tight_em <- nobs(fiml) * (log(det(fitted(fiml)$cov)) - log(det(em$Sigma)) + sum(diag(em$Sigma %*% Si)) - 9 + sum(dm * (Si %*% dm)))

fiml_ml <- cfa(hs_model, hs_miss, missing = "ml")
fc6 <- lavaan:::lav_fit_fiml_corrected(fiml_ml, version = "V6")

bfi <- read.csv(file.path("Datasets", "real", "bfi", "bfi.csv"))
bfi_items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
bfi_model <- paste("A =~ A2 + A1 + A3 + A4 + A5", "C =~ C1 + C2 + C3 + C4 + C5", "E =~ E3 + E1 + E2 + E4 + E5",
                   "N =~ N1 + N2 + N3 + N4 + N5", "O =~ O1 + O2 + O3 + O4 + O5", sep = "\n")
wfit <- cfa(bfi_model, bfi, ordered = bfi_items, estimator = "WLSMV", missing = "pairwise")
cm <- lavaan:::lav_fit_catml_dwls(wfit)
# The same across gender (two groups): configural, metric, scalar (loadings + thresholds; latent means
# and scale factors free in group 2).
osteps <- list(configural = "", metric = "loadings", scalar = c("loadings", "thresholds"))
ginv <- lapply(osteps, function(eq) cfa(bfi_model, bfi, ordered = bfi_items, estimator = "WLSMV", missing = "pairwise",
                                        group = "gender", group.equal = eq))
gsec <- lapply(ginv, function(f) {
  pe <- parameterEstimates(f); pe <- pe[pe$op %in% c("=~", "~~", "~1", "|", "~*~"), ]
  list(parameters = list(lhs = arr(pe$lhs), op = arr(pe$op), rhs = arr(pe$rhs), group = arr(pe$group), est = arr(pe$est)),
       fit = fits(f), catml = lavaan:::lav_fit_catml_dwls(f))
})

write_case(area, "robust_fit", list(
  meta = meta(c("fitMeasures(fit)[c('cfi.scaled', ..., 'cfi.robust', 'tli.robust', 'rmsea.robust', 'rmsea.ci.*.robust', 'rmsea.pvalue.robust')]",
                "lavInspect(fit, 'test')$yuan.bentler.mplus (trace.UGamma and its h1/h0 parts)",
                "lavaan:::lav_fit_fiml_corrected(fit, 'V3')  (FIML)",
                "lavaan:::lav_fit_catml_dwls(fit)  (WLSMV)"),
              "HolzingerSwineford1939 (Datasets/real/holzinger/holzinger.csv, 301 rows); psych::bfi (Datasets/real/bfi/bfi.csv, 2,800 rows)",
              "lavaan", notes = c(
    "mlr: cfa(model, HolzingerSwineford1939, estimator = 'MLR'); robust indices with c = chisq.scaling.factor (Brosseau-Liard & Savalei 2014).",
    "fiml_mlr: cfa(model, hs_miss, missing = 'ml', estimator = 'MLR'), hs_miss by cfa.R's rule. The robust indices are FIML-C version 3 (Zhang & Savalei 2023; lavaan lav_fit_fiml_corrected): XX3 = the complete-data ML chi-square of the FIML estimates against the EM saturated moments; c.hat3 = tr(U Wm^-1 Wc Wm^-1 U Gamma)/df with Wm, Jm the observed and first-order h1 information of the incomplete data at the EM moments, Wc the complete-data h1 information there, Gamma = Wm^-1 Jm Wm^-1, U = Wm - Wm Delta E^-1 Delta' Wm.",
    "fiml_mlr convention: E inside c.hat3 is Delta' Wm Delta (lavaan sets observed.information = 'h1', h1.information = 'unstructured' before lavTech(., 'inverted.information')), not the Hessian used for the SEs and for the Yuan-Bentler trace.",
    "fiml_mlr precision: lavaan's EM for the saturated moments stops at em.h1.tol = 1e-5, which moves XX3 by ~4e-6 relative (corrected$XX3 vs corrected$XX3_tight_em, the same statistic after an EM to tol 1e-14); the robust FIML indices therefore agree with a converged computation to ~1e-5, not closer.",
    "fiml_ml: cfa(model, hs_miss, missing = 'ml') (ML): lavaan reports robust indices here too, FIML-C version 6: c.hat3 = tr(Wc Wm^-1 U Wm^-1)/df (no Gamma), same XX3 and U. TrustMetrics does not compute these for ML (kept for the record; the tests assert that it reports none).",
    "fiml_mlr baseline: XX3.null from the FIML independence model's estimates against the EM moments; c.hat3.null with the same U built from the independence model's Delta and E = DeltaB' Wm DeltaB.",
    "wlsmv: cfa(bfi model, bfi, ordered = A1..O5, estimator = 'WLSMV', missing = 'pairwise'). Robust indices from the cat-ML statistic (Savalei 2021): XX3 = N F_ML(R, Sigma(theta_DWLS)) on the polychoric correlations (correlation structure, no thresholds), c.hat3 = tr(U' V U Gamma)/df with V the ML weight of the correlations at Sigma(theta), U = I - Delta E^-1 Delta' W_DWLS; baseline c.hat3.null = tr(Gamma_corr)/df_null.",
    "wlsmv_gender: the bfi model across gender (groups in lavaan's order, see groups): configural, metric, scalar; cat-ML with G groups: V, W, Gamma block-diagonal (f_g V_g, f_g W_g, Gamma_g/f_g), the baseline c.hat3.null = tr(Gamma)/df_null.",
    "rmsea.ci.*: lavaan's uniroot (tol ~1.2e-4 in the noncentrality) limits their agreement; the tests compare on the noncentrality scale.")),
  mlr = list(parameters = est(mlr), fit = fits(mlr), yb = yb(mlr)),
  fiml_mlr = list(parameters = est(fiml), fit = fits(fiml), yb = yb(fiml), corrected = fc),
  fiml_ml = list(parameters = est(fiml_ml), fit = fits(fiml_ml), corrected = fc6),
  wlsmv = list(parameters = est(wfit), fit = fits(wfit), catml = cm),
  wlsmv_gender = c(list(groups = arr(lavInspect(ginv$configural, "group.label"))), gsec)))

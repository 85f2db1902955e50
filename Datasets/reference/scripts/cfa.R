# References for the MeasurementModels module (confirmatory factor analysis, invariance).
# lavaan 0.6.14, semTools 0.5.6. Run from the repository root:  Rscript Datasets/reference/scripts/cfa.R
# Output: Datasets/reference/cfa/*.json
suppressPackageStartupMessages({ library(lavaan); library(semTools) })
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "cfa"
hs <- read.csv(file.path("Datasets", "real", "holzinger", "holzinger.csv"))
hs_data <- "lavaan::HolzingerSwineford1939 (Datasets/real/holzinger/holzinger.csv), 301 rows"
hs_model <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"

# The seeded-free missingness rule for the FIML case, reproducible in any language:
# cell (row i = 1..301, item x_j, j = 1..9) is set missing when (37 i + 11 j) mod 23 == 0.
# 11 j mod 23 differs for j = 1..9, so a row loses at most one score (118 of 2,709 cells).
hs_miss <- hs
for (j in 1:9) hs_miss[[paste0("x", j)]][((37 * seq_len(nrow(hs)) + 11 * j) %% 23) == 0] <- NA

# lavaan's nlminb stops at rel.tol = 1e-10 of fmin, which leaves its estimates up to ~2e-5 (relative)
# from the optimum on these data. est_tight is the same fit polished from lavaan's solution by BFGS
# (reltol 1e-16): the optimum itself, for comparing estimates. Every other column is lavaan's output
# at its default solution; the tests evaluate SEs, fit and indices at lavaan's default estimates.
fit_args <- list()
cfa2 <- function(...) { a <- list(...); f <- do.call("cfa", a); attr(f, "args") <- a; f }
tight <- function(fit) { a <- attr(fit, "args"); stopifnot(!is.null(a))
  suppressWarnings(do.call("cfa", c(a, list(optim.method = "BFGS", control = list(reltol = 1e-16, maxit = 10000), start = fit)))) }
ptab <- function(fit) {
  sel <- function(pe) pe[pe$op %in% c("=~", "~~", "~1", "|", "~*~"), ]
  pe <- sel(parameterEstimates(fit, standardized = TRUE, remove.nonfree = FALSE, remove.eq = TRUE,
                               remove.ineq = TRUE, remove.def = TRUE))
  pt <- sel(parameterEstimates(tight(fit), remove.nonfree = FALSE, remove.eq = TRUE, remove.ineq = TRUE, remove.def = TRUE))
  stopifnot(identical(pe$lhs, pt$lhs), identical(pe$rhs, pt$rhs))
  g <- if (is.null(pe$group)) rep(1L, nrow(pe)) else pe$group
  list(lhs = arr(pe$lhs), op = arr(pe$op), rhs = arr(pe$rhs), group = arr(g),
       est = arr(pe$est), est_tight = arr(pt$est), se = arr(pe$se), z = arr(pe$z), pvalue = arr(pe$pvalue),
       ci_lower = arr(pe$ci.lower), ci_upper = arr(pe$ci.upper),
       std_lv = arr(pe$std.lv), std_all = arr(pe$std.all))
}
fm_names <- c("npar", "fmin", "chisq", "df", "pvalue", "baseline.chisq", "baseline.df", "baseline.pvalue",
              "cfi", "tli", "logl", "unrestricted.logl", "aic", "bic", "bic2", "ntotal", "rmsea",
              "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.pvalue", "srmr", "srmr_bentler", "srmr_bentler_nomean")
fm_robust <- c("chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor", "baseline.chisq.scaled",
               "baseline.df.scaled", "baseline.pvalue.scaled", "baseline.chisq.scaling.factor",
               "cfi.scaled", "tli.scaled", "cfi.robust", "tli.robust", "rmsea.scaled", "rmsea.ci.lower.scaled",
               "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled", "rmsea.robust", "rmsea.ci.lower.robust",
               "rmsea.ci.upper.robust", "rmsea.pvalue.robust")
fits <- function(fit, robust = FALSE) {
  nm <- c(fm_names, if (robust) fm_robust)
  f <- fitMeasures(fit)
  nm <- nm[nm %in% names(f)]
  as.list(unclass(f[nm]))
}
mi_tab <- function(fit) {
  mi <- modindices(fit, sort. = FALSE)
  g <- if (is.null(mi$group)) rep(1L, nrow(mi)) else mi$group
  list(lhs = arr(mi$lhs), op = arr(mi$op), rhs = arr(mi$rhs), group = arr(g), mi = arr(mi$mi), epc = arr(mi$epc),
       sepc_all = arr(mi$sepc.all))
}
scores <- function(fit, method) { s <- lavPredict(fit, method = method); if (is.list(s)) s <- s[[1]]; mat(s[1:10, , drop = FALSE]) }
implied <- function(fit) mat(fitted(fit)$cov)

# 1. ML, complete data (lavaan defaults: marker loadings, N-denominator covariance, expected information).
fit <- cfa2(hs_model, hs)
rel_obs <- compRelSEM(fit, obs.var = TRUE)
rel_mod <- compRelSEM(fit, obs.var = FALSE)
write_case(area, "hs_ml", list(
  meta = meta(c(paste0("fit <- cfa('", gsub("\n", "; ", hs_model), "', HolzingerSwineford1939)"),
                "parameterEstimates(fit, standardized = TRUE); fitMeasures(fit); modindices(fit, sort. = FALSE)",
                "compRelSEM(fit, obs.var = TRUE); compRelSEM(fit, obs.var = FALSE)",
                "lavPredict(fit, method = 'regression'|'Bartlett')[1:10, ]"),
              hs_data, c("lavaan", "semTools"), notes = c(
    "ML: likelihood = 'normal' (sample covariance with denominator N), information = 'expected', meanstructure = FALSE.",
    "omega_observed = compRelSEM(obs.var = TRUE): denominator = sum of the sample covariance matrix (N - 1 denominator as semTools takes lavInspect(fit, 'sampstat') rescaled? see value)",
    "omega_model = compRelSEM(obs.var = FALSE): denominator = (sum lambda)^2 psi + sum theta (+ 2 sum residual covariances).")),
  parameters = ptab(fit), fit = fits(fit), modindices = mi_tab(fit),
  omega_observed = as.list(rel_obs), omega_model = as.list(rel_mod),
  scores_regression = scores(fit, "regression"), scores_bartlett = scores(fit, "Bartlett"),
  implied_cov = implied(fit)))

# 2. MLR, complete data.
fit <- cfa2(hs_model, hs, estimator = "MLR")
write_case(area, "hs_mlr", list(
  meta = meta(c(paste0("cfa('", gsub("\n", "; ", hs_model), "', HolzingerSwineford1939, estimator = 'MLR')")),
              hs_data, "lavaan", notes = c(
    "MLR: se = 'robust.huber.white' with information = 'observed' (Hessian, numerical in lavaan), test = 'yuan.bentler.mplus'.")),
  parameters = ptab(fit), fit = fits(fit, robust = TRUE)))

# 3. FIML (ML and MLR) with the documented missingness rule.
for (est in c("ML", "MLR")) {
  fit <- cfa2(hs_model, hs_miss, missing = "ml", estimator = est)
  write_case(area, paste0("hs_fiml_", tolower(est)), list(
    meta = meta(c("hs_miss: x_j of row i set NA when (37 i + 11 j) %% 23 == 0",
                  paste0("cfa('", gsub("\n", "; ", hs_model), "', hs_miss, missing = 'ml', estimator = '", est, "')")),
                hs_data, "lavaan", notes = c(
      "FIML: meanstructure = TRUE, information = 'observed' (lavaan's numerical Hessian of the casewise log-likelihood).",
      "Missingness rule (deterministic): row i (1-based), item j in 1..9 missing when (37 i + 11 j) mod 23 == 0.",
      "Optimiser precision: the FIML likelihood is flat; lavaan's nlminb stops at rel.tol 1e-10 and its estimates move by up to max_rel_change_tight (below) when restarted from its solution with rel.tol = 1e-13 or with BFGS (reltol 1e-16), so agreement beyond ~2e-6 relative is not defined by lavaan itself.")),
    parameters = ptab(fit), fit = fits(fit, robust = est == "MLR"),
    max_rel_change_tight = max(abs(coef(fit) - coef(suppressWarnings(cfa(hs_model, hs_miss, missing = "ml", estimator = est,
      optim.method = "BFGS", control = list(reltol = 1e-16, maxit = 10000), start = fit)))) / abs(coef(fit)))))
}

# 4. Invariance across school (lavaan tutorial), ML.
steps <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"),
              strict = c("loadings", "intercepts", "residuals"))
inv <- lapply(steps, function(eq) cfa2(hs_model, hs, group = "school", group.equal = eq))
lrt <- lavTestLRT(inv$configural, inv$metric, inv$scalar, inv$strict)
score <- lavTestScore(inv$scalar)
score_tight <- lavTestScore(tight(inv$scalar))
pt <- parTable(inv$scalar)
plab <- function(lab) { i <- which(pt$plabel == lab); paste0(pt$lhs[i], pt$op[i], pt$rhs[i], "@g", pt$group[i]) }
partial <- cfa2(hs_model, hs, group = "school", group.equal = c("loadings", "intercepts"), group.partial = c("x3~1", "x7~1"))
write_case(area, "hs_invariance", list(
  meta = meta(c(paste0("cfa(model, HolzingerSwineford1939, group = 'school', group.equal = eq) for eq in ",
                       "{}, loadings, +intercepts, +residuals"),
                "lavTestLRT(configural, metric, scalar, strict)", "lavTestScore(scalar)$uni",
                "cfa(..., group.equal = c('loadings','intercepts'), group.partial = c('x3~1','x7~1'))"),
              hs_data, "lavaan", notes = c(
    "Groups in lavaan's order of first appearance: 1 = Pasteur, 2 = Grant-White.",
    "fitMeasures pvalue = 1 - pchisq(chisq, df) in lavaan: for p ~ 1e-11 it has only ~1e-16 absolute accuracy (the upper tail computed directly differs from it at 1.5e-6 relative).",
    "Scalar and strict: latent means fixed 0 in group 1, free in group 2 (lavaan's group.equal = 'intercepts').",
    "lavTestScore: univariate score tests of the equality constraints; lhs/rhs decoded to parameter@group.",
    "score_test$x2_tight: lavTestScore at the polished optimum (est_tight); lavTestScore's statistic uses the full gradient, which at lavaan's default solution is not zero, so the default x2 differ from the optimum's by up to ~4e-4 relative.")),
  groups = arr(lavInspect(inv$configural, "group.label")),
  configural = list(parameters = ptab(inv$configural), fit = fits(inv$configural)),
  metric = list(parameters = ptab(inv$metric), fit = fits(inv$metric)),
  scalar = list(parameters = ptab(inv$scalar), fit = fits(inv$scalar), modindices = mi_tab(inv$scalar)),
  strict = list(parameters = ptab(inv$strict), fit = fits(inv$strict)),
  lrt = list(chisq_diff = arr(lrt$`Chisq diff`), df_diff = arr(lrt$`Df diff`), pvalue = arr(lrt$`Pr(>Chisq)`)),
  score_test = list(lhs = arr(sapply(score$uni$lhs, plab)), rhs = arr(sapply(score$uni$rhs, plab)),
                    x2 = arr(score$uni$X2), df = arr(score$uni$df), pvalue = arr(score$uni$p.value),
                    x2_tight = arr(score_tight$uni$X2)),
  partial = list(parameters = ptab(partial), fit = fits(partial))))

# 5. Invariance across school, MLR (scaled chi-square differences, Satorra-Bentler 2001).
inv_r <- lapply(steps, function(eq) cfa2(hs_model, hs, group = "school", group.equal = eq, estimator = "MLR"))
lrt_r <- lavTestLRT(inv_r$configural, inv_r$metric, inv_r$scalar, inv_r$strict)
write_case(area, "hs_invariance_mlr", list(
  meta = meta(c("as hs_invariance with estimator = 'MLR'", "lavTestLRT(configural, metric, scalar, strict)"),
              hs_data, "lavaan", notes = c("lavTestLRT's method for MLR: satorra.bentler.2001 (scaled difference).")),
  configural = list(fit = fits(inv_r$configural, TRUE)), metric = list(fit = fits(inv_r$metric, TRUE)),
  scalar = list(parameters = ptab(inv_r$scalar), fit = fits(inv_r$scalar, TRUE)),
  strict = list(fit = fits(inv_r$strict, TRUE)),
  lrt = list(chisq_diff = arr(lrt_r$`Chisq diff`), df_diff = arr(lrt_r$`Df diff`), pvalue = arr(lrt_r$`Pr(>Chisq)`))))

# 6. psych's bfi as an ordinal 5-factor model (WLSMV: DWLS on polychoric correlations and thresholds,
#    robust SEs, scaled-and-shifted chi-square), pairwise missing; and its invariance across gender.
bfi <- read.csv(file.path("Datasets", "real", "bfi", "bfi.csv"))
bfi_data <- "psych::bfi (Datasets/real/bfi/bfi.csv), A1..O5 as ordered (6 categories), 2,800 rows, pairwise NAs"
bfi_items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
bfi_model <- paste("A =~ A2 + A1 + A3 + A4 + A5", "C =~ C1 + C2 + C3 + C4 + C5", "E =~ E3 + E1 + E2 + E4 + E5",
                   "N =~ N1 + N2 + N3 + N4 + N5", "O =~ O1 + O2 + O3 + O4 + O5", sep = "\n")
fm_cat <- c("npar", "fmin", "chisq", "df", "pvalue", "chisq.scaled", "df.scaled", "pvalue.scaled", "chisq.scaling.factor",
            "baseline.chisq", "baseline.df", "baseline.chisq.scaled", "baseline.df.scaled", "baseline.chisq.scaling.factor",
            "cfi", "tli", "cfi.scaled", "tli.scaled", "rmsea", "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.pvalue",
            "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "rmsea.pvalue.scaled", "srmr", "ntotal")
cat_fits <- function(fit) { f <- fitMeasures(fit); as.list(unclass(f[fm_cat[fm_cat %in% names(f)]])) }
sampstats <- function(fit) {
  ss <- lavInspect(fit, "sampstat"); if (!is.null(ss$cov)) ss <- list(ss)
  nac <- lavInspect(fit, "gamma"); if (is.matrix(nac)) nac <- list(nac)
  lapply(seq_along(ss), function(g) list(th = arr(ss[[g]]$th), cor = mat(ss[[g]]$cov), nacov_diag = arr(diag(nac[[g]]))))
}
wfit <- cfa2(bfi_model, bfi, ordered = bfi_items, estimator = "WLSMV", missing = "pairwise")
write_case(area, "bfi_wlsmv", list(
  meta = meta(c(paste0("cfa('", gsub("\n", "; ", bfi_model), "', bfi, ordered = A1..O5, estimator = 'WLSMV', missing = 'pairwise')")),
              bfi_data, "lavaan", notes = c(
    "WLSMV = DWLS (W = 1/diag(NACOV)) on thresholds and polychoric correlations, se = 'robust.sem', test = 'scaled.shifted'.",
    "Delta parameterization: residual variances 1 - diag(Lambda Psi Lambda'); thresholds free; marker loading 1 (the first listed item; A2, E3 so that the marker is positively keyed).",
    "sample: thresholds (item by item), polychoric matrix, diag of NACOV (Gamma; N times the Muthen 1984 sandwich).")),
  parameters = ptab(wfit), fit = cat_fits(wfit), sample = sampstats(wfit)[[1]]))

# 7. Invariance across gender (lavaan group order 1 = gender code 2? see groups), ordinal:
#    configural; metric (loadings); scalar (loadings + thresholds: latent means and scale factors free in group 2).
osteps <- list(configural = "", metric = "loadings", scalar = c("loadings", "thresholds"))
oinv <- lapply(osteps, function(eq) cfa2(bfi_model, bfi, ordered = bfi_items, estimator = "WLSMV", missing = "pairwise",
                                         group = "gender", group.equal = eq))
olrt <- lavTestLRT(oinv$configural, oinv$metric, oinv$scalar)
write_case(area, "bfi_invariance_gender", list(
  meta = meta(c("cfa(bfi_model, bfi, ordered = A1..O5, estimator = 'WLSMV', missing = 'pairwise', group = 'gender', group.equal = eq)",
                "lavTestLRT(configural, metric, scalar)  # method 'satorra.2000', scaled.shifted, A.method = 'delta'"),
              bfi_data, "lavaan", notes = c(
    "Scalar (loadings + thresholds): lavaan frees the latent means (~1) and the scale factors (~*~) in group 2; Delta parameterization.",
    "Strict invariance is not defined in the delta parameterization (residual variances are not parameters) and is not part of the ordinal sequence.")),
  groups = arr(lavInspect(oinv$configural, "group.label")),
  configural = list(parameters = ptab(oinv$configural), fit = cat_fits(oinv$configural)),
  metric = list(parameters = ptab(oinv$metric), fit = cat_fits(oinv$metric)),
  scalar = list(parameters = ptab(oinv$scalar), fit = cat_fits(oinv$scalar)),
  lrt = list(chisq_diff = arr(olrt$`Chisq diff`), df_diff = arr(olrt$`Df diff`), pvalue = arr(olrt$`Pr(>Chisq)`))))

# 8. Survey design: sampling weights and cluster-robust SEs (lavaan sampling.weights, cluster).
#    Deterministic design variables on HolzingerSwineford1939: w = 1 + ((7 id) mod 5)/4 (values 1 … 2),
#    clus = (row - 1) %/% 5 (61 clusters of 5 consecutive rows, the last of 1).
hs_design <- hs
hs_design$w <- 1 + ((hs_design$id * 7) %% 5) / 4
hs_design$clus <- (seq_len(nrow(hs_design)) - 1) %/% 5
for (case in c("weights", "cluster", "weights_cluster")) {
  args <- list(hs_model, hs_design)
  if (grepl("weights", case)) args$sampling.weights <- "w"
  if (grepl("cluster", case)) args$cluster <- "clus"
  if (case == "cluster") args$estimator <- "MLR"
  fit <- do.call(cfa2, args)
  o <- lavInspect(fit, "options")
  write_case(area, paste0("hs_design_", case), list(
    meta = meta(c("w = 1 + ((7 id) %% 5)/4; clus = (row - 1) %/% 5",
                  paste0("cfa(model, hs, ", if (grepl("weights", case)) "sampling.weights = 'w', " else "",
                         if (grepl("cluster", case)) "cluster = 'clus'" else "", if (case == "cluster") ", estimator = 'MLR'" else "", ")")),
                hs_data, "lavaan", notes = c(
      paste0("lavaan options used: estimator ", o$estimator, ", se ", o$se, ", test ", o$test, ", information ", o$information[1], "."),
      "Sampling weights are rescaled to sum to N; sample moments are weighted with denominator N; casewise scores are multiplied by the weight.",
      "Cluster-robust: casewise scores summed within clusters, B scaled by nc/(nc - 1).")),
    parameters = ptab(fit), fit = fits(fit, robust = TRUE)))
}

# 9. The synthetic demo study (Datasets/hvb-demo): 5-point items, codes 8/9 missing -> NA.
#    (a) wave 2023, the four codebook scales as factors, WLSMV with std.lv = TRUE (standardized
#        loadings on the latent y* scale, the generator's truth.json loadings);
#    (b) invariance of digital_infrastructure across the three waves (ordinal, thresholds), and
#        partial scalar invariance with dr_bundid's thresholds free (the planted non-invariance).
demo_files <- file.path("Datasets", "hvb-demo", "data", paste0("hvb_", c(2019, 2021, 2023), ".csv"))
demo <- do.call(rbind, lapply(demo_files, read.csv, colClasses = c(land = "character", kreis = "character")))
demo_items <- c("tr_land", "tr_bund", "tr_kreis", "tr_land_r", "tr_nachbar", "tr_ikz", "tr_ikz_r", "tr_itdl", "tr_buerger",
                "dr_ozg", "dr_eakte", "dr_netz", "dr_itsich", "dr_bundid", "dr_kompetenz", "dr_budget", "dr_fuehrung",
                "dr_strategie", "dr_personal_r")
for (v in demo_items) demo[[v]][!(demo[[v]] %in% 1:5)] <- NA
demo_data <- "Datasets/hvb-demo/data/hvb_*.csv (SYNTHETIC), items with codes 8/9 (and anything outside 1..5) set NA"
demo_model <- paste("vertical_trust =~ tr_land + tr_bund + tr_kreis + tr_land_r",
                    "horizontal_trust =~ tr_nachbar + tr_ikz + tr_ikz_r + tr_itdl + tr_buerger",
                    "digital_infrastructure =~ dr_ozg + dr_eakte + dr_netz + dr_itsich + dr_bundid",
                    "digital_organisation =~ dr_kompetenz + dr_budget + dr_fuehrung + dr_strategie + dr_personal_r", sep = "\n")
d23 <- demo[demo$wave == 2023, ]
dfit <- cfa2(demo_model, d23, ordered = demo_items, estimator = "WLSMV", missing = "pairwise", std.lv = TRUE)
write_case(area, "demo_wlsmv_2023", list(
  meta = meta(c("cfa(demo_model, wave 2023, ordered = items, estimator = 'WLSMV', missing = 'pairwise', std.lv = TRUE)"),
              demo_data, "lavaan", notes = c("SYNTHETIC data; truth.json holds the generating loadings (s_j * lambda_j on y*).")),
  parameters = ptab(dfit), fit = cat_fits(dfit)))
di_model <- "digital_infrastructure =~ dr_ozg + dr_eakte + dr_netz + dr_itsich + dr_bundid"
di_items <- c("dr_ozg", "dr_eakte", "dr_netz", "dr_itsich", "dr_bundid")
dinv <- lapply(osteps, function(eq) cfa2(di_model, demo, ordered = di_items, estimator = "WLSMV", missing = "pairwise",
                                         group = "wave", group.equal = eq))
dlrt <- lavTestLRT(dinv$configural, dinv$metric, dinv$scalar)
dpart <- cfa2(di_model, demo, ordered = di_items, estimator = "WLSMV", missing = "pairwise", group = "wave",
              group.equal = c("loadings", "thresholds"), group.partial = paste0("dr_bundid|t", 1:4))
dplrt <- lavTestLRT(dinv$metric, dpart)
write_case(area, "demo_invariance_waves", list(
  meta = meta(c("cfa(di_model, demo, ordered = di_items, estimator = 'WLSMV', missing = 'pairwise', group = 'wave', group.equal = eq)",
                "lavTestLRT(configural, metric, scalar); partial: group.partial = dr_bundid|t1..t4; lavTestLRT(metric, partial)"),
              demo_data, "lavaan", notes = c("Groups in order of appearance: 2019, 2021, 2023.")),
  groups = arr(lavInspect(dinv$configural, "group.label")),
  configural = list(fit = cat_fits(dinv$configural)), metric = list(parameters = ptab(dinv$metric), fit = cat_fits(dinv$metric)),
  scalar = list(fit = cat_fits(dinv$scalar)),
  lrt = list(chisq_diff = arr(dlrt$`Chisq diff`), df_diff = arr(dlrt$`Df diff`), pvalue = arr(dlrt$`Pr(>Chisq)`)),
  partial = list(parameters = ptab(dpart), fit = cat_fits(dpart),
                 lrt = list(chisq_diff = arr(dplrt$`Chisq diff`), df_diff = arr(dplrt$`Df diff`), pvalue = arr(dplrt$`Pr(>Chisq)`)))))

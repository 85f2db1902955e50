# Reference values for the psychometrics modules, computed with R psych / polycor / stats on
# psych's bfi (2,800 x 25 items, real NAs) and lavaan's HolzingerSwineford1939.
# Run from the repository root:  Rscript Datasets/reference/scripts/psychometrics.R
# Output: Datasets/reference/psychometrics/<case>.json (see Datasets/reference/README.md).
suppressPackageStartupMessages({
  library(psych); library(GPArotation); library(polycor); library(lavaan)
})
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "psychometrics"
data(bfi, package = "psych")
items <- bfi[1:25]
bfi_data <- "psych::bfi (Datasets/real/bfi/bfi.csv), columns A1..O5 (2,800 rows, pairwise NAs)"

# ---------------------------------------------------------------------------------------------
# 1. Coefficient alpha per scale, keys as psych's bfi.keys.
keys <- list(agree = c("-A1", "A2", "A3", "A4", "A5"),
             conscientious = c("C1", "C2", "C3", "-C4", "-C5"),
             extraversion = c("-E1", "-E2", "E3", "E4", "E5"),
             neuroticism = c("N1", "N2", "N3", "N4", "N5"),
             openness = c("O1", "-O2", "O3", "O4", "-O5"))
scale_letter <- c(agree = "A", conscientious = "C", extraversion = "E", neuroticism = "N", openness = "O")
for (sc in names(keys)) {
  k <- keys[[sc]]
  cols <- sub("^-", "", k)
  kv <- ifelse(startsWith(k, "-"), -1, 1)
  names(kv) <- cols
  a <- psych::alpha(bfi[cols], keys = kv, check.keys = FALSE, use = "pairwise")
  tot <- unlist(a$total[1, ])
  names(tot) <- names(a$total)
  duhachek <- c(lower = unname(tot["raw_alpha"] - qnorm(0.975) * tot["ase"]),
                alpha = unname(tot["raw_alpha"]),
                upper = unname(tot["raw_alpha"] + qnorm(0.975) * tot["ase"]))
  feldt <- c(lower = unname(unlist(a$feldt$lower.ci)), alpha = unname(unlist(a$feldt$alpha)),
             upper = unname(unlist(a$feldt$upper.ci)), r.bar = unname(unlist(a$feldt$r.bar)))
  call <- sprintf("psych::alpha(bfi[c(%s)], keys = c(%s), check.keys = FALSE, use = \"pairwise\")",
                  paste0("\"", cols, "\"", collapse = ", "), paste(kv, collapse = ", "))
  write_case(area, paste0("bfi_alpha_", scale_letter[[sc]]), list(
    meta = meta(call, bfi_data, c("psych"), notes = c(
      "psych reverses a key -1 item as (max + min) - x with max/min over ALL items of the call (here 6 + 1 = 7).",
      "Correlations and variances use pairwise-complete observations (use = 'pairwise'); mean/sd of the total score are of row means of the non-missing (reversed) items (psych default cumulative = FALSE).",
      "ase is Duhachek & Lamb's asymptotic standard error; psych prints the Duhachek interval as raw_alpha -/+ qnorm(0.975) * ase.",
      "feldt is psych's alpha.ci(raw_alpha, n = nrow(x) = 2800 (all rows, missing or not), k): lower = 1 - (1 - alpha) * qf(0.975, n - 1, (n - 1)(k - 1)), upper = 1 - (1 - alpha) * qf(0.025, n - 1, (n - 1)(k - 1)), r.bar = alpha / (k - alpha (k - 1)).",
      "ase = sqrt(Q / nrow(x)) with nrow(x) = 2800 (psych divides by all rows).",
      "alpha.drop and item.stats rows are named with a trailing '-' for reverse-keyed items, as psych prints them.")),
    scale = sc, keys = kv,
    total = tot,
    duhachek_ci = duhachek,
    feldt = feldt,
    alpha_drop = mat(a$alpha.drop),
    item_stats = mat(a$item.stats[, c("n", "raw.r", "std.r", "r.cor", "r.drop", "mean", "sd")]),
    response_freq = mat(a$response.freq)))
}

# ---------------------------------------------------------------------------------------------
# 2. Correlation matrices.
r_pair <- cor(items, use = "pairwise")
r_list <- cor(items, use = "complete.obs")
r_spear <- cor(items, use = "pairwise", method = "spearman")
n_pair <- crossprod(!is.na(as.matrix(items)))
write_case(area, "bfi_cor_pairwise", list(
  meta = meta(c("cor(bfi[1:25], use = \"pairwise\")", "cor(bfi[1:25], use = \"complete.obs\")",
                "cor(bfi[1:25], use = \"pairwise\", method = \"spearman\")",
                "crossprod(!is.na(as.matrix(bfi[1:25])))"), bfi_data, character(0), notes = c(
    "pairwise: Pearson r of each pair over the rows where both items are present (means/sds of that pair's rows).",
    "complete_obs: listwise deletion over all 25 items (2,436 complete rows).",
    "spearman_pairwise: for each pair, ranks (average ranks for ties) are computed on that pair's complete rows, then Pearson r of the ranks.")),
  n_complete = sum(complete.cases(items)),
  n_pairwise = mat(n_pair),
  pairwise = mat(r_pair),
  complete_obs = mat(r_list),
  spearman_pairwise = mat(r_spear)))

# ---------------------------------------------------------------------------------------------
# 3. KMO and Bartlett's test.
kmo_p <- psych::KMO(r_pair)
kmo_l <- psych::KMO(r_list)
bart_p <- psych::cortest.bartlett(r_pair, n = 2800)
bart_l <- psych::cortest.bartlett(r_list, n = sum(complete.cases(items)))
write_case(area, "bfi_kmo_bartlett", list(
  meta = meta(c("R <- cor(bfi[1:25], use = \"pairwise\"); psych::KMO(R); psych::cortest.bartlett(R, n = 2800)",
                "R <- cor(bfi[1:25], use = \"complete.obs\"); psych::KMO(R); psych::cortest.bartlett(R, n = 2436)"),
              bfi_data, c("psych"), notes = c(
    "KMO: MSA = sum r^2 / (sum r^2 + sum q^2) over off-diagonal elements, q = partial correlations from the inverse of R; MSAi per item.",
    "Bartlett: chisq = -log(det(R)) * (n - 1 - (2p + 5)/6), df = p(p - 1)/2.")),
  pairwise = list(n = 2800, kmo_msa = kmo_p$MSA, kmo_msai = kmo_p$MSAi,
                  bartlett = c(chisq = bart_p$chisq, p_value = bart_p$p.value, df = bart_p$df)),
  listwise = list(n = sum(complete.cases(items)), kmo_msa = kmo_l$MSA, kmo_msai = kmo_l$MSAi,
                  bartlett = c(chisq = bart_l$chisq, p_value = bart_l$p.value, df = bart_l$df))))

# ---------------------------------------------------------------------------------------------
# 4. Polychoric correlations.
t0 <- proc.time()[["elapsed"]]
pc <- psych::polychoric(items)
t_poly <- proc.time()[["elapsed"]] - t0
pairs <- list(c("A1", "A2"), c("C4", "C5"), c("N1", "N2"))
pair_res <- lapply(pairs, function(p) {
  ok <- complete.cases(bfi[p])
  pr <- polycor::polychor(bfi[[p[1]]][ok], bfi[[p[2]]][ok], ML = TRUE, std.err = TRUE)
  list(x = p[1], y = p[2], n = sum(ok), rho = unname(pr$rho), se = sqrt(pr$var[1, 1]),
       row_cuts = arr(pr$row.cuts), col_cuts = arr(pr$col.cuts),
       chisq = pr$chisq, df = pr$df, var = mat(pr$var))
})
write_case(area, "bfi_polychoric", list(
  meta = meta(c("psych::polychoric(bfi[1:25])  # defaults: smooth = TRUE, global = TRUE, correct = 0.5, ML = FALSE",
                "polycor::polychor(x, y, ML = TRUE, std.err = TRUE)  # on the pair's complete cases"),
              bfi_data, c("psych", "polycor"), notes = c(
    "psych::polychoric: thresholds tau per item from its own marginal (global = TRUE), 0.5 added to empty cells (correct = 0.5), rho per pair by one-dimensional optimisation with tau fixed, then the matrix is smoothed if not positive definite (smooth = TRUE).",
    "The optimisation tolerance limits agreement to about 1e-6 .. 1e-8, not machine precision.",
    sprintf("polychoric took %.1f s elapsed here.", t_poly),
    "polycor pairs: two-step thresholds replaced by full ML (ML = TRUE): rho and the cut points estimated jointly; se = sqrt(var[1,1]).")),
  psych_polychoric = list(rho = mat(pc$rho), tau = mat(pc$tau)),
  polycor_pairs = pair_res))

# ---------------------------------------------------------------------------------------------
# 5. Factor analysis on the pairwise correlation matrix, n.obs = 2800.
rotation_note <- c(
  none = "rotate = 'none': unrotated loadings (signs/order still normalised as below).",
  varimax = "rotate = 'varimax': stats::varimax(L) with its defaults normalize = TRUE (Kaiser), eps = 1e-5.",
  oblimin = "rotate = 'oblimin': GPArotation::oblimin(L) = GPFoblq, gam = 0 (i.e. quartimin criterion), normalize = FALSE, eps = 1e-5, maxit = 1000, start = identity.",
  promax = "rotate = 'promax': psych::kaiser(L, rotate = 'Promax'): rows scaled by 1/sqrt(h2), psych::Promax (stats::varimax, then power m = 4 target by lm.fit, columns rescaled), rows scaled back; Phi from the Promax transformation.",
  geominQ = "rotate = 'geominQ': GPArotation::geominQ(L), delta = 0.01, normalize = FALSE, eps = 1e-5, maxit = 1000, start = identity (local optima are possible).",
  geominT = "rotate = 'geominT': GPArotation::geominT(L), orthogonal geomin, delta = 0.01, normalize = FALSE, eps = 1e-5, maxit = 1000, start = identity.",
  quartimin = "rotate = 'quartimin': GPArotation::quartimin(L), normalize = FALSE, eps = 1e-5, maxit = 1000, start = identity.")
fit_note <- c(
  minres = "fm = 'minres': psych fit(): optim (L-BFGS-B) minimising the residual sum of squares over uniquenesses, start from SMCs.",
  ml = "fm = 'ml': psych fit(): optim (L-BFGS-B) minimising the ML discrepancy over uniquenesses, start from SMCs.",
  pa = "fm = 'pa': iterated principal axes from SMC communalities until the change of the summed communality < min.err = 0.001 (max.iter = 50).")
fa_case <- function(f, fm, rot) {
  L <- unclass(f$loadings)
  out <- list(
    meta = meta(sprintf("R <- cor(bfi[1:25], use = \"pairwise\"); psych::fa(R, nfactors = 5, n.obs = 2800, fm = \"%s\", rotate = \"%s\")", fm, rot),
                bfi_data, c("psych", "GPArotation"), notes = c(
      "After rotation psych flips signs so that colSums(L) >= 0, then orders the factors by diag(t(L) %*% L) (orthogonal) or diag(Phi %*% t(L) %*% L) (oblique), descending; column names (MR1, ML2, PA3, ...) keep the pre-ordering numbers.",
      "Iterative fits: agreement is limited by the optimiser (fm = minres/ml use optim, pa iterates to min.err = 0.001), expect about 1e-4 .. 1e-6 on loadings, not machine precision.",
      "communality = diag(L Phi L') of the fitted model (invariant under rotation); communalities: for minres/ml 1 - the optimised uniquenesses, for pa the sum of communalities at the last iteration (a single number); uniquenesses = diag(R - L Phi L').",
      "e_values = eigen(R)$values; values = eigenvalues of R with its diagonal replaced by the fitted communalities.",
      "Vaccounted is psych's table (SS loadings, Proportion Var, Cumulative Var, Proportion Explained, Cumulative Proportion).",
      "psych does not know plain 'geomin' (it silently falls back to no rotation): use geominQ (oblique) or geominT (orthogonal).",
      fit_note[[fm]], rotation_note[[rot]],
      "fit: STATISTIC = (n - 1 - (2p + 5)/6 - 2k/3) * objective (ML discrepancy of the fitted model, Bartlett correction), dof = ((p - k)^2 - (p + k))/2; RMSEA with a 90% interval; TLI and BIC as psych::factor.stats.")),
    fm = fm, rotate = rot, nfactors = 5, n_obs = 2800,
    loadings = mat(L),
    Phi = if (is.null(f$Phi)) NULL else mat(f$Phi),
    rot_mat = if (is.null(f$rot.mat)) NULL else mat(f$rot.mat),
    communality = f$communality,
    communalities = f$communalities,
    uniquenesses = f$uniquenesses,
    Vaccounted = mat(f$Vaccounted),
    e_values = arr(f$e.values),
    values = arr(f$values),
    fit = c(objective = f$objective, STATISTIC = f$STATISTIC, dof = f$dof, PVAL = f$PVAL,
            chi = f$chi, EPVAL = f$EPVAL, null_chisq = f$null.chisq, null_dof = f$null.dof,
            null_model = f$null.model, TLI = f$TLI, BIC = f$BIC, SABIC = f$SABIC,
            rms = f$rms, crms = f$crms, fit = f$fit, fit_off = f$fit.off),
    RMSEA = f$RMSEA)
  out
}
fms <- c("minres", "ml", "pa")
rots <- c("none", "varimax", "oblimin", "promax", "geominQ", "geominT", "quartimin")
for (fm in fms) for (rot in rots) {
  f <- tryCatch(psych::fa(r_pair, nfactors = 5, n.obs = 2800, fm = fm, rotate = rot),
                error = function(e) { message("fa ", fm, " ", rot, ": ", conditionMessage(e)); NULL })
  if (is.null(f)) next
  if (!identical(f$rotation, rot)) stop("psych used rotation ", f$rotation, " instead of ", rot)
  write_case(area, sprintf("bfi_fa_%s_%s", fm, rot), fa_case(f, fm, rot))
}
p <- psych::principal(r_pair, nfactors = 5, rotate = "varimax", n.obs = 2800)
write_case(area, "bfi_principal_varimax", list(
  meta = meta("R <- cor(bfi[1:25], use = \"pairwise\"); psych::principal(R, nfactors = 5, rotate = \"varimax\", n.obs = 2800)",
              bfi_data, c("psych", "GPArotation"), notes = c(
    "Components from the eigen decomposition of R, loadings = eigenvectors * sqrt(eigenvalues), varimax-rotated (stats::varimax with normalize = TRUE, eps = 1e-5 as psych calls it), reordered by SS loadings, signs made positive-sum.")),
  loadings = mat(unclass(p$loadings)), rot_mat = mat(p$rot.mat),
  communality = p$communality, uniquenesses = p$uniquenesses,
  values = arr(p$values), Vaccounted = mat(p$Vaccounted),
  fit = c(objective = p$objective, STATISTIC = p$STATISTIC, dof = p$dof, PVAL = p$PVAL,
          rms = p$rms, fit = p$fit, fit_off = p$fit.off)))

# ---------------------------------------------------------------------------------------------
# 6. Omega (Schmid-Leiman).
o <- psych::omega(items, nfactors = 5, plot = FALSE)
write_case(area, "bfi_omega", list(
  meta = meta("psych::omega(bfi[1:25], nfactors = 5, plot = FALSE)  # defaults fm = \"minres\", rotate = \"oblimin\", flip = TRUE, option = \"equal\"",
              bfi_data, c("psych", "GPArotation"), notes = c(
    "omega computes R = cor(bfi[1:25], use = 'pairwise'), fits fa(R, 5, fm = 'minres', rotate = 'oblimin') and Schmid-Leiman-transforms it (psych::schmid: a one-factor fa of Phi gives the general factor).",
    "flip = TRUE: items with a negative general-factor loading are reversed (key below: -1 = flipped) and R becomes diag(key) R diag(key).",
    "With Vt = sum of all elements of that R: omega_h = (sum g loadings)^2 / Vt; omega_tot = (Vt - sum u2) / Vt; omega_lim = (sum g)^2 / (Vt - sum u2); alpha = (Vt - tr R)/Vt * k/(k - 1); G6 = (Vt + sum smc - tr R)/Vt.")),
  omega_h = o$omega_h, omega_lim = o$omega.lim, alpha = o$alpha, omega_tot = o$omega.tot, G6 = o$G6,
  ECV = o$ECV, key = o$key,
  omega_group = mat(o$omega.group),
  schmid_sl = mat(o$schmid$sl)))

# ---------------------------------------------------------------------------------------------
# 7. Parallel analysis (observed part) and VSS / MAP.
set.seed(20240501)
fp <- psych::fa.parallel(items, n.iter = 20, plot = FALSE)
vs <- psych::VSS(items, n = 8, rotate = "varimax", fm = "minres", plot = FALSE)
write_case(area, "bfi_parallel", list(
  meta = meta(c("set.seed(20240501); psych::fa.parallel(bfi[1:25], n.iter = 20, plot = FALSE)  # fm = \"minres\", fa = \"both\"",
                "psych::VSS(bfi[1:25], n = 8, rotate = \"varimax\", fm = \"minres\", plot = FALSE)"),
              bfi_data, c("psych", "GPArotation"), notes = c(
    "pc_values = eigen(R)$values with R = cor(bfi[1:25], use = 'pairwise'); fa_values = fa(R, nfactors = 1, fm = 'minres', rotate = 'none')$values, i.e. eigenvalues of R with its diagonal replaced by the communalities of the ONE-factor minres fit (psych default nfactors = 1, SMC = FALSE).",
    "The simulated/resampled eigenvalues are random (seeded, but depend on R's RNG); only fa_values, pc_values, nfact and ncomp are deterministic.",
    "map: Velicer's MAP criterion per number of factors 1..8 (average squared partial correlation after removing k principal components); vss1/vss2: Very Simple Structure fit of complexity 1 and 2.")),
  fa_values = arr(fp$fa.values), pc_values = arr(fp$pc.values),
  nfact = fp$nfact, ncomp = fp$ncomp,
  fa_sim_seeded = arr(fp$fa.sim), pc_sim_seeded = arr(fp$pc.sim),
  vss_map = arr(vs$map), vss1 = arr(vs$cfit.1), vss2 = arr(vs$cfit.2),
  vss_stats = mat(vs$vss.stats[, vapply(vs$vss.stats, is.numeric, logical(1))])))

# ---------------------------------------------------------------------------------------------
# 8. Holzinger-Swineford: maximum likelihood, 3 factors.
data(HolzingerSwineford1939, package = "lavaan")
hs <- HolzingerSwineford1939[paste0("x", 1:9)]
fa_none <- factanal(hs, factors = 3, rotation = "none")
fa_vari <- factanal(hs, factors = 3, rotation = "varimax")
ps_none <- psych::fa(hs, nfactors = 3, fm = "ml", rotate = "none")
ps_obl <- psych::fa(hs, nfactors = 3, fm = "ml", rotate = "oblimin")
fa_stats <- function(f) c(STATISTIC = unname(f$STATISTIC), dof = f$dof, PVAL = unname(f$PVAL),
                          objective = unname(f$criteria[["objective"]]))
psych_fit <- function(f) c(objective = f$objective, STATISTIC = f$STATISTIC, dof = f$dof,
                           PVAL = f$PVAL, TLI = f$TLI, BIC = f$BIC, rms = f$rms, crms = f$crms)
write_case(area, "holzinger_fa_ml_3", list(
  meta = meta(c("hs <- lavaan::HolzingerSwineford1939[paste0(\"x\", 1:9)]",
                "factanal(hs, factors = 3, rotation = \"none\")", "factanal(hs, factors = 3, rotation = \"varimax\")",
                "psych::fa(hs, nfactors = 3, fm = \"ml\", rotate = \"none\")", "psych::fa(hs, nfactors = 3, fm = \"ml\", rotate = \"oblimin\")"),
              "lavaan::HolzingerSwineford1939 (Datasets/real/holzinger/holzinger.csv), x1..x9, 301 rows, no NAs",
              c("stats", "psych", "GPArotation", "lavaan"), notes = c(
    "factanal: ML by optim (L-BFGS-B) on uniquenesses; STATISTIC = (n - 1 - (2p + 5)/6 - 2k/3) * objective (Bartlett's correction).",
    "factanal loadings are as returned (signs as computed, no reordering for rotation = 'none').",
    "psych fa ml: psych's own ML fit, factors ordered by SS loadings and signs positive-sum; its chi-square uses the same Bartlett correction.",
    "Optimiser tolerance limits agreement to about 1e-4 .. 1e-6.")),
  n_obs = 301,
  factanal_none = list(loadings = mat(unclass(fa_none$loadings)), uniquenesses = fa_none$uniquenesses,
                       fit = fa_stats(fa_none)),
  factanal_varimax = list(loadings = mat(unclass(fa_vari$loadings)), uniquenesses = fa_vari$uniquenesses,
                          rotmat = mat(fa_vari$rotmat), fit = fa_stats(fa_vari)),
  psych_fa_ml_none = list(loadings = mat(unclass(ps_none$loadings)), communality = ps_none$communality,
                          uniquenesses = ps_none$uniquenesses, Vaccounted = mat(ps_none$Vaccounted),
                          e_values = arr(ps_none$e.values), fit = psych_fit(ps_none), RMSEA = ps_none$RMSEA),
  psych_fa_ml_oblimin = list(loadings = mat(unclass(ps_obl$loadings)), Phi = mat(ps_obl$Phi),
                             communality = ps_obl$communality, uniquenesses = ps_obl$uniquenesses,
                             Vaccounted = mat(ps_obl$Vaccounted), fit = psych_fit(ps_obl), RMSEA = ps_obl$RMSEA)))
cat("done\n")

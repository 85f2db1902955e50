# Reference for WLSMV with sampling weights (lavaan 0.6.14 `sampling.weights` with ordered items).
# Run from the repository root:  Rscript Datasets/reference/scripts/cfa_weighted_ordinal.R   (about 20 s)
# Output: Datasets/reference/cfa/bfi_wlsmv_weighted.json
suppressPackageStartupMessages(library(lavaan))
source(file.path("Datasets", "reference", "scripts", "common.R"))
bfi <- read.csv(file.path("Datasets", "real", "bfi", "bfi.csv"))
# Deterministic weights: w = 1 + ((7 i) mod 5)/4 for row i = 1..2800 (values 1, 1.25, ..., 2).
bfi$w <- 1 + ((7 * seq_len(nrow(bfi))) %% 5) / 4
bfi_items <- c(paste0("A", 1:5), paste0("C", 1:5), paste0("E", 1:5), paste0("N", 1:5), paste0("O", 1:5))
bfi_model <- paste("A =~ A2 + A1 + A3 + A4 + A5", "C =~ C1 + C2 + C3 + C4 + C5", "E =~ E3 + E1 + E2 + E4 + E5",
                   "N =~ N1 + N2 + N3 + N4 + N5", "O =~ O1 + O2 + O3 + O4 + O5", sep = "\n")
args <- list(bfi_model, bfi, ordered = bfi_items, estimator = "WLSMV", missing = "pairwise", sampling.weights = "w")
fit <- do.call("cfa", args)
tight <- suppressWarnings(do.call("cfa", c(args, list(optim.method = "BFGS", control = list(reltol = 1e-16, maxit = 10000), start = fit))))
sel <- function(pe) pe[pe$op %in% c("=~", "~~", "|"), ]
pe <- sel(parameterEstimates(fit, standardized = TRUE)); pt <- sel(parameterEstimates(tight))
stopifnot(identical(pe$lhs, pt$lhs), identical(pe$rhs, pt$rhs))
ss <- lavInspect(fit, "sampstat"); nac <- lavInspect(fit, "gamma")
fm <- c("npar", "fmin", "chisq", "df", "chisq.scaled", "chisq.scaling.factor", "baseline.chisq", "baseline.df",
        "baseline.chisq.scaled", "baseline.chisq.scaling.factor", "cfi", "tli", "cfi.scaled", "tli.scaled", "rmsea",
        "rmsea.ci.lower", "rmsea.ci.upper", "rmsea.scaled", "rmsea.ci.lower.scaled", "rmsea.ci.upper.scaled", "srmr", "ntotal")
f <- fitMeasures(fit)
write_case("cfa", "bfi_wlsmv_weighted", list(
  meta = meta(c("bfi$w <- 1 + ((7 * row) %% 5) / 4",
                "cfa(bfi_model, bfi, ordered = A1..O5, estimator = 'WLSMV', missing = 'pairwise', sampling.weights = 'w')"),
              "psych::bfi (Datasets/real/bfi/bfi.csv), 2,800 rows, A1..O5 ordered", "lavaan", notes = c(
    "Weighted thresholds: qnorm of the weighted cumulative proportions of each item's observed rows.",
    "Weighted polychorics: two-step, thresholds fixed, rho maximising sum_i w_i log P(cell_i).",
    "NACOV (lavaan muthen1984 with wt): INNER = sum w_i^2 s_i s_i', A11 and A22 from sum w_i s_i s_i', A21 = sum w_i s_rho dP/dtau; Gamma = N B^-1 INNER B^-T; invariant to the scale of w.",
    "est_tight: lavaan's solution polished by BFGS (reltol 1e-16); the other columns are lavaan's default output.")),
  parameters = list(lhs = arr(pe$lhs), op = arr(pe$op), rhs = arr(pe$rhs), group = arr(rep(1L, nrow(pe))),
                    est = arr(pe$est), est_tight = arr(pt$est), se = arr(pe$se), z = arr(pe$z), pvalue = arr(pe$pvalue),
                    ci_lower = arr(pe$ci.lower), ci_upper = arr(pe$ci.upper), std_lv = arr(pe$std.lv), std_all = arr(pe$std.all)),
  fit = as.list(unclass(f[fm[fm %in% names(f)]])),
  sample = list(th = arr(ss$th), cor = mat(ss$cov), nacov_diag = arr(diag(nac)))))

# Extra factor-analysis references not in psychometrics.R: factor-score weights (psych
# factor.scores), quartimax rotation, principal() with promax, omega with 3 factors.
# Run from the repository root:  Rscript Datasets/reference/scripts/fa_extra.R
# Output: Datasets/reference/psychometrics/bfi_fa_extra.json
suppressPackageStartupMessages({ library(psych); library(GPArotation) })
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "psychometrics"
data(bfi, package = "psych")
items <- bfi[1:25]
r_pair <- cor(items, use = "pairwise")
bfi_data <- "psych::bfi (Datasets/real/bfi/bfi.csv), columns A1..O5 (2,800 rows, pairwise NAs)"

f <- psych::fa(r_pair, nfactors = 5, n.obs = 2800, fm = "minres", rotate = "oblimin")
w <- lapply(c(regression = "Thurstone", Bartlett = "Bartlett", tenBerge = "tenBerge"), function(m)
  mat(psych::factor.scores(r_pair, f, method = m)$weights))
fq <- psych::fa(r_pair, nfactors = 5, n.obs = 2800, fm = "minres", rotate = "quartimax")
pp <- psych::principal(r_pair, nfactors = 5, rotate = "promax", n.obs = 2800)
o3 <- psych::omega(r_pair, nfactors = 3, plot = FALSE)

# The ML uniquenesses psych's optim (factr = 1e7) stops at differ from the exact optimum by ~1e-5;
# the same objective/gradient (psych's FAfn/FAgr) optimised to convergence (factr = 1, pgtol = 0):
FAfn <- function(Psi, S, nf) { sc <- diag(1/sqrt(Psi)); Sstar <- sc %*% S %*% sc
  e <- eigen(Sstar, symmetric = TRUE, only.values = TRUE)$values[-(1:nf)]; -(sum(log(e) - e) - nf + nrow(S)) }
FAgr <- function(Psi, S, nf) { sc <- diag(1/sqrt(Psi)); Sstar <- sc %*% S %*% sc
  E <- eigen(Sstar, symmetric = TRUE); L <- E$vectors[, 1:nf, drop = FALSE]
  load <- diag(sqrt(Psi)) %*% (L %*% diag(sqrt(pmax(E$values[1:nf] - 1, 0)), nf))
  diag(load %*% t(load) + diag(Psi) - S)/Psi^2 }
tight <- optim(1 - smc(r_pair), FAfn, FAgr, method = "L-BFGS-B", lower = 0.005, upper = 1,
               control = list(parscale = rep(0.01, 25), factr = 1, pgtol = 0, maxit = 10000), nf = 5, S = r_pair)

write_case(area, "bfi_fa_extra", list(
  meta = meta(c("R <- cor(bfi[1:25], use = \"pairwise\")",
                "f <- psych::fa(R, 5, n.obs = 2800, fm = \"minres\", rotate = \"oblimin\"); psych::factor.scores(R, f, method = m)$weights",
                "psych::fa(R, 5, n.obs = 2800, fm = \"minres\", rotate = \"quartimax\")",
                "psych::principal(R, 5, rotate = \"promax\", n.obs = 2800)",
                "psych::omega(R, nfactors = 3, plot = FALSE)"),
              bfi_data, c("psych", "GPArotation"), notes = c(
    "Score weights for a correlation-matrix input (no raw data): W such that scores = scale(x) %*% W.",
    "quartimax = GPArotation::quartimax (GPForth, normalize = FALSE, eps = 1e-5).",
    "principal(rotate = 'promax') uses stats::promax (no Kaiser row weighting), Phi = cov2cor(solve(U) t(solve(U))).",
    "ml_tight: psych's ML objective FAfn and gradient FAgr for 5 factors minimised by optim L-BFGS-B with factr = 1, pgtol = 0 (psych itself stops at factr = 1e7); communalities = 1 - par."
  )),
  ml_tight = list(communalities = setNames(1 - tight$par, colnames(r_pair)), objective = tight$value,
                  convergence = tight$convergence),
  score_weights = w,
  quartimax = list(loadings = mat(unclass(fq$loadings)), rot_mat = mat(fq$rot.mat)),
  principal_promax = list(loadings = mat(unclass(pp$loadings)), Phi = mat(pp$Phi), rot_mat = mat(pp$rot.mat)),
  omega3 = list(omega_h = o3$omega_h, omega_tot = o3$omega.tot, omega_lim = o3$omega.lim,
                alpha = o3$alpha, G6 = o3$G6, ECV = unname(o3$ECV), omega_group = mat(o3$omega.group),
                schmid_sl = mat(o3$schmid$sl))))
cat("done\n")

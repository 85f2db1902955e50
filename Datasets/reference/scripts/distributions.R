# Reference values for Sources/Statistics/Distributions*.swift: R's pnorm/qnorm, pt/qt, pf/qf,
# pchisq/qchisq (central and noncentral) and the bivariate normal cdf (mvtnorm::pmvnorm and
# pbivnorm::pbivnorm) on grids that include both tails.
# Run from the repository root:  Rscript Datasets/reference/scripts/distributions.R
# Output: Datasets/reference/distributions/<case>.json (17 significant digits, see common.R).
suppressPackageStartupMessages({ library(mvtnorm); library(pbivnorm) })
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "distributions"
probs <- c(1e-300, 1e-100, 1e-20, 1e-12, 1e-8, 1e-5, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975,
           0.999, 1 - 1e-8, 1 - 1e-12)

small_tail <- function(q, p, lower, pf) {
  use_lower <- (lower & p <= 0.5) | (!lower & p > 0.5)
  ifelse(use_lower, pf(q, TRUE), pf(q, FALSE))
}

grid_case <- function(params, x, pfun, qfun) {
  # params: data frame of parameter sets; pfun(x, par, lower) / qfun(p, par, lower).
  rows <- list()
  for (i in seq_len(nrow(params))) {
    par <- params[i, , drop = FALSE]
    rows[[i]] <- list(
      params = unlist(par),
      x = arr(x), lower = arr(pfun(x, par, TRUE)), upper = arr(pfun(x, par, FALSE)),
      p = arr(probs), quantile = arr(qfun(probs, par, TRUE)), upper_quantile = arr(qfun(probs, par, FALSE)),
      # R's own round trip on the smaller tail: P(smaller tail at q(p)), whose exact value is
      # min(p, 1 - p); shows where R's quantile is itself inexact.
      quantile_check = arr(small_tail(qfun(probs, par, TRUE), probs, TRUE, function(x, lt) pfun(x, par, lt))),
      upper_quantile_check = arr(small_tail(qfun(probs, par, FALSE), probs, FALSE, function(x, lt) pfun(x, par, lt))))
  }
  rows
}

# Normal -----------------------------------------------------------------------------------------
x_norm <- c(-38, -30, -20, -10, -8, -5, -3, -1.5, -0.5, 0, 0.3, 1, 2.5, 4, 7, 9, 20, 37.5)
write_case(area, "normal", list(
  meta = meta(c("pnorm(x, mean, sd, lower.tail)", "qnorm(p, mean, sd, lower.tail)"), "grid", "stats"),
  cases = grid_case(data.frame(mean = c(0, 1.5), sd = c(1, 2)), x_norm,
                    function(x, par, lt) pnorm(x, par$mean, par$sd, lower.tail = lt),
                    function(p, par, lt) qnorm(p, par$mean, par$sd, lower.tail = lt))))

# Student t --------------------------------------------------------------------------------------
x_t <- c(-1e4, -50, -8, -3, -1, -0.2, 0, 0.5, 2, 4, 10, 100, 1e5)
write_case(area, "t", list(
  meta = meta(c("pt(x, df, lower.tail)", "qt(p, df, lower.tail)"), "grid", "stats"),
  cases = grid_case(data.frame(df = c(0.5, 1, 2, 3, 5, 10, 30, 100, 1000)), x_t,
                    function(x, par, lt) pt(x, par$df, lower.tail = lt),
                    function(p, par, lt) qt(p, par$df, lower.tail = lt))))

# F ----------------------------------------------------------------------------------------------
x_f <- c(1e-6, 1e-3, 0.01, 0.3, 1, 2, 5, 20, 200, 1e4)
write_case(area, "f", list(
  meta = meta(c("pf(x, df1, df2, lower.tail)", "qf(p, df1, df2, lower.tail)"), "grid", "stats"),
  cases = grid_case(data.frame(df1 = c(1, 1, 2, 4, 10, 20, 50, 4, 2799),
                               df2 = c(1, 10, 5, 100, 10, 3, 200, 1000, 11196)), x_f,
                    function(x, par, lt) pf(x, par$df1, par$df2, lower.tail = lt),
                    function(p, par, lt) qf(p, par$df1, par$df2, lower.tail = lt))))

# Chi-squared ------------------------------------------------------------------------------------
x_chi <- c(1e-8, 1e-3, 0.01, 0.5, 1, 3, 10, 30, 100, 500, 1500)
write_case(area, "chisq", list(
  meta = meta(c("pchisq(x, df, lower.tail)", "qchisq(p, df, lower.tail)"), "grid", "stats"),
  cases = grid_case(data.frame(df = c(0.5, 1, 2, 3, 5, 10, 50, 200, 1000)), x_chi,
                    function(x, par, lt) pchisq(x, par$df, lower.tail = lt),
                    function(p, par, lt) qchisq(p, par$df, lower.tail = lt))))

# Noncentral chi-squared (quantiles only at moderate p: R's qchisq(ncp=) is itself approximate) ---
nc_params <- data.frame(df = c(1, 3, 10, 24, 50, 5), ncp = c(0.5, 2, 10, 35.7, 200, 0.01))
nc_cases <- list()
for (i in seq_len(nrow(nc_params))) {
  df <- nc_params$df[i]; ncp <- nc_params$ncp[i]
  m <- df + ncp; s <- sqrt(2 * (df + 2 * ncp))
  x <- signif(pmax(c(m - 3 * s, m - 2 * s, m - s, m - s / 3, m, m + s, m + 3 * s, m + 6 * s), m / 50), 6)
  p <- c(0.005, 0.025, 0.05, 0.5, 0.95, 0.975, 0.995)
  nc_cases[[i]] <- list(params = c(df = df, ncp = ncp),
                        x = arr(x), lower = arr(pchisq(x, df, ncp, lower.tail = TRUE)),
                        upper = arr(pchisq(x, df, ncp, lower.tail = FALSE)),
                        p = arr(p), quantile = arr(qchisq(p, df, ncp, lower.tail = TRUE)),
                        upper_quantile = arr(qchisq(p, df, ncp, lower.tail = FALSE)))
}
write_case(area, "noncentral_chisq", list(
  meta = meta(c("pchisq(x, df, ncp, lower.tail)", "qchisq(p, df, ncp, lower.tail)"), "grid", "stats",
              notes = "R's pnchisq is accurate to about 1e-12 absolute; qchisq(ncp=) to about 1e-11 relative."),
  cases = nc_cases))

# Bivariate normal -------------------------------------------------------------------------------
hk <- c(-6, -3, -1, -0.2, 0, 0.5, 1.5, 3)
rhos <- c(-0.999, -0.95, -0.8, -0.5, -0.1, 0, 0.2, 0.6, 0.9, 0.95, 0.999)
g <- expand.grid(h = hk, k = hk, rho = rhos)
g$pbivnorm <- pbivnorm(g$h, g$k, g$rho)
g$pmvnorm <- vapply(seq_len(nrow(g)), function(i) {
  s <- matrix(c(1, g$rho[i], g$rho[i], 1), 2)
  as.numeric(pmvnorm(upper = c(g$h[i], g$k[i]), corr = s))
}, numeric(1))
write_case(area, "bivariate_normal", list(
  meta = meta(c("pbivnorm::pbivnorm(h, k, rho)", "mvtnorm::pmvnorm(upper = c(h, k), corr = matrix(c(1, rho, rho, 1), 2))"),
              "grid", c("mvtnorm", "pbivnorm"),
              notes = "Both use Genz's BVND (TVPACK); pmvnorm for two dimensions is deterministic."),
  h = arr(g$h), k = arr(g$k), rho = arr(g$rho), pbivnorm = arr(g$pbivnorm), pmvnorm = arr(g$pmvnorm)))

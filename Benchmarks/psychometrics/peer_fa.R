# Peer timing for factor analysis: R psych 2.2.x.
#   Rscript Benchmarks/psychometrics/peer_fa.R [n = 200000]
# Data: 60 five-point Likert items from 6 correlated factors (10 items each, loadings 0.5..0.8,
# factor correlations 0.3), n rows, generated with a fixed seed (not timed).
# Timed (best of 3, elapsed seconds):
#   fa      psych::fa(x, nfactors = 6, fm = "minres", rotate = "oblimin")  (includes cor(x))
#   parallel psych::fa.parallel(x, n.iter = 20, plot = FALSE)            (fm = "minres", fa = "both";
#            psych simulates n x 60 normal data and resamples the data on each iteration)
suppressPackageStartupMessages({ library(psych); library(GPArotation) })
args <- commandArgs(trailingOnly = TRUE)
n <- if (length(args) >= 1) as.integer(args[1]) else 200000L
p <- 60L; k <- 6L
set.seed(20240501)
lambda <- matrix(0, p, k)
for (j in 1:k) lambda[((j - 1) * 10 + 1):(j * 10), j] <- seq(0.5, 0.8, length.out = 10)
phi <- matrix(0.3, k, k); diag(phi) <- 1
f <- matrix(rnorm(n * k), n, k) %*% chol(phi)
latent <- f %*% t(lambda) + matrix(rnorm(n * p), n, p) %*% diag(sqrt(1 - rowSums((lambda %*% phi) * lambda)))
cuts <- c(-Inf, -1.5, -0.5, 0.5, 1.5, Inf)
x <- apply(latent, 2, function(v) as.integer(cut(v, cuts)))
colnames(x) <- sprintf("q%02d", 1:p)
best <- function(expr_fun, times = 3) {
  t <- numeric(times)
  for (i in 1:times) t[i] <- system.time(expr_fun())[["elapsed"]]
  min(t)
}
t_fa <- best(function() psych::fa(x, nfactors = k, fm = "minres", rotate = "oblimin"))
t_par <- best(function() psych::fa.parallel(x, n.iter = 20, plot = FALSE))
cat(sprintf("R %s psych %s GPArotation %s, n = %d, p = %d\n", getRversion(), packageVersion("psych"),
            packageVersion("GPArotation"), n, p))
cat(sprintf("fa_minres_oblimin_seconds %.3f\n", t_fa))
cat(sprintf("fa_parallel_20_seconds %.3f\n", t_par))

# Cross-check of Datasets/reference/ranking/csranks.json against the R package csranks itself,
# draw for draw. csranks is not in Debian 12; install it from its source into a private library
# (e.g. R CMD INSTALL --library=/tmp/csr/lib R-CS-ranks) and run, from the repository root:
#   R_LIBS=/tmp/csr/lib Rscript Datasets/reference/scripts/ranking_csranks_check.R
#
# csranks draws its bootstrap normals with MASS::mvrnorm on the sub-block of the units it needs.
# Here mvrnorm is replaced (in the MASS namespace) by a function that returns the same draws the
# Swift code and ranking_csranks.py use: Z = eps_s %*% t(chol_lower(Sigma)), columns of the needed
# units (recorded from csranks' internal reduce_I), block s = step counter reset at each call of
# csranks' internal csdiffmeans. Nothing is written; the script stops on the first mismatch.
suppressPackageStartupMessages({ library(csranks); library(jsonlite) })
ref <- fromJSON("Datasets/reference/ranking/csranks.json", simplifyVector = FALSE)
state <- new.env()
ns <- asNamespace("csranks")
orig_reduce <- get("reduce_I", ns)
orig_diffmeans <- get("csdiffmeans", ns)
assignInNamespace("reduce_I", function(I) { r <- orig_reduce(I); state$needed <- r$needed_variables; r }, "csranks")
assignInNamespace("csdiffmeans", function(...) { state$step <- 0L; orig_diffmeans(...) }, "csranks")
assignInNamespace("mvrnorm", function(n, mu, Sigma, ...) {
  state$step <- state$step + 1L
  Z <- state$blocks[[state$step]] %*% t(state$L)
  Z[, state$needed, drop = FALSE]
}, "MASS")

checked <- 0
for (case in ref$cases) {
  theta <- unlist(case$estimates)
  Sigma <- do.call(rbind, lapply(case$covariance, unlist))
  state$L <- t(chol(Sigma))
  state$blocks <- lapply(case$draws, function(b) do.call(rbind, lapply(b, unlist)))
  for (key in names(case$variants)) {
    parts <- strsplit(key, "_")[[1]]
    res <- csranks(theta, Sigma, coverage = case$coverage, cstype = parts[2],
                   stepdown = parts[3] == "stepdown", R = case$replicates, simul = parts[1] == "simul")
    want <- case$variants[[key]]
    if (!identical(as.integer(res$L), as.integer(unlist(want$L))) ||
        !identical(as.integer(res$U), as.integer(unlist(want$U))))
      stop(sprintf("%s %s: csranks L=%s U=%s, reference L=%s U=%s", case$name, key,
                   paste(res$L, collapse = ","), paste(res$U, collapse = ","),
                   paste(unlist(want$L), collapse = ","), paste(unlist(want$U), collapse = ",")))
    checked <- checked + 1
  }
}
cat(sprintf("csranks %s agrees with csranks.json on all %d variants\n", packageVersion("csranks"), checked))

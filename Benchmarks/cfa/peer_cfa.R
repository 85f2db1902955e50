# Peer for Benchmarks/run_cfa.sh: lavaan 0.6 on the same file as tmbench cfa / trustmetrics cfa.
#   Rscript Benchmarks/cfa/peer_cfa.R ml|fiml|invariance FILE [REPS]
# Reads the CSV (data.table::fread) before timing; times only the lavaan calls (median of REPS, default 1);
# prints RESULT lines like tmbench.
suppressPackageStartupMessages({ library(lavaan); library(data.table) })
args <- commandArgs(trailingOnly = TRUE)
op <- args[1]; file <- args[2]; reps <- if (length(args) >= 3) as.integer(args[3]) else 1L
d <- as.data.frame(fread(file))
model <- paste(sapply(1:4, function(f) paste0("F", f, " =~ ", paste(sprintf("q%02d", (15 * (f - 1) + 1):(15 * f)), collapse = " + "))),
               collapse = "\n")
one <- function() {
  if (op == "ml") return(fitMeasures(cfa(model, d), "chisq"))
  if (op == "fiml") return(fitMeasures(cfa(model, d, missing = "ml"), "chisq"))
  if (op == "invariance") {
    eqs <- list("", "loadings", c("loadings", "intercepts"), c("loadings", "intercepts", "residuals"))
    fits <- lapply(eqs, function(eq) cfa(model, d, group = "grp", group.equal = eq))
    invisible(do.call(lavTestLRT, unname(fits)))
    return(fitMeasures(fits[[4]], "chisq"))
  }
  stop("unknown op ", op)
}
times <- numeric(0); cpus <- numeric(0); val <- NA
for (r in seq_len(reps)) {
  t0 <- proc.time()
  val <- one()
  dt <- proc.time() - t0
  times <- c(times, dt[["elapsed"]]); cpus <- c(cpus, dt[["user.self"]] + dt[["sys.self"]])
  cat(sprintf("run %d: %.3f s\n", r, dt[["elapsed"]]))
}
cat(sprintf("RESULT peer=lavaan op=%s rows=%d seconds=%.4f min_seconds=%.4f cpu_seconds=%.4f chisq=%.6f r_max_used_mb=%.0f\n",
            op, nrow(d), median(times), min(times), median(cpus), val, sum(gc()[, 6])))

# Peer for Benchmarks/run_csv.sh: data.table::fread, best of N, peak RSS from /proc/self/status.
# usage: Rscript fread_csv.R FILE [THREADS] [LABEL]   (LABEL "all" names the reader fread-all)
suppressMessages(library(data.table))
args <- commandArgs(TRUE)
file <- args[1]
threads <- if (length(args) >= 2) as.integer(args[2]) else getDTthreads()
label <- if (length(args) >= 3 && args[3] == "all") "fread-all" else "fread"
n <- 3L
setDTthreads(threads)
hwm <- function() {
  s <- readLines("/proc/self/status")
  as.integer(gsub("[^0-9]", "", s[startsWith(s, "VmHWM:")]))
}
baseline <- hwm()
best <- Inf
bestcpu <- Inf
cpu <- function() { p <- proc.time(); p[["user.self"]] + p[["sys.self"]] }
for (i in seq_len(n)) {
  dt <- NULL
  gc()
  t0 <- proc.time()[["elapsed"]]
  c0 <- cpu()
  dt <- fread(file, showProgress = FALSE)
  t <- proc.time()[["elapsed"]] - t0
  ct <- cpu() - c0
  best <- min(best, t)
  bestcpu <- min(bestcpu, ct)
  cat(sprintf("run %d: %.3f s (CPU %.3f s)\n", i, t, ct))
}
num <- vapply(dt, is.numeric, logical(1))
chk <- sum(vapply(dt[, num, with = FALSE], function(x) sum(as.numeric(x), na.rm = TRUE), numeric(1)))
miss <- sum(vapply(dt[, num, with = FALSE], function(x) sum(is.na(x)), numeric(1)))
size <- file.info(file)$size
cat(sprintf(
  "RESULT reader=%s(threads=%d) seconds=%.4f cpu_seconds=%.4f mbps=%.1f peak_rss_kib=%d baseline_rss_kib=%d rows=%d columns=%d numeric_columns=%d missing=%d checksum=%.1f version=data.table-%s\n",
  label, getDTthreads(), best, bestcpu, size / 1e6 / best, hwm(), baseline, nrow(dt), ncol(dt), sum(num), miss, chk,
  as.character(packageVersion("data.table"))))

# Simulated eigenvalues of psych::fa.parallel on bfi (a random sample of the reference
# distribution, used with a Monte Carlo tolerance). psych runs its iterations through
# parallel::mclapply; with mc.cores = 1 they run in sequence, so set.seed makes them reproducible.
# Run from the repository root:  Rscript Datasets/reference/scripts/parallel_sim.R
# Output: Datasets/reference/psychometrics/bfi_parallel_sim.json
suppressPackageStartupMessages({ library(psych) })
source(file.path("Datasets", "reference", "scripts", "common.R"))
options(mc.cores = 1)
data(bfi, package = "psych")
set.seed(20240501)
fp <- psych::fa.parallel(bfi[1:25], n.iter = 20, plot = FALSE)
write_case("psychometrics", "bfi_parallel_sim", list(
  meta = meta("options(mc.cores = 1); set.seed(20240501); psych::fa.parallel(bfi[1:25], n.iter = 20, plot = FALSE)",
              "psych::bfi, columns A1..O5 (2,800 rows, pairwise NAs)", c("psych"), notes = c(
    "pc_sim_seeded / fa_sim_seeded: mean eigenvalues of the 20 simulated normal data sets (fp$pc.sim, fp$fa.sim): a random sample, compared within Monte Carlo error.")),
  pc_sim_seeded = arr(fp$pc.sim), fa_sim_seeded = arr(fp$fa.sim)))

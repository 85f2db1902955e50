# Peer for Benchmarks/run_cfa_invariance_e2e.sh: the invariance sequence a lavaan/semTools user runs on
# the same files as `trustmetrics cfa ... --group G --invariance` (reading, fitting, testing, printing).
#   Rscript Benchmarks/cfa/peer_invariance_e2e.R hs|demo
# hs:   HolzingerSwineford1939 (Datasets/real/holzinger/holzinger.csv), 3 factors, ML across school:
#       configural, metric, scalar, strict; semTools::compareFit (Δχ², ΔCFI, ΔRMSEA, ΔSRMR) and
#       lavTestScore on the scalar model (the suggestions trustmetrics prints when scalar is rejected).
# demo: the synthetic demo study's three wave files, digital_infrastructure (5 items, codes 8/9 missing),
#       WLSMV with ordered items across wave: configural, metric, scalar (thresholds); lavTestLRT,
#       fitMeasures per step.
suppressPackageStartupMessages({ library(lavaan); library(semTools) })
op <- commandArgs(trailingOnly = TRUE)[1]
if (op == "hs") {
  d <- read.csv(file.path("Datasets", "real", "holzinger", "holzinger.csv"))
  model <- "visual =~ x1 + x2 + x3\ntextual =~ x4 + x5 + x6\nspeed =~ x7 + x8 + x9"
  eqs <- list(configural = "", metric = "loadings", scalar = c("loadings", "intercepts"),
              strict = c("loadings", "intercepts", "residuals"))
  fits <- lapply(eqs, function(eq) cfa(model, d, group = "school", group.equal = eq))
  print(summary(compareFit(fits$configural, fits$metric, fits$scalar, fits$strict)))
  print(lavTestScore(fits$scalar)$uni)
  print(parameterEstimates(fits$scalar)[parameterEstimates(fits$scalar)$op == "~1" & parameterEstimates(fits$scalar)$lhs %in% c("visual", "textual", "speed"), ])
} else if (op == "demo") {
  files <- file.path("Datasets", "hvb-demo", "data", paste0("hvb_", c(2019, 2021, 2023), ".csv"))
  d <- do.call(rbind, lapply(files, read.csv, colClasses = c(land = "character", kreis = "character")))
  items <- c("dr_ozg", "dr_eakte", "dr_netz", "dr_itsich", "dr_bundid")
  for (v in items) d[[v]][!(d[[v]] %in% 1:5)] <- NA
  model <- "digital_infrastructure =~ dr_ozg + dr_eakte + dr_netz + dr_itsich + dr_bundid"
  eqs <- list(configural = "", metric = "loadings", scalar = c("loadings", "thresholds"))
  fits <- lapply(eqs, function(eq) cfa(model, d, ordered = items, estimator = "WLSMV", missing = "pairwise",
                                       group = "wave", group.equal = eq))
  print(lavTestLRT(fits$configural, fits$metric, fits$scalar))
  for (f in fits) print(fitMeasures(f, c("chisq.scaled", "df", "cfi.scaled", "rmsea.scaled", "srmr")))
  print(lavTestScore(fits$scalar)$uni)
} else stop("unknown op ", op)

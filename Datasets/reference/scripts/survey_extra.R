# Extra reference values for the survey-design module (beyond scripts/survey.R): lonely-PSU
# policies, shares of a factor, two-stage svyby, JKn, trimWeights, raking/bounded calibration and
# the Kalton & Flores-Cervantes (2003) raking example.
# Run from the repository root:  Rscript Datasets/reference/scripts/survey_extra.R
# Output: Datasets/reference/survey/*_extra.json
suppressPackageStartupMessages(library(survey))
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "survey"
data(api, package = "survey")
stopifnot(identical(getOption("survey.replicates.mse"), FALSE))

est <- function(x) {
  out <- list(coef = coef(x), se = setNames(as.numeric(SE(x)), names(coef(x))))
  d <- attr(x, "deff")
  if (!is.null(d)) out$deff <- if (is.matrix(d)) diag(d) else d
  out
}

dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)

# 1. Lonely PSU: apistrat with the first high school moved into its own stratum "X", no fpc.
lonely <- apistrat
lonely$str <- as.character(lonely$stype)
lonely$str[which(lonely$stype == "H")[1]] <- "X"
lonely_policy <- list()
for (pol in c("remove", "adjust", "average", "certainty")) {
  options(survey.lonely.psu = pol)
  dl <- svydesign(id = ~1, strata = ~str, weights = ~pw, data = lonely)
  lonely_policy[[pol]] <- est(svymean(~api00 + enroll, dl))
}
options(survey.lonely.psu = "fail")
fail_msg <- tryCatch({
  dl <- svydesign(id = ~1, strata = ~str, weights = ~pw, data = lonely); svymean(~api00, dl); "no error"
}, error = function(e) conditionMessage(e))

write_case(area, "api_lonely_extra", list(
  meta = meta(c("lonely <- apistrat; lonely$str <- as.character(lonely$stype); lonely$str[which(lonely$stype == 'H')[1]] <- 'X'",
                "options(survey.lonely.psu = policy); svymean(~api00 + enroll, svydesign(id = ~1, strata = ~str, weights = ~pw, data = lonely))"),
              "survey::apistrat with one school in its own stratum 'X' (row index below, 1-based)", c("survey"),
              notes = c("remove and certainty: the lonely stratum adds 0; adjust: its PSU total is centred at the grand mean (0 for the score); average: left out and the variance scaled by 4/3 (strata / strata with >1 PSU).")),
  lonely_row = which(apistrat$stype == "H")[1],
  policies = lonely_policy,
  fail_message = fail_msg))

# 2. Shares, two-stage domains, JKn, trimming.
rstrat <- as.svrepdesign(dstrat, type = "JKn")
trimmed <- trimWeights(dstrat, lower = 16, upper = 40)
trimmed_strict <- trimWeights(dclus2, upper = 45, strict = TRUE)
write_case(area, "api_misc_extra", list(
  meta = meta(c("svymean(~stype, dclus1, deff = TRUE)", "svytotal(~stype, dstrat)",
                "svyby(~api00 + api99, ~stype, dclus2, svymean)",
                "svyby(~enroll, ~stype, dclus2, svymean, na.rm = TRUE)",
                "rstrat <- as.svrepdesign(dstrat, type = 'JKn'); svymean(~api00 + api99, rstrat); svytotal(~enroll, rstrat)",
                "trimWeights(dstrat, lower = 16, upper = 40); trimWeights(dclus2, upper = 45, strict = TRUE)",
                "svycralpha(~ell + mobility + avg.ed + emer + meals, dclus2, na.rm = TRUE)"),
              "survey::apistrat, apiclus1, apiclus2", c("survey"),
              notes = c("JKn: rscales (1 - n_h/N_h)(n_h - 1)/n_h per replicate, scale 1; mse = FALSE.",
                        "trimWeights: weights clipped to [lower, upper], the trimmed amount spread equally over the untrimmed weights; strict = TRUE repeats.")),
  svymean_stype_clus1 = est(svymean(~stype, dclus1, deff = TRUE)),
  svytotal_stype_strat = est(svytotal(~stype, dstrat)),
  svyby_stype_clus2 = {
    b <- svyby(~api00 + api99, ~stype, dclus2, svymean)
    list(groups = arr(as.character(b$stype)), coef = mat(coef(b)), se = mat(SE(b)))
  },
  svyby_enroll_stype_clus2 = {
    b <- svyby(~enroll, ~stype, dclus2, svymean, na.rm = TRUE)
    list(groups = arr(as.character(b$stype)), coef = arr(unname(coef(b))), se = arr(unname(SE(b))))
  },
  jkn = list(scale = rstrat$scale, rscales = arr(rstrat$rscales),
             svymean_api00_api99 = est(svymean(~api00 + api99, rstrat)),
             svytotal_enroll = est(svytotal(~enroll, rstrat))),
  trim = list(weights_summary = c(min = min(weights(trimmed)), max = max(weights(trimmed)), sum = sum(weights(trimmed))),
              weights_by_stype = tapply(weights(trimmed), apistrat$stype, unique),
              svymean_api00 = est(svymean(~api00, trimmed))),
  trim_strict = list(weights_first10 = arr(weights(trimmed_strict)[1:10]),
                     max = max(weights(trimmed_strict)), sum = sum(weights(trimmed_strict))),
  svycralpha_clus2 = unname(svycralpha(~ell + mobility + avg.ed + emer + meals, dclus2, na.rm = TRUE))))

# 3. Calibration with raking and bounded linear distance; raking vs calibrate(raking).
pop_totals <- c(`(Intercept)` = nrow(apipop), stypeH = sum(apipop$stype == "H"),
                stypeM = sum(apipop$stype == "M"), sch.wideYes = sum(apipop$sch.wide == "Yes"))
cal_rake <- calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = "raking")
cal_bounded <- calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = "linear", bounds = c(0.85, 1.6))
block <- function(d) list(weights_first10 = arr(weights(d)[1:10]), weights_range = range(weights(d)),
                          svymean_api00 = est(svymean(~api00, d)), svytotal_enroll = est(svytotal(~enroll, d)))
pop_types <- as.data.frame(table(stype = apipop$stype))
dps <- postStratify(dclus1, ~stype, pop_types)
write_case(area, "api_calibrate_extra", list(
  meta = meta(c("calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = 'raking')",
                "calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = 'linear', bounds = c(0.85, 1.6))",
                "calibrate(..., bounds = c(0.9, 1.1))  # does not converge: the message is recorded",
                "postStratify(dclus1, ~stype, as.data.frame(table(stype = apipop$stype)))"),
              "survey::apiclus1 with apipop totals", c("survey"),
              notes = c("grake: Newton steps with MASS::ginv, stop when max |misfit|/(1 + |T|) < epsilon = 1e-7, maxit = 50; agreement to about 1e-7 relative on the weights.")),
  population_totals = pop_totals,
  poststratify_stype = block(dps),
  calibrate_raking = block(cal_rake),
  calibrate_linear_bounded = block(cal_bounded),
  calibrate_failure = tryCatch({calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = "linear", bounds = c(0.9, 1.1)); "converged"},
                               error = function(e) conditionMessage(e), warning = function(w) conditionMessage(w))))

# 4. Kalton & Flores-Cervantes (2003), J. Official Statistics 19(2) 81-97: the artificial 4x3
#    example, as in survey's tests/kalton.R.
ab <- expand.grid(a = factor(1:4), b = factor(1:3))
kaltonsample <- ab[rep(1:12, c(20, 50, 100, 30, 40, 140, 50, 100, 40, 310, 50, 70)), ]
kaltonpop <- ab[rep(1:12, c(80, 60, 170, 55, 40, 150, 60, 165, 55, 340, 200, 125)), ]
marginalpop <- colSums(model.matrix(~a + b, kaltonpop))
dkalton <- svydesign(id = ~1, data = kaltonsample)
drake <- rake(dkalton, list(~a, ~b), list(xtabs(~a, kaltonpop), xtabs(~b, kaltonpop)), control = list(epsilon = 0.0001))
dlinear <- calibrate(dkalton, ~a + b, marginalpop)
dtrunc <- calibrate(dkalton, ~a + b, marginalpop, bounds = c(0.5, 2.2))
ratio_tab <- function(d) mat(unclass(svytable(~a + b, d) / xtabs(~a + b, kaltonsample)))
write_case(area, "kalton_extra", list(
  meta = meta(c("see survey tests/kalton.R; sample counts by (a, b) cell (a fastest): 20 50 100 30 40 140 50 100 40 310 50 70; population: 80 60 170 55 40 150 60 165 55 340 200 125",
                "rake(dkalton, list(~a, ~b), list(xtabs(~a, kaltonpop), xtabs(~b, kaltonpop)), control = list(epsilon = 0.0001))",
                "calibrate(dkalton, ~a + b, marginalpop); calibrate(dkalton, ~a + b, marginalpop, bounds = c(0.5, 2.2))"),
              "Kalton & Flores-Cervantes (2003) artificial example; equal initial weights 1", c("survey"),
              notes = c("Tables give the weight multipliers per cell (rows a = 1..4, columns b = 1..3): table B raking, table C linear calibration, table G truncated linear (bounds 0.5, 2.2). epsilon = 1e-4 < 1 is relative to the sum of weights (1000).")),
  table_B_raking = ratio_tab(drake),
  table_C_linear = ratio_tab(dlinear),
  table_G_truncated_linear = ratio_tab(dtrunc),
  raking_svymean_a = est(svymean(~a, drake))))
cat("done\n")

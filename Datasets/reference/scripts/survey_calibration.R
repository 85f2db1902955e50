# Reference values for calibration-aware variance (issue 10 §1): Taylor SEs after rake(),
# postStratify() and calibrate() (linear, bounded) for svymean, svytotal, svyratio, svyby and
# svyquantile; calibration repeated on every replicate of JK1, JKn and bootstrap designs (the
# replicate weights are exported so that the Swift tests rake the very same weights); and the
# demo study raked to its Land x size-class margin.
# Run from the repository root:  Rscript Datasets/reference/scripts/survey_calibration.R
suppressPackageStartupMessages(library(survey))
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "survey"
data(api, package = "survey")
options(survey.lonely.psu = "fail")

est <- function(x) list(coef = coef(x), se = setNames(as.numeric(SE(x)), names(coef(x))))
ratio <- function(r) list(ratio = unname(drop(coef(r))), se = unname(drop(SE(r))))
by_tab <- function(b) {
  df <- as.data.frame(b)
  list(groups = arr(as.character(df[[1]])), coef = arr(unname(coef(b))), se = arr(unname(SE(b))))
}
quant <- function(q) lapply(q, function(m) mat(m))

pop_types <- as.data.frame(table(stype = apipop$stype))
pop_schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))
pop_totals <- c(`(Intercept)` = nrow(apipop), stypeH = sum(apipop$stype == "H"),
                stypeM = sum(apipop$stype == "M"), sch.wideYes = sum(apipop$sch.wide == "Yes"))
tight <- list(maxit = 100, epsilon = 1e-10)

# 1. Taylor estimators after calibration, on the one-stage cluster design.
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
stats <- function(d) list(
  weights_first10 = arr(weights(d)[1:10]),
  svymean_api00_api99 = est(svymean(~api00 + api99, d)),
  svytotal_enroll = est(svytotal(~enroll, d)),
  svyratio_api00_api99 = ratio(svyratio(~api00, ~api99, d)),
  svyby_comp_imp_svymean_api00 = by_tab(svyby(~api00, ~comp.imp, d, svymean)),
  svyquantile_api00 = quant(svyquantile(~api00, d, quantiles = c(0.25, 0.5, 0.75), ci = TRUE)),
  degf = degf(d))
write_case(area, "api_calibrated_estimators", list(
  meta = meta(c("dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)",
                "rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_schwide), control = list(maxit = 100, epsilon = 1e-10))",
                "postStratify(dclus1, ~stype, pop_types)",
                "calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = 'linear')",
                "calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = 'linear', bounds = c(0.85, 1.6))",
                "on each: svymean(~api00 + api99), svytotal(~enroll), svyratio(~api00, ~api99), svyby(~api00, ~comp.imp, d, svymean), svyquantile(~api00, c(.25, .5, .75), ci = TRUE)"),
              "survey::apiclus1 with apipop margins (stype, sch.wide)", c("survey"),
              notes = c("Taylor variances after calibration use the residuals of the calibration: postStratify removes the weighted cell means of x/w* (scaled by the post-stratified weights); rake stores the post-strata of its last sweep and svyrecvar repeats 10 rounds of removing every margin's cell means; calibrate regresses x/g on the calibration model (qr.resid on mm*sqrt(w)) and multiplies back by g.",
                        "svyquantile uses qrule 'math' and the Woodruff interval from svymean of the indicator on the calibrated design (so the interval uses the calibration residuals too); se = (upper - lower)/(2 qt(0.975, degf)).",
                        "Bounded linear calibration (grake) converges to max |misfit|/(1 + |T|) < 1e-7: agreement about 1e-7 relative on its weights.")),
  population_totals = pop_totals,
  rake = stats(rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_schwide), control = tight)),
  poststratify = stats(postStratify(dclus1, ~stype, pop_types)),
  calibrate_linear = stats(calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = "linear")),
  calibrate_bounded = stats(calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = "linear", bounds = c(0.85, 1.6)))))

# 2. Calibration repeated on every replicate: JK1 and bootstrap on apiclus1, JKn on apistrat.
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
set.seed(20231)
reps <- list(
  jk1 = list(design = as.svrepdesign(dclus1, type = "JK1"), data = "apiclus1"),
  jkn = list(design = as.svrepdesign(dstrat, type = "JKn"), data = "apistrat"),
  bootstrap = list(design = as.svrepdesign(dclus1, type = "subbootstrap", replicates = 50), data = "apiclus1"))
pop_comp <- as.data.frame(table(comp.imp = apipop$comp.imp))
rep_block <- function(r) {
  d <- r$design
  w <- weights(d, "analysis")
  raked <- rake(d, list(~stype, ~sch.wide), list(pop_types, pop_schwide), control = tight)
  lin <- calibrate(d, ~stype + sch.wide, population = pop_totals, calfun = "linear")
  s <- function(x) list(svymean_api00 = est(svymean(~api00, x)), svytotal_enroll = est(svytotal(~enroll, x, na.rm = TRUE)),
                        svyratio_api00_api99 = ratio(svyratio(~api00, ~api99, x)))
  list(data = r$data, n = nrow(w), replicates = ncol(w), scale = d$scale, rscales = arr(d$rscales), mse = d$mse,
       weights = arr(weights(d, "sampling")),
       replicate_weights = mat(w),
       unadjusted = s(d), rake = s(raked), calibrate_linear = s(lin),
       raked_replicate_weights_first3 = mat(weights(raked, "analysis")[, 1:3]))
}
write_case(area, "api_replicate_calibration", c(list(
  meta = meta(c("as.svrepdesign(dclus1, type = 'JK1'); as.svrepdesign(dstrat, type = 'JKn'); set.seed(20231); as.svrepdesign(dclus1, type = 'subbootstrap', replicates = 50)",
                "rake(repdesign, list(~stype, ~sch.wide), list(pop_types, pop_schwide), control = list(maxit = 100, epsilon = 1e-10))",
                "calibrate(repdesign, ~stype + sch.wide, population = pop_totals, calfun = 'linear')",
                "svymean(~api00), svytotal(~enroll, na.rm = TRUE), svyratio(~api00, ~api99) on each"),
              "survey::apiclus1 / apistrat with apipop margins", c("survey"),
              notes = c("replicate_weights: weights(design, 'analysis') before calibration (n x R, the final replicate weights), so the Swift tests calibrate the very same replicate weights (R's bootstrap draws come from R's RNG).",
                        "rake() on a svyrep.design post-stratifies every replicate column with its own replicate totals (postStratify.svyrep.design) in every sweep; the sweeps stop when the full-sample table has converged (delta < 1e-10 * sum of weights), so replicates are raked the same number of sweeps.",
                        "calibrate(linear) on a svyrep.design: every replicate column gets its own GREG g-weights from its own totals.",
                        "Variance: scale * sum(rscales * (theta_r - mean theta_r)^2) (mse = FALSE).")),
  population_totals = pop_totals),
  lapply(reps, rep_block)))

# 3. The demo study, wave 2023, raked to its Land x size-class margin (one joint margin: the
#    same as post-stratification), stratified design with lonely PSUs adjusted.
options(survey.lonely.psu = "adjust")
demo <- read.csv(file.path("Datasets", "hvb-demo", "data", "hvb_2023.csv"), colClasses = c(land = "character", kreis = "character",
                 stratum = "character", size_class = "character"))
for (v in c("tr_land", "tr_bund", "dr_ozg")) demo[[v]][!(demo[[v]] %in% 1:5)] <- NA  # codes 8, 9 missing; out-of-range codes invalid (the codebook: valid [1, 5])
margin <- read.csv(file.path("Datasets", "hvb-demo", "margins", "land_sizeclass.csv"), colClasses = c(land = "character", size_class = "character"))
margin$cell <- paste(margin$land, margin$size_class, sep = "|")
demo$cell <- paste(demo$land, demo$size_class, sep = "|")
present <- margin[margin$cell %in% demo$cell, ]
pop_cell <- data.frame(cell = present$cell, Freq = present$population)
ddemo <- svydesign(id = ~1, strata = ~stratum, weights = ~weight, data = demo)
draked <- rake(ddemo, list(~cell), list(pop_cell), control = tight)
demo_stats <- function(d) list(
  svymean = lapply(c("tr_land", "tr_bund", "dr_ozg"), function(v) est(svymean(as.formula(paste0("~", v)), d, na.rm = TRUE))),
  svytotal_tr_land = est(svytotal(~tr_land, d, na.rm = TRUE)),
  svyratio_tr_land_tr_bund = ratio(svyratio(~tr_land, ~tr_bund, d, na.rm = TRUE)),
  svyby_land_tr_land = by_tab(svyby(~tr_land, ~land, d, svymean, na.rm = TRUE)),
  svyquantile_dr_ozg = quant(svyquantile(~dr_ozg, d, quantiles = c(0.25, 0.5, 0.75), ci = TRUE, na.rm = TRUE)))
write_case(area, "demo_rake_2023", list(
  meta = meta(c("svydesign(id = ~1, strata = ~stratum, weights = ~weight, data = hvb_2023)  # options(survey.lonely.psu = 'adjust')",
                "rake(d, list(~cell), list(pop_cell), control = list(maxit = 100, epsilon = 1e-10))  # cell = land|size_class from margins/land_sizeclass.csv, cells without respondents left out",
                "svymean(~v, na.rm = TRUE) for tr_land, tr_bund, dr_ozg; svytotal(~tr_land, na.rm = TRUE); svyratio(~tr_land, ~tr_bund, na.rm = TRUE); svyby(~tr_land, ~land, svymean, na.rm = TRUE); svyquantile(~dr_ozg, c(.25, .5, .75), ci = TRUE, na.rm = TRUE)"),
              "Datasets/hvb-demo (synthetic), wave 2023; codes outside the valid range 1-5 (8, 9 and one planted 6) are missing", c("survey"),
              notes = c("Population cells of the margin without respondents in 2023 are left out (as trustmetrics does; R's rake would fail on an empty sample cell).")),
  unadjusted = demo_stats(ddemo),
  raked = demo_stats(draked)))

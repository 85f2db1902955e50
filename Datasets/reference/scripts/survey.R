# Reference values for the survey-design module, computed with R survey on the api data
# (California Academic Performance Index; Datasets/real/api/*.csv).
# Run from the repository root:  Rscript Datasets/reference/scripts/survey.R
# Output: Datasets/reference/survey/<case>.json (see Datasets/reference/README.md).
suppressPackageStartupMessages(library(survey))
source(file.path("Datasets", "reference", "scripts", "common.R"))
area <- "survey"
data(api, package = "survey")
options(survey.lonely.psu = "fail")   # the default, stated for the record

est <- function(x) {
  out <- list(coef = coef(x), se = setNames(as.numeric(SE(x)), names(coef(x))))
  d <- attr(x, "deff")
  if (!is.null(d)) out$deff <- if (is.matrix(d)) diag(d) else d
  out
}
quant <- function(q) lapply(q, function(m) mat(m))
ratio <- function(r) list(ratio = unname(drop(coef(r))), se = unname(drop(SE(r))), var = unname(drop(r$var)))
by_tab <- function(b) {
  df <- as.data.frame(b)
  list(groups = arr(as.character(df[[1]])), coef = arr(unname(coef(b))), se = arr(unname(SE(b))))
}
std_notes <- c(
  "svycralpha: (K/(K-1)) * (1 - sum of svyvar item variances / svyvar of the item sum), design-weighted.",
  "Variances are Taylor-linearisation (with-replacement formula within strata at the first stage, times the finite population correction (1 - n_h/N_h) when fpc is given).",
  "deff = TRUE: design effect against simple random sampling WITHOUT replacement of the same size (srs variance with (1 - n/N), N = sum of weights); deff = 'replace': against SRS with replacement.",
  "svyquantile (survey 4.1): qrule = 'math' (inverse of the weighted empirical CDF: smallest x with F(x) >= p), interval.type = 'mean' (Woodruff: interval for the CDF at the estimate from the Taylor SE of the mean of I(x <= q), mapped back through the quantile rule), alpha = 0.05, critical value qt(0.975, df = degf(design)) (degf recorded below), se = (upper - lower) / (2 * qt(0.975, degf)).")

stats_for <- function(design) {
  list(
    svymean_api00_api99 = est(svymean(~api00 + api99, design, deff = TRUE)),
    svymean_api00_api99_deff_replace = est(svymean(~api00 + api99, design, deff = "replace")),
    svytotal_enroll = est(svytotal(~enroll, design, deff = TRUE)),
    svyratio_api00_api99 = ratio(svyratio(~api00, ~api99, design)),
    svyquantile_api00 = quant(svyquantile(~api00, design, quantiles = c(0.25, 0.5, 0.75), ci = TRUE)),
    svyby_awards_svymean_api00 = by_tab(svyby(~api00, ~awards, design, svymean)),
    svycralpha_example = unname(svycralpha(~ell + mobility + avg.ed + emer + meals, design, na.rm = TRUE)))
}
stat_calls <- c(
  "svymean(~api00 + api99, design, deff = TRUE)", "svymean(~api00 + api99, design, deff = \"replace\")",
  "svytotal(~enroll, design, deff = TRUE)", "svyratio(~api00, ~api99, design)",
  "svyquantile(~api00, design, quantiles = c(0.25, 0.5, 0.75), ci = TRUE)",
  "svyby(~api00, ~awards, design, svymean)",
  "svycralpha(~ell + mobility + avg.ed + emer + meals, design, na.rm = TRUE)  # the survey help example (+ na.rm: apiclus1 has NAs in these columns)")

# 1. Stratified sample.
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
write_case(area, "api_strat", c(list(
  meta = meta(c("dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)", stat_calls),
              "survey::apistrat (Datasets/real/api/apistrat.csv), 200 schools, strata stype E/M/H", c("survey"),
              notes = std_notes),
  design = "svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)", n = nrow(apistrat),
  degf = degf(dstrat)),
  stats_for(dstrat)))

# 2. One-stage cluster sample.
dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
write_case(area, "api_clus1", c(list(
  meta = meta(c("dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)", stat_calls),
              "survey::apiclus1 (Datasets/real/api/apiclus1.csv), 183 schools in 15 districts (PSU dnum)", c("survey"),
              notes = c(std_notes, "The apiclus1 weights are 'incorrect' per the survey help (should be 757/15) but are used as shipped.")),
  design = "svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)", n = nrow(apiclus1),
  degf = degf(dclus1)),
  stats_for(dclus1)))

# 3. Two-stage cluster sample.
dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)
write_case(area, "api_clus2", list(
  meta = meta(c("dclus2 <- svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)",
                "svymean(~api00, dclus2, deff = TRUE)", "svytotal(~enroll, dclus2, na.rm = TRUE, deff = TRUE)"),
              "survey::apiclus2 (Datasets/real/api/apiclus2.csv), 126 schools in 40 districts", c("survey"),
              notes = c("Weights are computed from the fpc columns: 1 / (n1/N1 * n2/N2) per school; variance is the multistage (Sarndal et al.) sum of stage-wise terms, each with its fpc.",
                        "enroll has missing values in apiclus2: na.rm = TRUE drops them from the design (domain-style).")),
  design = "svydesign(id = ~dnum + snum, fpc = ~fpc1 + fpc2, data = apiclus2)", n = nrow(apiclus2),
  weights_first10 = arr(weights(dclus2)[1:10]),
  svymean_api00 = est(svymean(~api00, dclus2, deff = TRUE)),
  svytotal_enroll = est(svytotal(~enroll, dclus2, na.rm = TRUE, deff = TRUE))))

# 4. JK1 replicate version of the one-stage cluster design.
rclus1 <- as.svrepdesign(dclus1, type = "JK1")
write_case(area, "api_clus1_jk1", list(
  meta = meta(c("dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)",
                "rclus1 <- as.svrepdesign(dclus1, type = \"JK1\")",
                "svymean(~api00 + api99, rclus1, deff = TRUE)", "svytotal(~enroll, rclus1)",
                "svyratio(~api00, ~api99, rclus1)"),
              "survey::apiclus1 (Datasets/real/api/apiclus1.csv)", c("survey"),
              notes = c("JK1: one replicate per PSU (15), dropping that district and multiplying the others' weights by n/(n - 1).",
                        "variance = scale * sum(rscales * (theta_r - center)^2) with scale = (n - 1)/n * (1 - n/N) = 14/15 * (1 - 15/757) (the design's fpc enters the scale), rscales = 1, center = the mean of the replicate estimates because mse = FALSE (survey's default option survey.replicates.mse = FALSE).")),
  n_replicates = ncol(rclus1$repweights$weights), scale = rclus1$scale, rscales = arr(rclus1$rscales),
  mse = rclus1$mse,
  svymean_api00_api99 = est(svymean(~api00 + api99, rclus1, deff = TRUE)),
  svytotal_enroll = est(svytotal(~enroll, rclus1)),
  svyratio_api00_api99 = ratio(svyratio(~api00, ~api99, rclus1))))

# 5. Raking and linear calibration of the one-stage cluster design to apipop margins.
pop_types <- as.data.frame(table(stype = apipop$stype))
pop_schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))
raked <- rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_schwide))
raked_tight <- rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_schwide),
                    control = list(maxit = 100, epsilon = 1e-10, verbose = FALSE))
pop_totals <- c(`(Intercept)` = nrow(apipop), stypeH = sum(apipop$stype == "H"),
                stypeM = sum(apipop$stype == "M"), sch.wideYes = sum(apipop$sch.wide == "Yes"))
cal <- calibrate(dclus1, ~stype + sch.wide, population = pop_totals, calfun = "linear")
wsum <- function(w) c(min = min(w), q1 = unname(quantile(w, 0.25)), median = median(w),
                     mean = mean(w), q3 = unname(quantile(w, 0.75)), max = max(w), sum = sum(w))
adj_block <- function(d) list(
  weights_first10 = arr(weights(d)[1:10]),
  weights_summary = wsum(weights(d)),
  svymean_api00 = est(svymean(~api00, d)),
  svytotal_enroll = est(svytotal(~enroll, d)),
  svytotal_stype = est(svytotal(~stype, d)))
write_case(area, "api_clus1_rake_calibrate", list(
  meta = meta(c("dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)",
                "pop_types <- as.data.frame(table(stype = apipop$stype)); pop_schwide <- as.data.frame(table(sch.wide = apipop$sch.wide))",
                "rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_schwide))  # default control: maxit = 10, epsilon = 1",
                "rake(dclus1, list(~stype, ~sch.wide), list(pop_types, pop_schwide), control = list(maxit = 100, epsilon = 1e-10))",
                "calibrate(dclus1, ~stype + sch.wide, population = c(`(Intercept)` = 6194, stypeH = 755, stypeM = 1018, sch.wideYes = 5122), calfun = \"linear\")"),
              "survey::apiclus1 (Datasets/real/api/apiclus1.csv) with margins from survey::apipop", c("survey"),
              notes = c("rake = iterative proportional fitting: each sweep post-stratifies to stype, then to sch.wide; after each sweep delta = max absolute change of the weighted stype x sch.wide table; stop when delta < epsilon or after maxit sweeps. epsilon >= 1 is absolute (default 1 school), epsilon < 1 is relative to the sum of the sampling weights (1e-10 * sum(w)). So 'rake_default' is NOT fully converged; 'rake_converged' is.",
                        "calibrate linear = GREG / chi-square distance: w_i = d_i (1 + x_i' lambda), lambda = (sum d_i x_i x_i')^-1 (T - sum d_i x_i), x = (1, stypeH, stypeM, sch.wideYes), no bounds.",
                        "Standard errors after raking/calibration use the residuals of the calibration model (survey's postStratify/calibrate variance), on the cluster design.")),
  population_margins = list(stype = setNames(pop_types$Freq, as.character(pop_types$stype)),
                            sch.wide = setNames(pop_schwide$Freq, as.character(pop_schwide$sch.wide)),
                            calibrate_totals = pop_totals),
  rake_default = adj_block(raked),
  rake_converged = adj_block(raked_tight),
  calibrate_linear = adj_block(cal)))
cat("done\n")

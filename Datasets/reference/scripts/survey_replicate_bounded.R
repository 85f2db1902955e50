# Reference values for bounded and non-linear calibration repeated on every replicate (issue 10
# §1, replicate designs): calibrate(repdesign, ~stype + sch.wide, pop, calfun = "linear" with
# bounds, "raking", "raking" with bounds, "logit" with bounds) on the JK1 (apiclus1), JKn
# (apistrat) and subbootstrap (apiclus1, 50 replicates, set.seed(20231)) designs of
# survey_calibration.R. The replicate weights are not exported again: the designs are the same
# calls with the same seed, and this script stops unless they equal the replicate_weights of
# api_replicate_calibration.json exactly.
#
# R's calibrate.svyrep.design calls grake() on the full sample and stops with "Calibration
# failed" when it does not converge; it then calls grake() on every replicate column and keeps a
# replicate that did not converge (a "Failed to converge" warning, the g of the last iteration)
# or stops with whatever error grake() raises. Per replicate this script calls survey:::grake
# with the same arguments to record which replicates converged, failed (and the misfit reached)
# or raised an error.
# Run from the repository root:  Rscript Datasets/reference/scripts/survey_replicate_bounded.R
suppressPackageStartupMessages({ library(survey); library(jsonlite) })
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
pop_totals <- c(`(Intercept)` = nrow(apipop), stypeH = sum(apipop$stype == "H"),
                stypeM = sum(apipop$stype == "M"), sch.wideYes = sum(apipop$sch.wide == "Yes"))

dclus1 <- svydesign(id = ~dnum, weights = ~pw, data = apiclus1, fpc = ~fpc)
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
set.seed(20231)
reps <- list(
  jk1 = list(design = as.svrepdesign(dclus1, type = "JK1"), data = "apiclus1"),
  jkn = list(design = as.svrepdesign(dstrat, type = "JKn"), data = "apistrat"),
  bootstrap = list(design = as.svrepdesign(dclus1, type = "subbootstrap", replicates = 50), data = "apiclus1"))
earlier <- fromJSON(file.path("Datasets", "reference", area, "api_replicate_calibration.json"), simplifyVector = TRUE)
for (nm in names(reps)) {
  w <- unname(as.matrix(weights(reps[[nm]]$design, "analysis")))
  stopifnot(identical(dim(w), dim(earlier[[nm]]$replicate_weights$rows)), all(w == earlier[[nm]]$replicate_weights$rows))
}

cases <- list(
  linear_bounded = list(calfun = "linear", bounds = c(0.85, 1.6)),
  raking = list(calfun = "raking", bounds = c(-Inf, Inf)),
  raking_bounded = list(calfun = "raking", bounds = c(0.85, 1.6)),
  logit = list(calfun = "logit", bounds = c(0.85, 1.6)),
  linear_tight = list(calfun = "linear", bounds = c(0.9, 1.1)))
calobj <- list(linear = survey:::cal.linear, raking = survey:::cal.raking, logit = survey:::cal.logit)

run_case <- function(d, cs, compress = NA) {
  mm <- model.matrix(~stype + sch.wide, model.frame(~stype + sch.wide, model.frame(d)))
  bounds <- list(lower = cs$bounds[1], upper = cs$bounds[2])
  full <- suppressWarnings(survey:::grake(mm, d$pweights, calobj[[cs$calfun]], bounds = bounds, population = pop_totals,
                                          epsilon = 1e-7, verbose = FALSE, maxit = 50))
  repw <- as.matrix(weights(d, "analysis"))
  status <- character(ncol(repw)); misfit <- rep(NA_real_, ncol(repw))
  for (i in seq_len(ncol(repw))) {
    g <- tryCatch(suppressWarnings(survey:::grake(mm, repw[, i], calobj[[cs$calfun]], eta = rep(0, ncol(mm)), bounds = bounds,
                                                  population = pop_totals, epsilon = 1e-7, verbose = FALSE, maxit = 50)),
                  error = function(e) e)
    if (inherits(g, "error")) status[i] <- paste("error:", conditionMessage(g))
    else if (!is.null(attr(g, "failed"))) { status[i] <- "failed"; misfit[i] <- attr(g, "failed") }
    else status[i] <- "converged"
  }
  out <- list(calfun = cs$calfun, bounds = arr(cs$bounds),
              full_sample = if (is.null(attr(full, "failed"))) "converged" else "failed",
              replicate_status = arr(status), replicate_misfit = arr(misfit))
  cal <- tryCatch(suppressWarnings(calibrate(d, ~stype + sch.wide, population = pop_totals, calfun = cs$calfun, bounds = cs$bounds, compress = compress)),
                  error = function(e) e)
  if (inherits(cal, "error")) { out$error <- conditionMessage(cal); return(out) }
  c(out, list(
    weights_first10 = arr(weights(cal, "sampling")[1:10]),
    svymean_api00 = est(svymean(~api00, cal)),
    svytotal_enroll = est(svytotal(~enroll, cal, na.rm = TRUE)),
    svyratio_api00_api99 = ratio(svyratio(~api00, ~api99, cal)),
    svyby_comp_imp_svymean_api00 = by_tab(svyby(~api00, ~comp.imp, cal, svymean)),
    svyby_comp_imp_svytotal_enroll = by_tab(svyby(~enroll, ~comp.imp, cal, svytotal, na.rm = TRUE)),
    replicate_weights_first3 = mat(weights(cal, "analysis")[, 1:3])))
}

block <- function(r) c(list(data = r$data), lapply(cases, function(cs) run_case(r$design, cs)))
# JK1 logit: R's kept iterate of replicate 2 is not determined by the data. Its Newton path halves
# the step 31 times (the logit's e^{Au} overflows), and the next steps solve a system that is
# singular to working precision, so the last iterate depends on rounding: multiplying the
# replicate weights by (1 + 2^-52) moves its misfit from 0.4686 to 0.3607 and leaves every other
# replicate where it was. Both runs are recorded; the second on the same replicate weights times
# (1 + 2^-52) as a svrepdesign with combined weights.
jk1 <- reps$jk1$design
jk1_ulp <- svrepdesign(data = apiclus1, repweights = as.matrix(weights(jk1, "analysis")) * (1 + 2^-52), weights = ~pw,
                       type = "JK1", combined.weights = TRUE, scale = jk1$scale, rscales = jk1$rscales)
# (compress = FALSE: with uncompressed replicate weights calibrate.svyrep.design's default
# compress = NA reaches if (NA) and stops with "missing value where TRUE/FALSE needed")
logit_ulp <- run_case(jk1_ulp, cases$logit, compress = FALSE)
write_case(area, "api_replicate_bounded", c(list(
  meta = meta(c("as.svrepdesign(dclus1, type = 'JK1'); as.svrepdesign(dstrat, type = 'JKn'); set.seed(20231); as.svrepdesign(dclus1, type = 'subbootstrap', replicates = 50)  # as survey_calibration.R",
                "calibrate(repdesign, ~stype + sch.wide, population = pop_totals, calfun = c('linear', 'raking', 'raking', 'logit', 'linear')[k], bounds = list(c(0.85, 1.6), c(-Inf, Inf), c(0.85, 1.6), c(0.85, 1.6), c(0.9, 1.1))[[k]])  # epsilon 1e-7, maxit 50 (defaults)",
                "per replicate: survey:::grake(mm, weights(repdesign, 'analysis')[, i], calfun, eta = 0, bounds, pop_totals, epsilon = 1e-7, maxit = 50): converged / failed (attr 'failed' = misfit reached) / error",
                "svymean(~api00), svytotal(~enroll, na.rm = TRUE), svyratio(~api00, ~api99), svyby(~api00, ~comp.imp, svymean), svyby(~enroll, ~comp.imp, svytotal, na.rm = TRUE) on each"),
              "survey::apiclus1 / apistrat with apipop margins; replicate weights = replicate_weights of api_replicate_calibration.json (checked identical)", c("survey", "jsonlite"),
              notes = c("calibrate() on a svyrep.design stops ('Calibration failed') only when the full sample does not converge; a replicate that does not converge within maxit = 50 Newton steps keeps the g-weights of its last step (a warning 'Failed to converge: eps=...'). With bounds (0.85, 1.6) this happens in JK1 and bootstrap replicates where a deleted or undrawn cluster moves a category total further than the bounds allow.",
                        "A replicate whose Newton step overflows (logit: exp(A u) = Inf gives Inf/Inf = NaN) stops calibrate() with R's internal error 'missing value where TRUE/FALSE needed'; the case keeps the message in 'error' and its status per replicate.",
                        "The derivative R uses for bounded raking is exp(u) where bounds$lower - 1 < u < bounds$upper - 1 (u, not exp(u), compared with the bounds), 0 elsewhere; the g-weights are clipped on exp(u).",
                        "jk1$logit_weights_times_1_plus_ulp: R's kept last iterate of a non-converged replicate is not always a function of the data. In JK1 logit replicate 2 the Newton path halves its step 31 times and then solves a system that is singular to working precision; multiplying the replicate weights by (1 + 2^-52) moves that replicate's misfit from 0.4686 to 0.3607 (every other replicate unchanged). This block is the same calibrate() on the replicate weights times (1 + 2^-52) (svrepdesign, combined.weights = TRUE, same scale and rscales).",
                        "Variance: scale * sum(rscales * (theta_r - mean theta_r)^2) (mse = FALSE), failed replicates included.")),
  population_totals = pop_totals),
  within(lapply(reps, block), jk1$logit_weights_times_1_plus_ulp <- logit_ulp)))

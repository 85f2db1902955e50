# Reference values for design-based quantiles at ties of the weighted CDF (R survey 4.1.1
# svyquantile, defaults qrule = "math", interval.type = "mean"). Equal-weight samples where n*p is
# a whole number put p*sum(w) exactly on a cumulative weight; whether R's floating-point
# arithmetic sees the tie decides between two order statistics.
# Run from the repository root:  Rscript Datasets/reference/scripts/survey_quantile_ties.R
# Output: Datasets/reference/survey/quantile_ties.json
suppressPackageStartupMessages(library(survey))
source(file.path("Datasets", "reference", "scripts", "common.R"))
data(api, package = "survey")

probs <- c(0.01, 0.05, 0.1, 0.2, 0.25, 0.3, 0.4, 0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 0.95, 0.99)

# One case: a design, a variable, the probabilities. Records R's estimate, Woodruff bounds and se,
# and for each probability the order statistic k of the mathematical definition (smallest x with
# F(x) >= p, F computed in exact rational arithmetic for equal weights) and whether R returned it.
one_case <- function(label, design_call, design, x, ps, equal_weight = NA) {
  q <- svyquantile(~x, design, ps, ci = TRUE)$x
  w <- weights(design)
  n <- length(x)
  xs <- sort(x)
  exact_k <- if (!is.na(equal_weight)) ceiling(round(n * ps, 9)) else rep(NA, length(ps))
  exact_q <- if (!is.na(equal_weight)) xs[pmax(exact_k, 1)] else rep(NA, length(ps))
  list(label = label, design = design_call, n = n, degf = degf(design),
       weights = arr(w), x = arr(x), probabilities = arr(ps),
       quantile = arr(unname(q[, 1])), lower = arr(unname(q[, 2])), upper = arr(unname(q[, 3])),
       se = arr(unname(q[, 4])),
       exact_order_statistic = arr(exact_k), exact_quantile = arr(exact_q),
       r_equals_exact = arr(if (!is.na(equal_weight)) unname(q[, 1]) == exact_q else rep(NA, length(ps))))
}

whole <- function(n) probs[abs(n * probs - round(n * probs)) < 1e-9]
cases <- list()

# 1. apisrs: SRS of 200 schools, every weight 30.97 (= 6194/200), fpc 6194.
srs <- svydesign(id = ~1, fpc = ~fpc, data = apisrs)
cases[[length(cases) + 1]] <- one_case("apisrs api00, w = 30.97, fpc", "svydesign(id = ~1, fpc = ~fpc, data = apisrs)",
                                       update(srs, x = api00), apisrs$api00, whole(200), equal_weight = 30.97)
cases[[length(cases) + 1]] <- one_case("apisrs enroll, w = 30.97, fpc", "svydesign(id = ~1, fpc = ~fpc, data = apisrs)",
                                       update(srs, x = enroll), apisrs$enroll, whole(200), equal_weight = 30.97)

# 2. Equal weights of awkward values on the first n api00 values of apisrs (ties included).
for (spec in list(list(w = 1/3, n = 60, name = "1/3"), list(w = 1/3, n = 70, name = "1/3"),
                  list(w = 0.1, n = 100, name = "0.1"), list(w = 0.1, n = 20, name = "0.1"),
                  list(w = 1/7, n = 14, name = "1/7"), list(w = 1/7, n = 70, name = "1/7"),
                  list(w = 1/7, n = 100, name = "1/7"),
                  list(w = 30.97, n = 100, name = "30.97"), list(w = 17/3, n = 200, name = "17/3"),
                  list(w = 0.7, n = 60, name = "0.7"), list(w = 2.3, n = 200, name = "2.3"))) {
  d <- data.frame(x = apisrs$api00[seq_len(spec$n)], w = rep(spec$w, spec$n))
  des <- svydesign(id = ~1, weights = ~w, data = d)
  cases[[length(cases) + 1]] <- one_case(sprintf("api00[1:%d], w = %s", spec$n, spec$name),
                                         sprintf("svydesign(id = ~1, weights = ~w, data = data.frame(x = apisrs$api00[1:%d], w = %s))", spec$n, spec$name),
                                         des, d$x, whole(spec$n), equal_weight = spec$w)
}

# 3. Unequal weights: apistrat (strata, fpc) and a cyclic weight pattern 0.1, 0.2, 0.3, 0.4
#    whose cumulative sums pass through p * total in exact arithmetic at every 4th row.
dstrat <- svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)
cases[[length(cases) + 1]] <- one_case("apistrat api00 (strata, fpc)", "svydesign(id = ~1, strata = ~stype, weights = ~pw, data = apistrat, fpc = ~fpc)",
                                       update(dstrat, x = api00), apistrat$api00, probs)
d <- data.frame(x = apisrs$api00[1:80], w = rep(c(0.1, 0.2, 0.3, 0.4), 20))
des <- svydesign(id = ~1, weights = ~w, data = d)
cases[[length(cases) + 1]] <- one_case("api00[1:80], w = 0.1, 0.2, 0.3, 0.4 repeated",
                                       "svydesign(id = ~1, weights = ~w, data = data.frame(x = apisrs$api00[1:80], w = rep(c(0.1, 0.2, 0.3, 0.4), 20)))",
                                       des, d$x, probs)

hits <- sum(unlist(lapply(cases, function(c) c$r_equals_exact)), na.rm = TRUE)
total <- sum(!is.na(unlist(lapply(cases, function(c) c$r_equals_exact))))
write_case("survey", "quantile_ties", list(
  meta = meta(c("svyquantile(~x, design, probabilities, ci = TRUE)  # qrule = \"math\", interval.type = \"mean\", alpha = 0.05"),
              "survey::apisrs, apistrat (Datasets/real/api/)", c("survey"),
              notes = c(
    "qrule_math -> qs(x, w, p): cumw = cumsum(w[order(x)]); pos = last index with cumw <= p * sum(w) (1 if none); wlow = p - cumw[pos]/sum(w); estimate = x[pos] if wlow == 0 else x[pos + 1]. Zero weights are dropped first.",
    "R's cumsum() and sum() accumulate in 80-bit long double on x86-64 and round to double; p * sum(w) and cumw[pos]/sum(w) are double operations. Whether a mathematical tie (cumw[k] == p * sum(w) in exact arithmetic) is seen therefore depends on rounding: the 'math' rule's estimate is x_(k) when it is, x_(k+1) when it is not.",
    sprintf("In these cases R returns the mathematical order statistic (smallest x with F(x) >= p, exact rational F for equal weights) in %d of %d equal-weight probabilities (r_equals_exact); the others are R's rounding, and R's answer there depends on the platform's long double (x86-64: 80 bit).", hits, total),
    "When p * sum(w) is below the first cumulative weight, qs() finds no cumw <= p * sum(w); survey's last() then returns 1 and, wlow being non-zero, the estimate is x_(2) where the math rule's smallest x with F(x) >= p is x_(1) (case 'api00[1:80], w = 0.1, 0.2, 0.3, 0.4 repeated' at p = 0.01: R 425, x_(1) = 424).",
    "Woodruff interval: svymean(x <= q) with its Taylor SE, p +- qt(0.975, degf) * SE mapped back with the same rule; se = (upper - lower) / (2 * qt(0.975, degf)).")),
  cases = cases))

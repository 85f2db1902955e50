# Extra reliability references: psych::scoreItems on the bfi agreeableness scale (keys -A1, A2..A5)
# for each imputation (none / mean / median) and score type (means, totals).
# Run from the repository root:  Rscript Datasets/reference/scripts/reliability_extra.R
# Output: Datasets/reference/psychometrics/bfi_scoreitems_A.json (17 significant digits, see common.R).
suppressPackageStartupMessages(library(psych))
source(file.path("Datasets", "reference", "scripts", "common.R"))
data(bfi, package = "psych")
items <- bfi[c("A1", "A2", "A3", "A4", "A5")]
keys <- list(agree = c("-A1", "A2", "A3", "A4", "A5"))
cases <- list()
for (imp in c("none", "mean", "median")) {
  for (tot in c(FALSE, TRUE)) {
    s <- scoreItems(keys, items, totals = tot, impute = imp)
    cases[[paste0(imp, if (tot) "_sum" else "_mean")]] <- arr(as.numeric(s$scores[, 1]))
  }
}
write_case("psychometrics", "bfi_scoreitems_A", c(list(
  meta = meta(c("psych::scoreItems(list(agree = c('-A1','A2','A3','A4','A5')), bfi[A1..A5], totals = <sum>, impute = <imputation>)"),
              "psych::bfi (Datasets/real/bfi/bfi.csv), columns A1..A5 (2,800 rows, NAs)", "psych",
              notes = c("Reverse keying: (max + min) - x with max/min over all five items (6 + 1 = 7).",
                        "impute = 'none' with totals = TRUE gives 0 for a row with no answers (rowSums(na.rm = TRUE)); means give NaN (null)."))),
  cases))

# psych::alpha for two edge cases: a two-item scale (psych's special alpha.drop branch) and the
# conscientiousness scale on its complete rows (what MissingPolicy.listwise computes).
alpha_case <- function(case, x, kv, call, data_note) {
  a <- psych::alpha(x, keys = kv, check.keys = FALSE, use = "pairwise")
  tot <- unlist(a$total[1, ]); names(tot) <- names(a$total)
  feldt <- c(lower = unname(unlist(a$feldt$lower.ci)), alpha = unname(unlist(a$feldt$alpha)),
             upper = unname(unlist(a$feldt$upper.ci)), r.bar = unname(unlist(a$feldt$r.bar)))
  duhachek <- c(lower = unname(tot["raw_alpha"] - qnorm(0.975) * tot["ase"]), alpha = unname(tot["raw_alpha"]),
                upper = unname(tot["raw_alpha"] + qnorm(0.975) * tot["ase"]))
  write_case("psychometrics", case, list(
    meta = meta(call, data_note, "psych"),
    keys = kv, total = tot, duhachek_ci = duhachek, feldt = feldt,
    alpha_drop = mat(a$alpha.drop),
    item_stats = mat(a$item.stats[, c("n", "raw.r", "std.r", "r.cor", "r.drop", "mean", "sd")]),
    response_freq = mat(a$response.freq)))
}
alpha_case("bfi_alpha_two_items", bfi[c("A2", "A3")], c(A2 = 1, A3 = 1),
           "psych::alpha(bfi[c('A2', 'A3')], keys = c(1, 1), check.keys = FALSE, use = 'pairwise')",
           "psych::bfi columns A2, A3 (2,800 rows, pairwise NAs)")
cc <- na.omit(bfi[c("C1", "C2", "C3", "C4", "C5")])
alpha_case("bfi_alpha_C_complete", cc, c(C1 = 1, C2 = 1, C3 = 1, C4 = -1, C5 = -1),
           "psych::alpha(na.omit(bfi[c('C1','C2','C3','C4','C5')]), keys = c(1, 1, 1, -1, -1), check.keys = FALSE)",
           sprintf("psych::bfi columns C1..C5, complete rows only (%d of 2,800)", nrow(cc)))

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

# Ordinal alpha of the five bfi scales: psych::alpha on the polychoric matrix of the keyed items
# (reverse-keyed items recoded 7 - x before psych::polychoric).
# Run from the repository root:  Rscript Datasets/reference/scripts/ordinal_alpha.R
# Output: Datasets/reference/psychometrics/bfi_ordinal_alpha.json
suppressPackageStartupMessages({ library(psych) })
source(file.path("Datasets", "reference", "scripts", "common.R"))
data(bfi, package = "psych")
keys <- list(agree = c("-A1", "A2", "A3", "A4", "A5"), conscientious = c("C1", "C2", "C3", "-C4", "-C5"),
             extraversion = c("-E1", "-E2", "E3", "E4", "E5"), neuroticism = c("N1", "N2", "N3", "N4", "N5"),
             openness = c("O1", "-O2", "O3", "O4", "-O5"))
out <- list()
for (s in names(keys)) {
  items <- sub("^-", "", keys[[s]])
  x <- bfi[items]
  for (k in keys[[s]][startsWith(keys[[s]], "-")]) { it <- sub("^-", "", k); x[[it]] <- 7 - x[[it]] }
  a <- psych::alpha(psych::polychoric(x)$rho)
  out[[s]] <- list(ordinal_alpha = a$total$std.alpha, average_r = a$total$average_r)
}
write_case("psychometrics", "bfi_ordinal_alpha", c(list(
  meta = meta("for each scale: x <- bfi[items]; reverse-keyed items 7 - x; psych::alpha(psych::polychoric(x)$rho)$total[c('std.alpha','average_r')]",
              "psych::bfi (Datasets/real/bfi/bfi.csv)", c("psych"))), out))

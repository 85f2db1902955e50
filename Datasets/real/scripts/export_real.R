# Export the real reference data sets shipped by R packages to plain CSV.
# Run from the repository root:  Rscript Datasets/real/scripts/export_real.R
# CSV: UTF-8, comma-separated, "." decimal, NA written as an empty cell.
suppressPackageStartupMessages({ library(psych); library(lavaan); library(survey) })

out <- function(...) file.path("Datasets", "real", ...)
# Doubles are written with the shortest of 15 or 17 significant digits that
# reads back to the identical double, so the CSV reproduces R's in-memory values
# bit for bit (write.csv alone keeps only 15 digits).
roundtrip <- function(x) {
  s <- sprintf("%.15g", x)
  bad <- !is.na(x) & suppressWarnings(as.numeric(s)) != x
  s[bad] <- sprintf("%.17g", x[bad])
  s[is.na(x)] <- NA_character_
  s
}
write_plain <- function(df, path) {
  quoted <- which(vapply(df, function(v) is.character(v) || is.factor(v), logical(1)))
  dbl <- vapply(df, is.double, logical(1))
  df[dbl] <- lapply(df[dbl], roundtrip)
  write.csv(df, path, row.names = FALSE, na = "", fileEncoding = "UTF-8",
            quote = if (length(quoted)) unname(quoted) else FALSE)
}

# psych::bfi — 2,800 SAPA respondents, 25 IPIP items + gender, education, age.
data(bfi, package = "psych")
bfi_out <- data.frame(id = as.integer(rownames(bfi)), bfi, check.names = FALSE, stringsAsFactors = FALSE)
write_plain(bfi_out, out("bfi", "bfi.csv"))

# lavaan::HolzingerSwineford1939 — 301 pupils, nine ability tests x1..x9.
data(HolzingerSwineford1939, package = "lavaan")
write_plain(HolzingerSwineford1939, out("holzinger", "holzinger.csv"))

# survey::api — California Academic Performance Index, population and three samples.
data(api, package = "survey")
for (nm in c("apipop", "apisrs", "apistrat", "apiclus1", "apiclus2")) {
  df <- get(nm)
  fac <- vapply(df, is.factor, logical(1))
  df[fac] <- lapply(df[fac], as.character)
  write_plain(df, out("api", paste0(nm, ".csv")))
}
cat("exported with R", as.character(getRversion()), "psych", as.character(packageVersion("psych")),
    "lavaan", as.character(packageVersion("lavaan")), "survey", as.character(packageVersion("survey")), "\n")

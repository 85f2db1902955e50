# Shared helpers for the reference scripts: a small JSON writer that keeps every double
# exactly (shortest of 15, 16 or 17 significant digits that reads back to the same double;
# jsonlite's digits = NA stops at 15 digits, which is not enough) and metadata for each case.
#
# Conventions in the JSON files:
#   * a named numeric vector  -> object {"name": value, ...}
#   * an unnamed vector       -> array (length one: a bare number, unless wrapped in arr())
#   * a matrix                -> {"rownames": [...], "colnames": [...], "rows": [[row 1], [row 2], ...]}
#   * NA / NaN                -> null;  +-Inf -> the strings "Inf" / "-Inf"
#   * every case file has "meta": R version, package versions, the call(s), the data set.

num_str <- function(x) {
  out <- character(length(x))
  for (i in seq_along(x)) {
    v <- x[i]
    if (is.na(v)) { out[i] <- "null"; next }
    if (is.infinite(v)) { out[i] <- if (v > 0) "\"Inf\"" else "\"-Inf\""; next }
    s <- NULL
    for (d in 15:17) {
      s <- sprintf(paste0("%.", d, "g"), v)
      if (as.numeric(s) == v) break
    }
    out[i] <- s
  }
  out
}

json_escape <- function(s) {
  if (length(s) == 0) return(character(0))
  s <- gsub("\\\\", "\\\\\\\\", s)
  s <- gsub("\"", "\\\\\"", s)
  s <- gsub("\n", "\\\\n", s)
  s <- gsub("\t", "\\\\t", s)
  paste0("\"", s, "\"")
}

# Mark a vector so that it is written as an array even when it has length one or names.
arr <- function(x) { x <- unname(x); class(x) <- c("json_array", class(x)); x }

# A matrix (or data frame of numbers) with its dimnames.
mat <- function(m) {
  m <- as.matrix(m)
  storage <- unclass(m)
  list(rownames = arr(if (is.null(rownames(m))) character(0) else rownames(m)),
       colnames = arr(if (is.null(colnames(m))) character(0) else colnames(m)),
       rows = structure(list(m = storage), class = "json_matrix"))
}

scalars <- function(x, ind) {
  if (is.character(x) || is.factor(x)) json_escape(as.character(x))
  else if (is.logical(x)) ifelse(is.na(x), "null", ifelse(x, "true", "false"))
  else num_str(as.numeric(x))
}

to_json <- function(x, ind = "") {
  ind2 <- paste0(ind, "  ")
  if (is.null(x)) return("null")
  if (inherits(x, "json_matrix")) {
    m <- x$m
    if (length(m) == 0) return("[]")
    rows <- vapply(seq_len(nrow(m)), function(i)
      paste0("[", paste(scalars(m[i, ]), collapse = ", "), "]"), character(1))
    return(paste0("[\n", paste0(ind2, rows, collapse = ",\n"), "\n", ind, "]"))
  }
  if (is.list(x) && !is.data.frame(x)) {
    if (length(x) == 0) return(if (is.null(names(x))) "[]" else "{}")
    vals <- vapply(x, to_json, character(1), ind = ind2)
    if (is.null(names(x))) return(paste0("[\n", paste0(ind2, vals, collapse = ",\n"), "\n", ind, "]"))
    return(paste0("{\n", paste0(ind2, json_escape(names(x)), ": ", vals, collapse = ",\n"), "\n", ind, "}"))
  }
  if (is.data.frame(x)) return(to_json(mat(x), ind))
  if (is.matrix(x)) return(to_json(mat(x), ind))
  as_array <- inherits(x, "json_array")
  nm <- names(x)
  x <- unclass(x)
  s <- scalars(x)
  if (!as_array && !is.null(nm)) {
    return(paste0("{", paste0(json_escape(nm), ": ", s, collapse = ", "), "}"))
  }
  if (!as_array && length(s) == 1) return(s)
  paste0("[", paste(s, collapse = ", "), "]")
}

meta <- function(call, data, packages, notes = NULL) {
  pk <- lapply(packages, function(p) as.character(packageVersion(p)))
  names(pk) <- packages
  si <- sessionInfo()
  list(r_version = R.version.string,
       packages = pk,
       platform = si$platform,
       blas = if (!is.null(si$BLAS)) si$BLAS else "",
       lapack = if (!is.null(si$LAPACK)) si$LAPACK else "",
       call = arr(call),
       data = data,
       notes = if (is.null(notes)) arr(character(0)) else arr(notes))
}

write_case <- function(area, case, obj) {
  dir <- file.path("Datasets", "reference", area)
  dir.create(dir, showWarnings = FALSE, recursive = TRUE)
  path <- file.path(dir, paste0(case, ".json"))
  writeLines(to_json(obj), path, useBytes = TRUE)
  cat("wrote", path, "\n")
}

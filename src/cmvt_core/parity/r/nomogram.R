# rms::nomogram of a formula lrm fit (issue 22, part C) for tests/test_nomogram_formula.py.  The formula arrives
# as formula.R's node tree (rms_formula_tree, sourced beside this file) and is never parsed as R code; the
# datadist is built from the data and set with options(datadist=) as a user would.

nomogram_formula_parts <- function(kind, value, num, nargs, data, maxscale = 100, nint = 10,
                                   inter_name = NULL, inter_values = NULL) {
  # interact = list(<inter_name> = inter_values) when given (a name and numbers, never code)
  fo <- rms_formula_tree(kind, value, num, nargs)
  assign(".cmvt_nomo_dd", rms::datadist(data), envir = globalenv())
  old <- options(datadist = ".cmvt_nomo_dd")
  on.exit({
    options(old)
    rm(".cmvt_nomo_dd", envir = globalenv())
  })
  f <- rms::lrm(fo, data = data, x = TRUE, y = TRUE)
  nom <- if (is.null(inter_name)) rms::nomogram(f, fun = stats::plogis, maxscale = maxscale, nint = nint)
         else rms::nomogram(f, fun = stats::plogis, maxscale = maxscale, nint = nint,
                            interact = stats::setNames(list(inter_values), inter_name))
  info <- attr(nom, "info")
  n <- length(nom)
  lines <- names(nom)[seq_len(n - 3L)]
  axes <- lapply(lines, function(v) {
    s <- nom[[v]]
    val <- s[[1]]
    list(value = if (is.numeric(val)) val else as.character(val), points = unname(s$points),
         xbeta = unname(s$Xbeta), predictor = names(s)[1])
  })
  list(lines = lines, axes = axes, sc = info$sc, intercept = unname(info$Intercept),
       R = unname(info$R), R_names = colnames(info$R),
       total_x = nom$total.points$x, lp_x = nom$lp$x, lp_at = nom$lp$x.real,
       fun_x = nom[[n]]$x, fun_at = nom[[n]]$x.real, names = names(nom), lp = unname(f$linear.predictors))
}

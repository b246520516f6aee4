# rms::nomogram of a formula lrm fit (issue 22, part C) for tests/test_nomogram_formula.py.  The formula arrives
# as formula.R's node tree (rms_formula_tree, sourced beside this file) and is never parsed as R code; the
# datadist is built from the data and set with options(datadist=) as a user would.

.nomo_datadist <- function(data, old = NULL) {
  # datadist(data) set with options(datadist=) as a user would; returns the options it replaced.  With
  # data = NULL: those options (old) restored and the datadist removed again.
  if (is.null(data)) {
    options(old)
    if (exists(".cmvt_nomo_dd", envir = globalenv())) rm(".cmvt_nomo_dd", envir = globalenv())
    return(invisible(NULL))
  }
  assign(".cmvt_nomo_dd", rms::datadist(data), envir = globalenv())
  invisible(options(datadist = ".cmvt_nomo_dd"))
}

nomogram_formula_parts <- function(kind, value, num, nargs, data, maxscale = 100, nint = 10,
                                   inter_name = NULL, inter_values = NULL) {
  # interact = list(<inter_name> = inter_values) when given (a name and numbers, never code)
  fo <- rms_formula_tree(kind, value, num, nargs)
  old <- .nomo_datadist(data)
  on.exit(.nomo_datadist(NULL, old))
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

.nomo_cph_parts <- function(f, nom, labels, data) {
  # The parts of rms::nomogram(f, fun = <funs labelled `labels`>) of a cph fit: the axes, scale, total points, lp
  # and fun axes; and for the rows of data predict(f, data) (lp) and total points (lp - Intercept) * sc.
  info <- attr(nom, "info")
  lines <- setdiff(names(nom), c("total.points", "lp", labels))
  axes <- lapply(lines, function(v) {
    s <- nom[[v]]
    val <- s[[1]]
    list(value = if (is.numeric(val)) val else as.character(val), points = unname(s$points))
  })
  lp <- unname(stats::predict(f, data, type = "lp"))
  list(lines = lines, axes = axes, sc = info$sc, intercept = unname(info$Intercept),
       R = unname(info$R), R_names = colnames(info$R), center = unname(f$center),
       total_x = nom$total.points$x, lp_x = nom$lp$x, lp_at = nom$lp$x.real,
       fun_x = lapply(labels, function(l) unname(nom[[l]]$x)),
       fun_at = lapply(labels, function(l) unname(nom[[l]]$x.real)), names = names(nom),
       score_lp = lp, score_total = (lp - unname(info$Intercept)) * info$sc)
}

nomogram_cph_formula_parts <- function(kind, value, num, nargs, data, times, method = "efron", maxscale = 100,
                                       nint = 10, inter_name = NULL, inter_values = NULL) {
  # rms::nomogram of a formula cph fit with one survival axis per time (issue 22).  The formula arrives
  # as formula.R's node tree (rms_formula_tree), never parsed as R code.  datadist from the
  # data, set with options(datadist=) as a user would; fun = list(function(lp) surv(t, lp), ...) with
  # surv <- Survival(fit); interact = list(<inter_name> = inter_values) when given (a name and values).
  # Also, for the rows of data: predict(fit, data) (lp), total points (lp - Intercept) * sc, surv(t, lp).
  fo <- rms_formula_tree(kind, value, num, nargs)
  old <- .nomo_datadist(data)
  on.exit(.nomo_datadist(NULL, old))
  f <- rms::cph(fo, data = data, x = TRUE, y = TRUE, surv = TRUE, method = method)
  surv <- rms::Survival(f)
  funs <- lapply(times, function(t) {
    force(t)
    function(lp) surv(t, lp)
  })
  labels <- paste0(".S", seq_along(times))
  nom <- if (is.null(inter_name)) rms::nomogram(f, fun = funs, funlabel = labels, maxscale = maxscale, nint = nint)
         else rms::nomogram(f, fun = funs, funlabel = labels, maxscale = maxscale, nint = nint,
                            interact = stats::setNames(list(inter_values), inter_name))
  out <- .nomo_cph_parts(f, nom, labels, data)
  c(out, list(score_surv = lapply(times, function(t) unname(surv(t, out$score_lp)))))
}

nomogram_cph_strata_parts <- function(kind, value, num, nargs, data, times, strata, method = "efron",
                                      maxscale = 100, nint = 10) {
  # rms::nomogram of a stratified formula cph fit (strat() terms): one survival axis per (time, stratum),
  # fun = list(function(lp) surv(t, lp, stratum = s), ...) with surv <- Survival(fit), times outer and the
  # strata (labels as rms names them, "sex=1", passed as data) inner.  The formula arrives as formula.R's
  # node tree, never parsed as R code; datadist from the data.  Also, for the rows of data: predict(fit,
  # data) (lp), total points and surv(t, lp, stratum = the row's fit$strata).
  fo <- rms_formula_tree(kind, value, num, nargs)
  old <- .nomo_datadist(data)
  on.exit(.nomo_datadist(NULL, old))
  f <- rms::cph(fo, data = data, x = TRUE, y = TRUE, surv = TRUE, method = method)
  surv <- rms::Survival(f)
  grid <- expand.grid(s = seq_along(strata), t = seq_along(times))
  funs <- lapply(seq_len(nrow(grid)), function(i) {
    tt <- times[grid$t[i]]
    ss <- strata[grid$s[i]]
    function(lp) surv(tt, lp, stratum = ss)
  })
  labels <- paste0(".S", seq_len(nrow(grid)))
  nom <- rms::nomogram(f, fun = funs, funlabel = labels, maxscale = maxscale, nint = nint)
  out <- .nomo_cph_parts(f, nom, labels, data)
  lp <- out$score_lp
  rs <- as.character(f$strata)
  score_surv <- lapply(times, function(tt) {
    out <- rep(NA_real_, length(lp))
    for (s in unique(rs)) {
      i <- which(rs == s)
      out[i] <- surv(tt, lp[i], stratum = s)
    }
    out
  })
  c(out, list(surv_names = names(f$surv), row_strata = rs, score_surv = score_surv))
}

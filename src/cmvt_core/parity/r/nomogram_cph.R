# rms::nomogram of an rms::cph fit with one survival axis per time (rms 6.5-0, survival 3.5-3), for
# tests/test_nomogram_cph.py.  Needs cph.R sourced first (.cph_formula builds the formula from symbols).

nomogram_cph_parts <- function(x, time, event, times, newx, method = "efron", maxscale = 100, nint = 10) {
  # datadist(x); fit <- cph(Surv(time, event) ~ ..., x = TRUE, y = TRUE, surv = TRUE, method = method);
  # surv <- Survival(fit); nomogram(fit, fun = list(function(lp) surv(t1, lp), ...)); and, for newx,
  # predict(fit, newx) (lp), the nomogram's points per variable (uncentred terms - info$R[1, ]) * info$sc,
  # total points (lp - info$Intercept) * info$sc and surv(t, lp) per time
  d <- x
  d$.time <- time
  d$.event <- event
  fo <- .cph_formula(names(x))
  old <- options(datadist = rms::datadist(x))
  on.exit(options(old))
  f <- rms::cph(fo, data = d, x = TRUE, y = TRUE, surv = TRUE, method = method)
  surv <- rms::Survival(f)
  funs <- lapply(times, function(t) {
    force(t)
    function(lp) surv(t, lp)
  })
  labels <- paste0(".S", seq_along(times))
  nom <- rms::nomogram(f, fun = funs, funlabel = labels, maxscale = maxscale, nint = nint)
  info <- attr(nom, "info")
  vars <- names(x)
  axes <- lapply(vars, function(v) list(value = nom[[v]][[v]], points = unname(nom[[v]]$points)))
  names(axes) <- vars
  fun_x <- lapply(labels, function(l) unname(nom[[l]]$x))
  fun_at <- lapply(labels, function(l) unname(nom[[l]]$x.real))
  lp <- unname(stats::predict(f, newx, type = "lp"))
  terms <- rms:::predictrms(f, newdata = newx, type = "terms", center.terms = FALSE)
  pts <- lapply(vars, function(v) unname((terms[, v] - info$R[1, v]) * info$sc))
  names(pts) <- vars
  score_surv <- lapply(times, function(t) unname(surv(t, lp)))
  list(axes = axes, sc = info$sc, intercept = unname(info$Intercept), center = f$center,
       R_min = unname(info$R[1, vars]), R_max = unname(info$R[2, vars]),
       total_x = nom$total.points$x, lp_x = nom$lp$x, lp_at = nom$lp$x.real,
       fun_x = fun_x, fun_at = fun_at, names = names(nom),
       score_lp = lp, score_points = pts, score_total = (lp - info$Intercept) * info$sc,
       score_surv = score_surv, surv_time = f$time, surv_surv = f$surv)
}

nomogram_cph_error <- function(x, time, event, times, method = "efron") {
  # the error message of rms::nomogram with survival axes at times (NULL when it draws them)
  d <- x
  d$.time <- time
  d$.event <- event
  fo <- .cph_formula(names(x))
  old <- options(datadist = rms::datadist(x))
  on.exit(options(old))
  f <- rms::cph(fo, data = d, x = TRUE, y = TRUE, surv = TRUE, method = method)
  surv <- rms::Survival(f)
  funs <- lapply(times, function(t) {
    force(t)
    function(lp) surv(t, lp)
  })
  r <- tryCatch({
    suppressWarnings(rms::nomogram(f, fun = funs, funlabel = paste0(".S", seq_along(times))))
    NULL
  }, error = function(e) conditionMessage(e))
  r
}

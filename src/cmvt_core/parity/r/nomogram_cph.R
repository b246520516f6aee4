# rms::nomogram of an rms::cph fit with one survival axis per time (rms 6.5-0, survival 3.5-3), for
# tests/test_nomogram_cph.py.  Needs cph.R sourced first (.cph_formula builds the formula from symbols).

.nomogram_cph <- function(x, time, event, times, method, ...) {
  # datadist(x); fit as cph_fit makes it (.cph_refit); surv <- Survival(fit); the nomogram with one
  # fun = function(lp) surv(t, lp) per time, labelled .S1, .S2, ...
  old <- options(datadist = rms::datadist(x))
  on.exit(options(old))
  f <- .cph_refit(x, time, event, method)
  surv <- rms::Survival(f)
  funs <- lapply(times, function(t) {
    force(t)
    function(lp) surv(t, lp)
  })
  nom <- rms::nomogram(f, fun = funs, funlabel = paste0(".S", seq_along(times)), ...)
  list(fit = f, surv = surv, nom = nom)
}

nomogram_cph_parts <- function(x, time, event, times, newx, method = "efron", maxscale = 100, nint = 10) {
  # the nomogram's axes, and for newx: predict(fit, newx) (lp), the nomogram's points per variable
  # (uncentred terms - info$R[1, ]) * info$sc, total points (lp - info$Intercept) * info$sc, surv(t, lp)
  m <- .nomogram_cph(x, time, event, times, method, maxscale = maxscale, nint = nint)
  f <- m$fit
  nom <- m$nom
  info <- attr(nom, "info")
  vars <- names(x)
  labels <- paste0(".S", seq_along(times))
  axes <- lapply(vars, function(v) list(value = nom[[v]][[v]], points = unname(nom[[v]]$points)))
  names(axes) <- vars
  fun_x <- lapply(labels, function(l) unname(nom[[l]]$x))
  fun_at <- lapply(labels, function(l) unname(nom[[l]]$x.real))
  lp <- unname(stats::predict(f, newx, type = "lp"))
  terms <- rms:::predictrms(f, newdata = newx, type = "terms", center.terms = FALSE)
  pts <- lapply(vars, function(v) unname((terms[, v] - info$R[1, v]) * info$sc))
  names(pts) <- vars
  score_surv <- lapply(times, function(t) unname(m$surv(t, lp)))
  list(axes = axes, sc = info$sc, intercept = unname(info$Intercept), center = f$center,
       R_min = unname(info$R[1, vars]), R_max = unname(info$R[2, vars]),
       total_x = nom$total.points$x, lp_x = nom$lp$x, lp_at = nom$lp$x.real,
       fun_x = fun_x, fun_at = fun_at, names = names(nom),
       score_lp = lp, score_points = pts, score_total = (lp - info$Intercept) * info$sc,
       score_surv = score_surv)
}

nomogram_cph_error <- function(x, time, event, times, method = "efron") {
  # the error message of rms::nomogram with survival axes at times (NULL when it draws them)
  tryCatch({
    suppressWarnings(.nomogram_cph(x, time, event, times, method))
    NULL
  }, error = function(e) conditionMessage(e))
}

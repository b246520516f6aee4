# rms::calibrate (cmethod = "KM") and rms::validate for a cph fit (rms 6.5-0, survival 3.5-3), for
# tests/test_calibrate_cph.py and benchmarks/bench_calibrate_cph.py.  Needs cph.R (.cph_formula).

.cph_cal_fit <- function(x, time, event, method, u) {
  d <- x
  d$.time <- time
  d$.event <- event
  fo <- .cph_formula(names(x))
  rms::cph(fo, data = d, x = TRUE, y = TRUE, surv = TRUE, method = method, time.inc = u)
}

.quiet <- function(expr) {
  # the value, with the warnings and printed lines collected (rms prints "Using Cox survival estimates ...")
  warns <- character(0)
  out <- utils::capture.output(v <- withCallingHandlers(expr, warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  }))
  list(value = v, warnings = warns, output = out)
}

cph_calibrate <- function(x, time, event, u, m = 150, B = 40, seed = 1L, method = "efron") {
  # set.seed(seed); rms::calibrate(fit, cmethod = "KM", method = "boot", u = u, m = m, B = B): the matrix
  f <- .cph_cal_fit(x, time, event, method, u)
  set.seed(seed)
  r <- .quiet(rms::calibrate(f, cmethod = "KM", method = "boot", u = u, m = m, B = B))
  cal <- r$value
  list(table = unname(unclass(cal)[, , drop = FALSE]), columns = colnames(cal),
       predicted = attr(cal, "predicted"), warnings = r$warnings, output = r$output,
       seed_after = .Random.seed)
}

cph_validate <- function(x, time, event, B = 40, seed = 1L, method = "efron") {
  # set.seed(seed); rms::validate(fit, method = "boot", B = B): the matrix
  d <- x
  d$.time <- time
  d$.event <- event
  f <- rms::cph(.cph_formula(names(x)), data = d, x = TRUE, y = TRUE, surv = TRUE, method = method)
  set.seed(seed)
  r <- .quiet(rms::validate(f, method = "boot", B = B))
  v <- r$value
  list(table = unname(unclass(v)[, , drop = FALSE]), rows = rownames(v), columns = colnames(v),
       warnings = r$warnings, output = r$output)
}

cph_surv_summary <- function(x, time, event, u, method = "efron") {
  # fit$surv.summary[2, 1, "Survival"]: S0(u) of the fit made with time.inc = u
  unname(.cph_cal_fit(x, time, event, method, u)$surv.summary[2, 1, 1])
}

cph_calval_time <- function(x, time, event, u, m = 150, B = 40, seed = 1L, method = "efron") {
  # elapsed seconds of calibrate and of validate (one run each, after set.seed(seed)) and their matrices
  f <- .cph_cal_fit(x, time, event, method, u)
  set.seed(seed)
  tc <- system.time(utils::capture.output(cal <- suppressWarnings(
    rms::calibrate(f, cmethod = "KM", method = "boot", u = u, m = m, B = B))))[["elapsed"]]
  set.seed(seed)
  tv <- system.time(utils::capture.output(v <- suppressWarnings(
    rms::validate(f, method = "boot", B = B))))[["elapsed"]]
  list(elapsed = c(tc, tv), cal = unname(unclass(cal)[, , drop = FALSE]), val = unname(unclass(v)[, , drop = FALSE]))
}

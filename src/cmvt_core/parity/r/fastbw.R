# rms::fastbw and validate/calibrate with bw = TRUE (issue 22, part B) for tests/test_fastbw.py.
# The formula arrives as a tree and is rebuilt by formula.R's rms_formula_tree (sourced first); data arrive
# as a data.frame; no R code is pasted from strings.

.fbw_fit <- function(kind, value, num, nargs, data) {
  fo <- rms_formula_tree(kind, value, num, nargs)
  rms::lrm(fo, data = data, x = TRUE, y = TRUE)
}

.fbw_out <- function(b) {
  res <- b$result
  list(result = if (is.null(res)) NULL else unname(unclass(res)), deleted = rownames(res),
       names_kept = b$names.kept, factors_kept = b$factors.kept, factors_deleted = b$factors.deleted,
       parms_kept = b$parms.kept, parms_deleted = b$parms.deleted,
       coef = as.numeric(b$coefficients), coef_names = names(b$coefficients), var = as.numeric(b$var),
       printed = utils::capture.output(print(b)))
}

fbw_fastbw <- function(kind, value, num, nargs, data, rule, type, sls, aics) {
  f <- .fbw_fit(kind, value, num, nargs, data)
  .fbw_out(rms::fastbw(f, rule = rule, type = type, sls = sls, aics = aics))
}

fbw_fastbw_xy <- function(x, y, rule, type, sls, aics) {
  # the x/y form: rms::lrm(y ~ ., x = TRUE, y = TRUE) on a data.frame of predictors
  d <- x
  d$.y <- y
  f <- rms::lrm(stats::as.formula(call("~", as.name(".y"), quote(.)), env = environment()), data = d,
                x = TRUE, y = TRUE)
  .fbw_out(rms::fastbw(f, rule = rule, type = type, sls = sls, aics = aics))
}

fbw_validate <- function(kind, value, num, nargs, data, B, seed, rule, type, sls, aics) {
  f <- .fbw_fit(kind, value, num, nargs, data)
  set.seed(seed)
  msgs <- utils::capture.output(v <- rms::validate(f, B = B, bw = TRUE, rule = rule, type = type, sls = sls,
                                                   aics = aics))
  kept <- attr(v, "kept")
  m <- unclass(v)
  list(table = matrix(as.numeric(m), nrow = nrow(m)), kept = matrix(as.numeric(kept), nrow = nrow(kept)),
       kept_names = colnames(kept), messages = msgs, printed = utils::capture.output(print(v)))
}

fbw_calibrate <- function(kind, value, num, nargs, data, B, seed, rule, type, sls, aics) {
  f <- .fbw_fit(kind, value, num, nargs, data)
  set.seed(seed)
  msgs <- utils::capture.output(cal <- rms::calibrate(f, B = B, bw = TRUE, rule = rule, type = type, sls = sls,
                                                      aics = aics))
  m <- unclass(cal)
  list(table = matrix(as.numeric(m), nrow = nrow(m)), messages = msgs)
}

fbw_bench <- function(kind, value, num, nargs, data, B, seed) {
  # wall time of rms::validate(fit, B, bw = TRUE) (seconds), for the benchmark
  f <- .fbw_fit(kind, value, num, nargs, data)
  set.seed(seed)
  t0 <- proc.time()[["elapsed"]]
  invisible(utils::capture.output(v <- rms::validate(f, B = B, bw = TRUE)))
  proc.time()[["elapsed"]] - t0
}

fbw_fastbw_cph <- function(kind, value, num, nargs, data, rule, type, sls, aics) {
  fo <- rms_formula_tree(kind, value, num, nargs)
  f <- rms::cph(fo, data = data, x = TRUE, y = TRUE, surv = TRUE)
  .fbw_out(rms::fastbw(f, rule = rule, type = type, sls = sls, aics = aics))
}

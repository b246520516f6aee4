# R side of the calibrate / validate / lowess parity cases (issue 6).
# Constant code: data arrive as arguments; nothing is pasted into R code.

cal_lowess <- function(x, y, f, iter, delta) {
  if (is.null(delta)) stats::lowess(x, y, f = f, iter = iter)
  else stats::lowess(x, y, f = f, iter = iter, delta = delta)
}

cal_fit <- function(X, y) {
  # rms::lrm(.outcome ~ ., x=TRUE, y=TRUE) on a data.frame (or numeric matrix) of predictors.
  d <- as.data.frame(X)
  for (j in seq_along(d)) if (is.character(d[[j]])) d[[j]] <- factor(d[[j]])
  d$.outcome <- y
  f <- rms::lrm(.outcome ~ ., data = d, x = TRUE, y = TRUE)
  if (isTRUE(f$fail)) stop("the original lrm fit failed")
  f
}

n_failed <- function(msgs) {
  m <- regmatches(msgs, regexpr("Divergence or singularity in [0-9]+ samples", msgs))
  if (length(m) == 0) 0L else as.integer(sub("Divergence or singularity in ([0-9]+) samples", "\\1", m))
}

cal_fit_parts <- function(X, y) {
  f <- cal_fit(X, y)
  list(coef = unname(f$coefficients), linear_predictors = unname(f$linear.predictors),
       stats = as.list(f$stats), x = unname(f$x), y = as.numeric(f$y))
}

cal_calibrate <- function(X, y, B, seed) {
  f <- cal_fit(X, y)
  set.seed(seed)
  msgs <- utils::capture.output(cal <- rms::calibrate(f, method = "boot", B = B))
  state <- get(".Random.seed", envir = globalenv())  # before plot(): scat1d may jitter
  grDevices::pdf(NULL)
  printed <- utils::capture.output(err <- plot(cal))
  grDevices::dev.off()
  m <- unclass(cal)
  list(table = matrix(as.numeric(m), nrow = nrow(m), dimnames = list(NULL, colnames(m))),
       err = as.numeric(err),
       mae = mean(abs(err), na.rm = TRUE), mse = mean(err^2, na.rm = TRUE),
       q90 = unname(stats::quantile(abs(err), 0.9, na.rm = TRUE)), n = length(err),
       printed = paste(printed, collapse = "\n"), messages = paste(msgs, collapse = "\n"),
       n_failed = n_failed(paste(msgs, collapse = " ")),
       random_seed = state)
}

cal_validate <- function(X, y, B, seed) {
  f <- cal_fit(X, y)
  set.seed(seed)
  msgs <- utils::capture.output(v <- rms::validate(f, method = "boot", B = B))
  m <- unclass(v)
  list(table = matrix(as.numeric(m), nrow = nrow(m), dimnames = dimnames(m)),
       messages = paste(msgs, collapse = "\n"), n_failed = n_failed(paste(msgs, collapse = " ")))
}

cal_lrm_fit <- function(X, y, tol, maxit) {
  # rms::lrm.fit as the bootstrap calls it.
  f <- rms::lrm.fit(X, y, tol = tol, maxit = maxit)
  if (isTRUE(f$fail) && is.null(f$coefficients)) return(list(fail = TRUE))
  list(fail = f$fail, coef = unname(f$coefficients), deviance = f$deviance, stats = as.list(f$stats))
}

cal_somers2 <- function(x, y) as.list(Hmisc::somers2(x, y))
cal_ginimd <- function(x) Hmisc::GiniMd(x)

cal_external <- function(p, y) {
  # external calibration as cmvt_core.external_calibration documents it
  n <- length(p)
  s <- sort(p)
  predy <- seq(s[5], s[n - 4], length = 50)
  cal <- stats::approx(stats::lowess(p, y, iter = 0), xout = predy, ties = function(x) x[1])$y
  ok <- !is.na(predy + cal)
  err <- p - stats::approx(predy[ok], cal[ok], xout = p, ties = mean)$y
  list(predy = predy, calibrated = cal, err = err, mae = mean(abs(err), na.rm = TRUE),
       mse = mean(err^2, na.rm = TRUE), q90 = unname(stats::quantile(abs(err), 0.9, na.rm = TRUE)))
}

cal_time <- function(X, y, B, seed) {
  # wall time of rms::calibrate + rms::validate at B (seconds), for the benchmark
  f <- cal_fit(X, y)
  t0 <- proc.time()[["elapsed"]]
  set.seed(seed); invisible(utils::capture.output(cal <- rms::calibrate(f, B = B)))
  t1 <- proc.time()[["elapsed"]]
  set.seed(seed); invisible(utils::capture.output(v <- rms::validate(f, B = B)))
  t2 <- proc.time()[["elapsed"]]
  c(calibrate = t1 - t0, validate = t2 - t1)
}

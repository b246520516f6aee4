# The whole CMVT study, step by step, for benchmarks/bench_study.py and bench_scaling.py (issue 10).
# Each function times its own R call with proc.time() (data conversion is not charged to R) and
# returns the numbers needed to check that R and Python computed the same thing.
# Constant code: data and names arrive as arguments; nothing is pasted into R code.

sb_elapsed <- function(expr_fn) {
  g0 <- gc(reset = TRUE)
  t0 <- proc.time()[["elapsed"]]
  value <- expr_fn()
  el <- proc.time()[["elapsed"]] - t0
  g <- gc()
  # peak of R's heap since the reset over its level then ("max used" minus "used", Ncells + Vcells, MB)
  peak <- sum(g[, ncol(g)]) - sum(g0[, 2])
  list(seconds = el, peak_mb = peak, value = value)
}

sb_frame <- function(X, y) {
  d <- as.data.frame(X)
  safe <- paste0("v", seq_along(d))
  names(d) <- safe
  d$.y <- y
  d
}

sb_cv <- function(x, y, seed, nfolds = 10L, type_measure = "mse") {
  sb_elapsed(function() {
    set.seed(seed)
    cv <- glmnet::cv.glmnet(x, y, family = "binomial", type.measure = type_measure, nfolds = nfolds)
    list(lambda_min = cv$lambda.min, coef_min = as.vector(coef(cv, s = "lambda.min")))
  })
}

sb_lrm <- function(X, y) {
  d <- sb_frame(X, y)
  sb_elapsed(function() {
    f <- rms::lrm(.y ~ ., data = d, x = TRUE, y = TRUE)
    list(coef = unname(f$coefficients), C = unname(f$stats[["C"]]))
  })
}

# calibrate and validate share the fit and the timing; each replicate loop starts at set.seed(seed)
sb_boot <- function(X, y, B, seed, what) {
  d <- sb_frame(X, y)
  f <- rms::lrm(.y ~ ., data = d, x = TRUE, y = TRUE)
  sb_elapsed(function() {
    set.seed(seed)
    if (identical(what, "calibrate")) {
      invisible(utils::capture.output(cal <- rms::calibrate(f, method = "boot", B = B)))
      list(corrected = as.numeric(unclass(cal)[, "calibrated.corrected"]))
    } else {
      invisible(utils::capture.output(v <- rms::validate(f, method = "boot", B = B)))
      list(table = as.numeric(unclass(v)[, 1:5]))
    }
  })
}

sb_calibrate <- function(X, y, B, seed) sb_boot(X, y, B, seed, "calibrate")

sb_validate <- function(X, y, B, seed) sb_boot(X, y, B, seed, "validate")

sb_roc <- function(y, p) {
  sb_elapsed(function() {
    r <- pROC::roc(y, p, quiet = TRUE)
    ci <- pROC::ci.auc(r, method = "delong")
    list(ci = as.numeric(ci))
  })
}

sb_dca <- function(X, y, bootstraps, seed) {
  d <- sb_frame(X, y)
  preds <- setdiff(names(d), ".y")
  sb_elapsed(function() {
    res <- dca_plain(d, ".y", preds, bootstraps = bootstraps, seed = seed)
    list(NB = res$NB, NB_lower = res$NB_lower, NB_upper = res$NB_upper)
  })
}

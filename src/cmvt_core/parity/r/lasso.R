# R side of the glmnet / cv.glmnet parity cases (issue 3).
# Constant code: called through the bridge with data as arguments; nothing is pasted in.

lasso_args <- function(weights, lambda, standardize, penalty_factor, nlambda, lambda_min_ratio, nvars, nobs) {
  args <- list(family = "binomial", standardize = standardize)
  if (!is.null(weights)) args$weights <- weights
  if (!is.null(lambda)) args$lambda <- lambda
  if (!is.null(penalty_factor)) args$penalty.factor <- penalty_factor
  if (!is.null(nlambda)) args$nlambda <- nlambda
  if (!is.null(lambda_min_ratio)) args$lambda.min.ratio <- lambda_min_ratio
  args
}

lasso_fit_list <- function(fit) {
  list(lambda = fit$lambda, a0 = unname(fit$a0), beta = unname(as.matrix(fit$beta)), df = fit$df,
       dev_ratio = fit$dev.ratio, nulldev = fit$nulldev, npasses = fit$npasses, jerr = fit$jerr)
}

lasso_glmnet <- function(x, y, weights = NULL, lambda = NULL, standardize = TRUE, penalty_factor = NULL,
                         nlambda = NULL, lambda_min_ratio = NULL, s = NULL, newx = NULL) {
  args <- c(list(x = x, y = y), lasso_args(weights, lambda, standardize, penalty_factor, nlambda,
                                           lambda_min_ratio, ncol(x), nrow(x)))
  fit <- do.call(glmnet::glmnet, args)
  out <- lasso_fit_list(fit)
  if (!is.null(s)) {
    out$coef_s <- unname(as.matrix(coef(fit, s = s)))
    if (!is.null(newx)) {
      out$link_s <- unname(predict(fit, newx = newx, s = s, type = "link"))
      out$resp_s <- unname(predict(fit, newx = newx, s = s, type = "response"))
    }
  }
  out
}

lasso_cv <- function(x, y, type_measure = "deviance", foldid = NULL, seed = NULL, nfolds = 10L,
                     weights = NULL, lambda = NULL, standardize = TRUE, penalty_factor = NULL) {
  args <- c(list(x = x, y = y, type.measure = type_measure, nfolds = nfolds, keep = TRUE),
            lasso_args(weights, lambda, standardize, penalty_factor, NULL, NULL, ncol(x), nrow(x)))
  if (!is.null(foldid)) args$foldid <- foldid
  warn <- character(0)
  if (!is.null(seed)) set.seed(seed)
  cv <- withCallingHandlers(do.call(glmnet::cv.glmnet, args),
                            warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  list(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, cvup = cv$cvup, cvlo = cv$cvlo, nzero = unname(cv$nzero),
       lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se, index = as.vector(cv$index),
       name = unname(cv$name), foldid = cv$foldid,
       coef_min = as.vector(coef(cv, s = "lambda.min")), coef_1se = as.vector(coef(cv, s = "lambda.1se")),
       warnings = warn)
}

lasso_cv_time <- function(x, y, foldid, reps = 1L) {
  # best-of-reps elapsed seconds of cv.glmnet with a fixed foldid (benchmark)
  best <- Inf
  for (i in seq_len(reps)) {
    t0 <- proc.time()[["elapsed"]]
    cv <- glmnet::cv.glmnet(x, y, family = "binomial", foldid = foldid)
    best <- min(best, proc.time()[["elapsed"]] - t0)
  }
  list(seconds = best, lambda_min = cv$lambda.min, n_lambda = length(cv$lambda))
}

# R side of the glmnet(family = "cox") / cv.glmnet parity cases (issue 20).
# Constant code: called through the bridge with data as arguments; nothing is pasted in.

coxnet_args <- function(alpha, weights, lambda, standardize, penalty_factor, nlambda, lambda_min_ratio) {
  # glmnet's arguments, the NULL ones left out (R's defaults)
  given <- list(weights = weights, lambda = lambda, penalty.factor = penalty_factor, nlambda = nlambda,
                lambda.min.ratio = lambda_min_ratio)
  c(list(family = "cox", alpha = alpha, standardize = standardize), given[!vapply(given, is.null, TRUE)])
}

coxnet_glmnet <- function(x, time, status, alpha = 1, weights = NULL, lambda = NULL, standardize = TRUE,
                          penalty_factor = NULL, nlambda = NULL, lambda_min_ratio = NULL, s = NULL, newx = NULL) {
  args <- c(list(x = x, y = survival::Surv(time, status)),
            coxnet_args(alpha, weights, lambda, standardize, penalty_factor, nlambda, lambda_min_ratio))
  res <- collect_warnings(do.call(glmnet::glmnet, args))
  fit <- res$value
  out <- list(lambda = fit$lambda, beta = unname(as.matrix(fit$beta)), df = fit$df, dev_ratio = fit$dev.ratio,
              nulldev = fit$nulldev, npasses = fit$npasses, jerr = fit$jerr, warnings = res$warnings)
  if (!is.null(s)) {
    out$coef_s <- unname(as.matrix(coef(fit, s = s)))
    if (!is.null(newx)) {
      out$link_s <- unname(as.matrix(predict(fit, newx = newx, s = s, type = "link")))
      out$resp_s <- unname(as.matrix(predict(fit, newx = newx, s = s, type = "response")))
    }
  }
  out
}

coxnet_deviance <- function(x, time, status, beta, weights = NULL) {
  glmnet::coxnet.deviance(x = x, y = survival::Surv(time, status), weights = weights, beta = beta)
}

coxnet_cv <- function(x, time, status, type_measure = "deviance", foldid = NULL, seed = NULL, nfolds = 10L,
                      alpha = 1, weights = NULL, standardize = TRUE, penalty_factor = NULL, grouped = TRUE) {
  args <- c(list(x = x, y = survival::Surv(time, status), type.measure = type_measure, nfolds = nfolds,
                 grouped = grouped),
            coxnet_args(alpha, weights, NULL, standardize, penalty_factor, NULL, NULL))
  if (!is.null(foldid)) args$foldid <- foldid
  if (!is.null(seed)) set.seed(seed)
  res <- collect_warnings(do.call(glmnet::cv.glmnet, args))
  cv <- res$value
  list(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, cvup = cv$cvup, cvlo = cv$cvlo, nzero = unname(cv$nzero),
       lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se, index = as.vector(cv$index),
       name = unname(cv$name),
       coef_min = as.vector(coef(cv, s = "lambda.min")), coef_1se = as.vector(coef(cv, s = "lambda.1se")),
       warnings = res$warnings)
}

coxnet_cv_time <- function(x, time, status, foldid, reps = 1L) {
  # best-of-reps elapsed seconds of cv.glmnet(family = "cox") with a fixed foldid (benchmark)
  y <- survival::Surv(time, status)
  best <- Inf
  for (i in seq_len(reps)) {
    t0 <- proc.time()[["elapsed"]]
    cv <- glmnet::cv.glmnet(x, y, family = "cox", foldid = foldid)
    best <- min(best, proc.time()[["elapsed"]] - t0)
  }
  list(seconds = best, lambda_min = cv$lambda.min, cvm = cv$cvm)
}

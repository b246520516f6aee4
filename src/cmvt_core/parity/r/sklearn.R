# R side of the scikit-learn estimator parity tests (issue 17): what CVGlmnetClassifier and LrmClassifier
# must reproduce.  Data always arrive as arguments; nothing is pasted into code.

# set.seed(seed); cvfit <- cv.glmnet(x, y, family = "binomial", ...); predict(cvfit, newx, s, type = "response")
sk_cv_glmnet_predict <- function(x, y, newx, seed = NULL, foldid = NULL, nfolds = 10L, s = "lambda.min",
                                 type_measure = "deviance", alpha = 1) {
  args <- list(x = x, y = y, family = "binomial", nfolds = nfolds, type.measure = type_measure, alpha = alpha,
               keep = TRUE)
  if (!is.null(foldid)) args$foldid <- foldid
  if (!is.null(seed)) set.seed(seed)
  cvfit <- do.call(glmnet::cv.glmnet, args)
  list(lambda_min = cvfit$lambda.min, lambda_1se = cvfit$lambda.1se, foldid = cvfit$foldid,
       coef = as.vector(coef(cvfit, s = s)),
       link = as.vector(predict(cvfit, newx = newx, s = s, type = "link")),
       response = as.vector(predict(cvfit, newx = newx, s = s, type = "response")))
}

# fit <- lrm(y ~ ., data); predict(fit, newx, type = "fitted").  Where lrm gives up (fail = TRUE: it warns
# "Unable to fit model using lrm.fit" and returns lrm.fit's list, which predict() cannot use), the
# coefficients it returned and plogis(cbind(1, newx) %*% coef) instead.
sk_lrm_predict <- function(x, y, newx) {
  df <- as.data.frame(x)
  names(df) <- paste0("x", seq_len(ncol(x)))
  nd <- as.data.frame(newx)
  names(nd) <- names(df)
  df$y <- y
  warn <- character(0)
  f <- withCallingHandlers(rms::lrm(y ~ ., data = df),
                           warning = function(w) { warn <<- c(warn, conditionMessage(w)); invokeRestart("muffleWarning") })
  if (isTRUE(f$fail)) {
    lp <- drop(cbind(1, as.matrix(newx)) %*% f$coefficients)
    return(list(coef = unname(f$coefficients), lp = unname(lp), fitted = unname(stats::plogis(lp)), fail = TRUE,
                warnings = warn))
  }
  list(coef = unname(f$coefficients), lp = unname(predict(f, newdata = nd)),
       fitted = unname(predict(f, newdata = nd, type = "fitted")), fail = FALSE, warnings = warn)
}

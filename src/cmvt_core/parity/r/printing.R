# R side of the printing tests (issue 17): the lines R's print() writes for each result, as
# capture.output() gives them.  Constant code: data arrive as arguments; nothing is pasted into R code.

prt_df <- function(x) {
  x <- as.data.frame(x)
  for (j in seq_along(x)) if (is.character(x[[j]])) x[[j]] <- factor(x[[j]])
  x
}

prt_lrm <- function(x, y) {
  x <- prt_df(x)
  lrm <- rms::lrm  # so that the call prints as lrm(...)
  fit <- lrm(y ~ ., data = x, x = TRUE, y = TRUE)
  utils::capture.output(print(fit))
}

# rms::calibrate's own print method (rms:::print.calibrate.default; rms 6.5 does not register it, so
# print(cal) would print the bare matrix with every attribute)
prt_calibrate <- function(x, y, B, seed) {
  x <- prt_df(x)
  fit <- rms::lrm(y ~ ., data = x, x = TRUE, y = TRUE)
  B <- as.numeric(B)
  set.seed(seed)
  invisible(utils::capture.output(cal <- eval(bquote(rms::calibrate(fit, method = "boot", B = .(B))))))
  utils::capture.output(rms:::print.calibrate.default(cal))
}

prt_validate <- function(x, y, B, seed) {
  x <- prt_df(x)
  fit <- rms::lrm(y ~ ., data = x, x = TRUE, y = TRUE)
  set.seed(seed)
  invisible(utils::capture.output(v <- rms::validate(fit, method = "boot", B = B)))
  utils::capture.output(print(v))
}

prt_roc <- function(y, predictor, direction = "auto", percent = FALSE) {
  r <- suppressMessages(pROC::roc(y, predictor, direction = direction, percent = percent))
  r$call <- quote(roc.default(response = y, predictor = predictor))
  utils::capture.output(print(r))
}

prt_cv_glmnet <- function(x, y, seed, type_measure = "deviance") {
  set.seed(seed)
  cv <- glmnet::cv.glmnet(x = x, y = y, family = "binomial", type.measure = type_measure)
  cv$call <- quote(cv.glmnet(x = x, y = y, family = "binomial"))
  utils::capture.output(print(cv))
}

prt_glmnet <- function(x, y) {
  glmnet <- glmnet::glmnet  # so that the call prints as glmnet(...)
  fit <- glmnet(x = x, y = y, family = "binomial")
  utils::capture.output(print(fit))
}

prt_coef_cv <- function(x, y, seed, s) {
  set.seed(seed)
  cv <- glmnet::cv.glmnet(x = x, y = y, family = "binomial")
  cf <- as.matrix(coef(cv, s = s))
  list(names = rownames(cf), values = as.vector(cf))
}

prt_t_test <- function(x, y, var_equal = FALSE) utils::capture.output(print(stats::t.test(x, y, var.equal = var_equal)))
prt_wilcox_test <- function(x, y) utils::capture.output(print(suppressWarnings(stats::wilcox.test(x, y))))
prt_chisq_test <- function(x) utils::capture.output(print(suppressWarnings(stats::chisq.test(x))))
prt_fisher_test <- function(x) utils::capture.output(print(stats::fisher.test(x)))
prt_shapiro_test <- function(x) utils::capture.output(print(stats::shapiro.test(x)))

# ResourceSelection::hoslem.test's htest (the package itself is not needed to print it)
prt_hoslem <- function(statistic, df, p_value) {
  h <- structure(list(statistic = c("X-squared" = statistic), parameter = c(df = df), p.value = p_value,
                      method = "Hosmer and Lemeshow goodness of fit (GOF) test", data.name = "y, fitted"),
                 class = "htest")
  utils::capture.output(print(h))
}

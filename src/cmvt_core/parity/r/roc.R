# pROC 1.18.0 reference calls for cmvt_core.roc (issue 5). Constant code: data come in as arguments.
# Each function returns plain lists; warnings are collected (not printed) so tests can compare them.

.roc_collect <- function(expr) {
  warns <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = warns)
}

roc_fit <- function(y, p, direction = "auto") {
  w <- .roc_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    v <- pROC::var(r)
    ci <- as.numeric(pROC::ci.auc(r, method = "delong"))
    by <- pROC::coords(r, "best", best.method = "youden", transpose = FALSE)
    bt <- pROC::coords(r, "best", best.method = "closest.topleft", transpose = FALSE)
    pl <- if (length(r$cases) > 0 && length(r$controls) > 0) pROC:::delongPlacements(r) else NULL
    list(auc = as.numeric(r$auc), direction = r$direction, thresholds = r$thresholds,
         sensitivities = r$sensitivities, specificities = r$specificities, var = v, ci = ci,
         youden_threshold = by$threshold, youden_sensitivity = by$sensitivity,
         youden_specificity = by$specificity,
         topleft_threshold = bt$threshold, topleft_sensitivity = bt$sensitivity,
         topleft_specificity = bt$specificity,
         theta = pl$theta, X = pl$X, Y = pl$Y,
         na_action = as.integer(attr(r$response, "na.action")))
  })
  c(w$value, list(warnings = w$warnings))
}

roc_ci_boot <- function(y, p, direction, seed, boot_n, stratified, conf_level = 0.95) {
  w <- .roc_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    set.seed(seed)
    ci <- pROC::ci.auc(r, conf.level = conf_level, method = "bootstrap", boot.n = boot_n,
                       boot.stratified = stratified, progress = "none")
    list(ci = as.numeric(ci), random_seed = get(".Random.seed", envir = globalenv()))
  })
  c(w$value, list(warnings = w$warnings))
}

roc_test_paired <- function(y, p1, p2, d1 = "auto", d2 = "auto", alternative = "two.sided",
                            conf_level = 0.95) {
  w <- .roc_collect({
    r1 <- pROC::roc(y, p1, direction = d1, quiet = TRUE)
    r2 <- pROC::roc(y, p2, direction = d2, quiet = TRUE)
    t <- pROC::roc.test(r1, r2, method = "delong", alternative = alternative, conf.level = conf_level)
    list(statistic = unname(t$statistic), p_value = t$p.value, estimate = unname(t$estimate),
         conf_int = as.numeric(t$conf.int), method = t$method)
  })
  c(w$value, list(warnings = w$warnings))
}

roc_test_unpaired <- function(y1, p1, y2, p2, alternative = "two.sided") {
  w <- .roc_collect({
    r1 <- pROC::roc(y1, p1, quiet = TRUE)
    r2 <- pROC::roc(y2, p2, quiet = TRUE)
    t <- pROC::roc.test(r1, r2, method = "delong", alternative = alternative)
    list(statistic = unname(t$statistic), p_value = t$p.value, estimate = unname(t$estimate),
         df = unname(t$parameter), method = t$method)
  })
  c(w$value, list(warnings = w$warnings))
}

roc_bench <- function(y, p) {
  # what the benchmark times: roc() + ci.auc() (DeLong)
  r <- pROC::roc(y, p, quiet = TRUE)
  as.numeric(pROC::ci.auc(r))
}

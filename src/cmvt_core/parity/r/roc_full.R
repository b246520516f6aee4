# pROC 1.18.0 reference calls for "pROC in full" part A (issue 21): roc(percent, partial.auc, levels,
# controls/cases, ordered predictor), auc(), coords(), ci.auc with partial AUC.  Constant code: data come in as
# arguments; warnings are collected, errors returned as text (needs roc_ci_coords.R sourced before).

# Warnings and errors are collected by .cic_collect of roc_ci_coords.R (source that file first).
.rf_collect <- function(expr) .cic_collect(expr)

.rf_pa <- function(pa) if (is.null(pa)) FALSE else pa

rf_asah <- function() {
  e <- new.env()
  utils::data(aSAH, package = "pROC", envir = e)
  a <- e$aSAH
  list(outcome = as.integer(a$outcome == "Poor"), outcome_text = as.character(a$outcome),
       s100b = a$s100b, ndka = a$ndka, wfns = as.integer(a$wfns), wfns_levels = levels(a$wfns))
}

rf_roc <- function(y, p, direction = "auto", percent = FALSE, pa = NULL, focus = "specificity", correct = FALSE) {
  .rf_collect({
    r <- pROC::roc(y, p, levels = c(0, 1), direction = direction, percent = percent, partial.auc = .rf_pa(pa),
                   partial.auc.focus = focus, partial.auc.correct = correct, quiet = TRUE)
    list(auc = as.numeric(r$auc), sensitivities = r$sensitivities, specificities = r$specificities,
         thresholds = r$thresholds, direction = r$direction)
  })
}

rf_auc <- function(y, p, direction = "auto", percent = FALSE, pa = NULL, focus = "specificity", correct = FALSE) {
  .rf_collect({
    r <- pROC::roc(y, p, levels = c(0, 1), direction = direction, percent = percent, quiet = TRUE)
    list(auc = as.numeric(pROC::auc(r, partial.auc = .rf_pa(pa), partial.auc.focus = focus,
                                    partial.auc.correct = correct)))
  })
}

rf_roc_levels <- function(y, p, levels, direction = "auto", percent = FALSE) {
  .rf_collect({
    r <- pROC::roc(y, p, levels = levels, direction = direction, percent = percent, quiet = TRUE)
    list(auc = as.numeric(r$auc), sensitivities = r$sensitivities, specificities = r$specificities,
         thresholds = r$thresholds, direction = r$direction, ncases = length(r$cases),
         ncontrols = length(r$controls))
  })
}

rf_roc_cc <- function(controls, cases, direction = "auto", percent = FALSE) {
  .rf_collect({
    r <- pROC::roc(controls = controls, cases = cases, direction = direction, percent = percent, quiet = TRUE)
    list(auc = as.numeric(r$auc), sensitivities = r$sensitivities, specificities = r$specificities,
         thresholds = r$thresholds, direction = r$direction)
  })
}

rf_roc_ordered <- function(y, codes, levels, direction = "auto") {
  .rf_collect({
    p <- ordered(levels[codes], levels = levels)
    r <- pROC::roc(y, p, levels = c(0, 1), direction = direction, quiet = TRUE)
    list(auc = as.numeric(r$auc), sensitivities = r$sensitivities, specificities = r$specificities,
         thresholds = r$thresholds, direction = r$direction)
  })
}

rf_coords <- function(y, p, direction, percent, pa, focus, x, input, ret, best_method, weights) {
  .rf_collect({
    r <- pROC::roc(y, p, levels = c(0, 1), direction = direction, percent = percent, partial.auc = .rf_pa(pa),
                   partial.auc.focus = focus, quiet = TRUE)
    res <- if (is.null(x)) {
      pROC::coords(r, input = input, ret = ret, best.method = best_method, best.weights = weights,
                   transpose = FALSE)
    } else {
      pROC::coords(r, x, input = input, ret = ret, best.method = best_method, best.weights = weights,
                   transpose = FALSE)
    }
    if (is.null(res)) list(null = TRUE) else list(columns = as.list(res), names = colnames(res))
  })
}

rf_ci_auc <- function(y, p, direction, percent, pa, focus, correct, method, boot_n, stratified, seed) {
  .rf_collect({
    r <- pROC::roc(y, p, levels = c(0, 1), direction = direction, percent = percent, partial.auc = .rf_pa(pa),
                   partial.auc.focus = focus, partial.auc.correct = correct, quiet = TRUE)
    set.seed(seed)
    ci <- if (is.null(method)) {
      pROC::ci.auc(r, boot.n = boot_n, boot.stratified = stratified, progress = "none")
    } else {
      pROC::ci.auc(r, method = method, boot.n = boot_n, boot.stratified = stratified, progress = "none")
    }
    list(ci = as.numeric(ci))
  })
}

rf_bench <- function(y, p, what) {
  r <- pROC::roc(y, p, levels = c(0, 1), direction = "<", quiet = TRUE)
  if (what == "roc_auc") return(as.numeric(r$auc))
  if (what == "partial") return(as.numeric(pROC::auc(r, partial.auc = c(1, 0.8), partial.auc.correct = TRUE)))
  if (what == "coords") return(nrow(pROC::coords(r, "all", ret = c("threshold", "specificity", "sensitivity"))))
  stop("unknown")
}

rf_ci_coords_pct <- function(y, p, x, input, ret, best_method, boot_n, seed) {
  .rf_collect({
    r <- pROC::roc(y, p, levels = c(0, 1), percent = TRUE, quiet = TRUE)
    set.seed(seed)
    ci <- pROC::ci.coords(r, x, input = input, ret = ret, best.method = best_method, best.policy = "random",
                          boot.n = boot_n, progress = "none")
    list(ci = lapply(ret, function(nm) unname(ci[[nm]])))
  })
}

rf_ci_sesp_pct <- function(y, p, values, by_se, boot_n, seed) {
  .rf_collect({
    r <- pROC::roc(y, p, levels = c(0, 1), percent = TRUE, quiet = TRUE)
    set.seed(seed)
    ci <- if (by_se) {
      if (is.null(values)) pROC::ci.sp(r, boot.n = boot_n, progress = "none")
      else pROC::ci.sp(r, sensitivities = values, boot.n = boot_n, progress = "none")
    } else {
      if (is.null(values)) pROC::ci.se(r, boot.n = boot_n, progress = "none")
      else pROC::ci.se(r, specificities = values, boot.n = boot_n, progress = "none")
    }
    list(ci = unname(unclass(ci)[, , drop = FALSE]))
  })
}

rf_roc_test <- function(y, p1, p2, percent, pa) {
  .rf_collect({
    r1 <- pROC::roc(y, p1, levels = c(0, 1), percent = percent, partial.auc = .rf_pa(pa), quiet = TRUE)
    r2 <- pROC::roc(y, p2, levels = c(0, 1), percent = percent, partial.auc = .rf_pa(pa), quiet = TRUE)
    t <- pROC::roc.test(r1, r2, method = "delong")
    list(statistic = unname(t$statistic), p_value = t$p.value, estimate = unname(t$estimate),
         conf_int = as.numeric(t$conf.int))
  })
}

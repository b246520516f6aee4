# pROC 1.18.0 reference calls for roc_test's resampling methods, power_roc_test and multiclass_roc (issue 21).
# Constant code: data come in as arguments; warnings are collected, not printed.

.rt_collect <- function(expr) {
  warns <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  c(value, list(warnings = warns))
}

# aSAH as plain vectors: outcome 0/1 (Poor = 1), the three markers (wfns as its numeric codes, as pROC reads
# an ordered factor), gos6 as its integer codes with its factor levels.
asah_data <- function() {
  e <- new.env()
  utils::data("aSAH", package = "pROC", envir = e)
  a <- e$aSAH
  list(outcome = as.integer(a$outcome == "Poor"), s100b = a$s100b, ndka = a$ndka, wfns = as.numeric(a$wfns),
       gos6 = as.integer(as.character(a$gos6)), gos6_levels = levels(a$gos6), age = a$age)
}

roc_test_resampled <- function(y1, p1, y2, p2, method, paired = NULL, alternative = "two.sided", boot_n = 2000,
                               stratified = TRUE, point = NULL, seed = 1, d1 = "auto", d2 = "auto") {
  .rt_collect({
    r1 <- pROC::roc(y1, p1, direction = d1, quiet = TRUE)
    r2 <- pROC::roc(y2, p2, direction = d2, quiet = TRUE)
    args <- list(r1, r2, method = method, paired = paired, alternative = alternative, boot.n = boot_n,
                 boot.stratified = stratified, progress = "none")
    if (method == "specificity") args$specificity <- point
    if (method == "sensitivity") args$sensitivity <- point
    set.seed(seed)
    t <- do.call(pROC::roc.test, args)
    list(statistic = unname(t$statistic), p_value = t$p.value, estimate = unname(t$estimate),
         method = t$method, parameter = unname(t$parameter), null_name = names(t$null.value))
  })
}

power_numeric <- function(auc = NULL, ncases = NULL, ncontrols = NULL, sig_level = 0.05, power = NULL, kappa = 1,
                          alternative = "two.sided") {
  .rt_collect({
    # UseMethod dispatches on the first argument given: pROC's numeric method either way
    args <- list(ncases = ncases, ncontrols = ncontrols, sig.level = sig_level, power = power, kappa = kappa,
                 alternative = alternative)
    if (!is.null(auc)) args <- c(list(auc = auc), args)
    r <- do.call(pROC:::power.roc.test.numeric, args)
    list(ncases = r$ncases, ncontrols = r$ncontrols, auc = as.numeric(r$auc), sig_level = r$sig.level,
         power = r$power)
  })
}

power_curves <- function(y, p1, p2 = NULL, sig_level = 0.05, power = NULL, kappa = NULL, method = "delong",
                         alternative = "two.sided", boot_n = 2000, seed = 1) {
  .rt_collect({
    r1 <- pROC::roc(y, p1, quiet = TRUE)
    if (is.null(p2)) {
      r <- pROC::power.roc.test(r1, sig.level = sig_level, power = power, kappa = kappa, alternative = alternative)
    } else {
      r2 <- pROC::roc(y, p2, quiet = TRUE)
      set.seed(seed)
      r <- pROC::power.roc.test(r1, r2, sig.level = sig_level, power = power, kappa = kappa, method = method,
                                alternative = alternative, boot.n = boot_n, progress = "none")
    }
    list(ncases = r$ncases, ncontrols = r$ncontrols, auc = as.numeric(r$auc), auc1 = as.numeric(r$auc1),
         auc2 = as.numeric(r$auc2), sig_level = r$sig.level, power = r$power)
  })
}

power_params <- function(pars, ncases = NULL, ncontrols = NULL, sig_level = 0.05, power = NULL, kappa = 1,
                         alternative = "two.sided") {
  .rt_collect({
    r <- pROC::power.roc.test(as.list(pars), ncases = ncases, ncontrols = ncontrols, sig.level = sig_level,
                              power = power, kappa = kappa, alternative = alternative)
    list(ncases = r$ncases, ncontrols = r$ncontrols, sig_level = r$sig.level, power = r$power)
  })
}

# response: character or numeric codes; as_factor with factor_levels makes it a factor (unused levels kept).
multiclass_fit <- function(response, predictor, factor_levels = NULL, levels = NULL, direction = NULL,
                           percent = FALSE) {
  .rt_collect({
    resp <- if (is.null(factor_levels)) response else factor(response, levels = factor_levels)
    args <- list(resp, predictor, percent = percent, quiet = TRUE)
    if (!is.null(levels)) args$levels <- levels
    if (!is.null(direction)) args$direction <- direction
    if (is.data.frame(predictor)) args[[2]] <- as.matrix(predictor)
    m <- do.call(pROC::multiclass.roc, args)
    pair_aucs <- if (inherits(m, "mv.multiclass.roc")) {
      unlist(lapply(m$rocs, function(x) c(as.numeric(pROC::auc(x[[1]])), as.numeric(pROC::auc(x[[2]])))))
    } else {
      unname(sapply(m$rocs, function(r) as.numeric(pROC::auc(r))))
    }
    list(auc = as.numeric(m$auc), levels = as.character(m$levels), pair_aucs = unname(pair_aucs),
         directions = if (inherits(m, "mv.multiclass.roc")) character(0) else
           unname(sapply(m$rocs, function(r) r$direction)))
  })
}

# set.seed(seed); roc.test(r1, r2, method) of paired (y) or unpaired (y2) curves built with percent and a partial
# AUC (pa: two numbers); point: the specificity / sensitivity of those tests
roc_test_partial <- function(y, p1, y2, p2, method, percent, pa, focus, correct, boot_n, stratified, seed,
                             paired = NULL, point = NULL) {
  .rt_collect({
    mk <- function(yy, p) pROC::roc(yy, p, quiet = TRUE, percent = percent, partial.auc = pa,
                                    partial.auc.focus = focus, partial.auc.correct = correct)
    args <- list(mk(y, p1), mk(y2, p2), method = method, paired = paired, boot.n = boot_n,
                 boot.stratified = stratified, progress = "none")
    if (method == "specificity") args$specificity <- point
    if (method == "sensitivity") args$sensitivity <- point
    set.seed(seed)
    t <- do.call(pROC::roc.test, args)
    list(statistic = unname(t$statistic), p_value = t$p.value, estimate = unname(t$estimate))
  })
}

# pROC::auc(multiclass.roc(...), partial.auc = pa, ...): the multiclass AUC over partial AUCs
multiclass_partial_auc <- function(response, predictor, factor_levels, percent, pa, focus, correct) {
  .rt_collect({
    m <- pROC::multiclass.roc(factor(response, levels = factor_levels), predictor, percent = percent, quiet = TRUE)
    list(auc = as.numeric(pROC::auc(m)), pauc = as.numeric(pROC::auc(m, partial.auc = pa,
                                                                      partial.auc.focus = focus,
                                                                      partial.auc.correct = correct)))
  })
}

# roc.test with `method` left out: pROC picks the bootstrap for a partial AUC of roc1 or curves of different
# directions, DeLong otherwise (pROC:::roc.test.roc).
roc_test_default <- function(y, p1, p2, boot_n = 200, seed = 1, d1 = "auto", d2 = "auto") {
  .rt_collect({
    r1 <- pROC::roc(y, p1, direction = d1, quiet = TRUE)
    r2 <- pROC::roc(y, p2, direction = d2, quiet = TRUE)
    set.seed(seed)
    t <- pROC::roc.test(r1, r2, boot.n = boot_n, progress = "none")
    list(statistic = unname(t$statistic), p_value = t$p.value, estimate = unname(t$estimate), method = t$method)
  })
}

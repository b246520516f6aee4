# pROC 1.18.0 reference calls for smooth(), var(), cov() and ci.thresholds() (issue 21, part B). Constant
# code: data come in as arguments. Errors and warnings are collected (not printed) by .cic_collect of
# roc_ci_coords.R, which is sourced first.

# aSAH from pROC: outcome as 0/1 (Poor = 1) and the numeric markers (wfns as its integer level)
proc_asah <- function() {
  e <- new.env()
  utils::data("aSAH", package = "pROC", envir = e)
  a <- e$aSAH
  list(y = as.integer(a$outcome == "Poor"), s100b = a$s100b, ndka = a$ndka, wfns = as.numeric(a$wfns),
       age = as.numeric(a$age))
}

# pROC::smooth(roc(y, p), method, n); dc/dk: numeric densities (density method) or NULL
proc_smooth <- function(y, p, direction, method, n, dc = NULL, dk = NULL) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    s <- if (is.null(dc)) pROC::smooth(r, method = method, n = n)
         else pROC::smooth(r, method = method, n = n, density.controls = dc, density.cases = dk)
    coef <- if (method == "binormal") unname(coefficients(s$model)) else numeric(0)
    list(se = as.numeric(s$sensitivities), sp = as.numeric(s$specificities), auc = as.numeric(s$auc), coef = coef)
  })
}

# stats::density(x, n = n) $x and $y (R's own bandwidth)
proc_density <- function(x, n) {
  d <- stats::density(x, n = n)
  list(x = d$x, y = d$y, bw = d$bw)
}

# set.seed(seed); pROC::var(roc(y, p), method, boot.n, boot.stratified)
proc_var <- function(y, p, direction, method, boot_n, stratified, seed) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    set.seed(seed)
    list(var = as.numeric(pROC::var(r, method = method, boot.n = boot_n, boot.stratified = stratified,
                                    progress = "none")))
  })
}

# set.seed(seed); pROC::var(smooth(roc(y, p), method = smooth_method), method = "bootstrap", ...)
proc_var_smooth <- function(y, p, direction, smooth_method, boot_n, stratified, seed) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    s <- pROC::smooth(r, method = smooth_method)
    set.seed(seed)
    list(var = as.numeric(pROC::var(s, method = "bootstrap", boot.n = boot_n, boot.stratified = stratified,
                                    progress = "none")))
  })
}

# set.seed(seed); pROC::cov(roc(y, p1), roc(y, p2), method, boot.n, boot.stratified)
proc_cov <- function(y, p1, p2, d1, d2, method, boot_n, stratified, seed) {
  .cic_collect({
    r1 <- pROC::roc(y, p1, direction = d1, quiet = TRUE)
    r2 <- pROC::roc(y, p2, direction = d2, quiet = TRUE)
    set.seed(seed)
    list(cov = as.numeric(pROC::cov(r1, r2, method = method, boot.n = boot_n, boot.stratified = stratified,
                                    progress = "none")))
  })
}

# set.seed(seed); pROC::ci.thresholds(roc(y, p), thresholds, conf.level, boot.n, boot.stratified)
proc_ci_thresholds <- function(y, p, direction, thresholds, conf_level, boot_n, stratified, seed) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    set.seed(seed)
    ci <- pROC::ci.thresholds(r, thresholds = thresholds, conf.level = conf_level, boot.n = boot_n,
                              boot.stratified = stratified, progress = "none")
    list(threshold = as.numeric(attr(ci, "thresholds")), sp = matrix(as.numeric(ci$specificity), ncol = 3),
         se = matrix(as.numeric(ci$sensitivity), ncol = 3))
  })
}

# set.seed(seed); pROC::var / pROC::cov (bootstrap) of curves built with percent and a partial AUC (pa: two
# numbers, or NULL for the full AUC)
proc_var_partial <- function(y, p, direction, percent, pa, focus, correct, boot_n, stratified, seed) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE, percent = percent,
                   partial.auc = if (is.null(pa)) FALSE else pa, partial.auc.focus = focus,
                   partial.auc.correct = correct)
    set.seed(seed)
    list(var = as.numeric(pROC::var(r, method = "bootstrap", boot.n = boot_n, boot.stratified = stratified,
                                    progress = "none")))
  })
}

proc_cov_partial <- function(y, p1, p2, percent, pa, focus, correct, boot_n, stratified, seed) {
  .cic_collect({
    mk <- function(p) pROC::roc(y, p, quiet = TRUE, percent = percent,
                                partial.auc = if (is.null(pa)) FALSE else pa, partial.auc.focus = focus,
                                partial.auc.correct = correct)
    r1 <- mk(p1)
    r2 <- mk(p2)
    set.seed(seed)
    list(cov = as.numeric(pROC::cov(r1, r2, method = "bootstrap", boot.n = boot_n, boot.stratified = stratified,
                                    progress = "none")))
  })
}

# pROC::var / pROC::cov by Obuchowski's method of curves with a partial AUC (focus specificity) and percent
proc_obuchowski_partial <- function(y, p1, p2, percent, pa) {
  .cic_collect({
    r1 <- pROC::roc(y, p1, quiet = TRUE, percent = percent, partial.auc = pa)
    r2 <- pROC::roc(y, p2, quiet = TRUE, percent = percent, partial.auc = pa)
    list(var = as.numeric(pROC::var(r1, method = "obuchowski")),
         cov = as.numeric(pROC::cov(r1, r2, method = "obuchowski")))
  })
}

# Bootstrap statistics of smoothed curves (issue 21): s1 = smooth(roc(y1, p1), method = sm1), s2 likewise (sm = "none":
# the curve unsmoothed); pa: NULL or the partial-AUC interval of both curves.  Each statistic after set.seed(seed):
# ci.auc(s1), var(s1), cov(s1, s2), roc.test(s1, s2) by bootstrap, specificity (at x_sp) and sensitivity (at x_se).
proc_smooth_boot <- function(y1, p1, y2, p2, sm1, sm2, boot_n, stratified, seed, pa = NULL, focus = "specificity",
                             correct = FALSE, x_sp = 0.8, x_se = 0.8, n = 512, percent = FALSE) {
  mk <- function(y, p, sm) {
    r <- pROC::roc(y, p, quiet = TRUE, percent = percent, partial.auc = if (is.null(pa)) FALSE else pa,
                   partial.auc.focus = focus, partial.auc.correct = correct)
    if (sm == "none") r else pROC::smooth(r, method = sm, n = n)
  }
  s1 <- mk(y1, p1, sm1)
  s2 <- mk(y2, p2, sm2)
  one <- function(f) .cic_collect({ set.seed(seed); list(value = f()) })
  tst <- function(...) one(function() {
    t <- pROC::roc.test(s1, s2, boot.n = boot_n, boot.stratified = stratified, progress = "none", ...)
    c(unname(t$statistic), t$p.value, unname(t$estimate))
  })
  list(auc = c(as.numeric(s1$auc), as.numeric(s2$auc)),
       ci = one(function() as.numeric(pROC::ci.auc(s1, boot.n = boot_n, boot.stratified = stratified,
                                                     progress = "none"))),
       var = one(function() as.numeric(pROC::var(s1, boot.n = boot_n, boot.stratified = stratified,
                                                  progress = "none"))),
       cov = one(function() as.numeric(pROC::cov(s1, s2, method = "bootstrap", boot.n = boot_n,
                                                  boot.stratified = stratified, progress = "none"))),
       boot = tst(method = "bootstrap"),
       sp = tst(method = "specificity", specificity = x_sp),
       se = tst(method = "sensitivity", sensitivity = x_se))
}

# set.seed(seed); cov(smooth(roc(y, p1, partial.auc = pa, ...)), smooth(roc(y, p2, ...)), boot.n) with pROC's missing
# method (test-cov.R lines 100-111 on aSAH)
proc_cov_smooth_partial <- function(y, p1, p2, pa, focus, boot_n, seed) {
  r1 <- pROC::smooth(pROC::roc(y, p1, partial.auc = pa, partial.auc.focus = focus, quiet = TRUE))
  r2 <- pROC::smooth(pROC::roc(y, p2, partial.auc = pa, partial.auc.focus = focus, quiet = TRUE))
  set.seed(seed)
  as.numeric(pROC::cov(r1, r2, boot.n = boot_n, progress = "none"))
}

# auc(s) and auc(s, partial.auc = pa, ...) of s = smooth(roc(y, p), method, n) (auc.smooth.roc)
proc_smooth_auc <- function(y, p, method, n, pa, focus, correct) {
  s <- pROC::smooth(pROC::roc(y, p, quiet = TRUE), method = method, n = n)
  c(as.numeric(pROC::auc(s)), as.numeric(pROC::auc(s, partial.auc = pa, partial.auc.focus = focus,
                                                   partial.auc.correct = correct)))
}

# timing helpers for benchmarks/bench_proc_smooth_var.py --smoothed (issue 21): one statistic of smoothed curves
proc_smooth_boot_bench <- function(y, p1, p2, what, sm, boot_n, seed) {
  s1 <- pROC::smooth(pROC::roc(y, p1, quiet = TRUE), method = sm)
  s2 <- pROC::smooth(pROC::roc(y, p2, quiet = TRUE), method = sm)
  set.seed(seed)
  if (what == "ci") return(as.numeric(pROC::ci.auc(s1, boot.n = boot_n, progress = "none")))
  if (what == "cov") return(as.numeric(pROC::cov(s1, s2, method = "bootstrap", boot.n = boot_n, progress = "none")))
  m <- if (what == "test") "bootstrap" else "specificity"
  t <- pROC::roc.test(s1, s2, method = m, specificity = 0.8, boot.n = boot_n, progress = "none")
  c(unname(t$statistic), t$p.value)
}

proc_ci_coords_partial_bench <- function(y, p, pa, boot_n, seed) {
  r <- pROC::roc(y, p, quiet = TRUE, partial.auc = pa)
  set.seed(seed)
  ci <- pROC::ci.coords(r, "best", boot.n = boot_n, best.policy = "random", progress = "none")
  unlist(lapply(unclass(ci)[1:3], as.numeric))
}

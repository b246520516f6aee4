# pROC 1.18.0 reference calls for Roc.ci_coords / ci_se / ci_sp (issue 18). Constant code: data come in as
# arguments. Errors and warnings are collected (not printed) so tests can compare them.

.cic_collect <- function(expr) {
  warns <- character(0)
  value <- tryCatch(withCallingHandlers(expr, warning = function(w) {
    warns <<- c(warns, conditionMessage(w))
    invokeRestart("muffleWarning")
  }), error = function(e) list(error = conditionMessage(e)))
  c(value, list(warnings = warns))
}

# set.seed(seed); ci.coords(...): one 3-column matrix per ret, returned as a list of plain matrices
roc_ci_coords <- function(y, p, direction, x, input, ret, best_method, best_policy, conf_level, boot_n,
                          stratified, seed) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    set.seed(seed)
    ci <- pROC::ci.coords(r, x, input = input, ret = ret, best.method = best_method, best.policy = best_policy,
                          conf.level = conf_level, boot.n = boot_n, boot.stratified = stratified,
                          progress = "none")
    list(ci = lapply(unclass(ci)[seq_along(ret)], function(m) matrix(as.numeric(m), nrow = nrow(m))),
         ret = attr(ci, "ret"), random_seed = get(".Random.seed", envir = globalenv()))
  })
}

# the same with ret left missing (pROC's default ret depends on input)
roc_ci_coords_default_ret <- function(y, p, direction, x, input, conf_level, boot_n, stratified, seed) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    set.seed(seed)
    ci <- pROC::ci.coords(r, x, input = input, conf.level = conf_level, boot.n = boot_n,
                          boot.stratified = stratified, progress = "none")
    list(ci = lapply(unclass(ci)[seq_along(attr(ci, "ret"))], function(m) matrix(as.numeric(m), nrow = nrow(m))),
         ret = attr(ci, "ret"))
  })
}

# set.seed(seed); ci.se(r, sp, ...) (what = "se") or ci.sp(r, se, ...) (what = "sp"); values NULL: pROC's default
roc_ci_sesp <- function(y, p, direction, what, values, conf_level, boot_n, stratified, seed) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE)
    set.seed(seed)
    ci <- if (what == "se") {
      if (is.null(values)) pROC::ci.se(r, conf.level = conf_level, boot.n = boot_n, boot.stratified = stratified,
                                       progress = "none")
      else pROC::ci.se(r, values, conf.level = conf_level, boot.n = boot_n, boot.stratified = stratified,
                       progress = "none")
    } else {
      if (is.null(values)) pROC::ci.sp(r, conf.level = conf_level, boot.n = boot_n, boot.stratified = stratified,
                                       progress = "none")
      else pROC::ci.sp(r, values, conf.level = conf_level, boot.n = boot_n, boot.stratified = stratified,
                       progress = "none")
    }
    list(ci = matrix(as.numeric(ci), nrow = nrow(ci)), values = as.numeric(attr(ci, if (what == "se")
      "specificities" else "sensitivities")))
  })
}

# timing helper for benchmarks/bench_ci_coords.py: the 3 x 3 matrix set of ci.coords(r, "best")
roc_ci_coords_bench <- function(y, p, seed, boot_n) {
  r <- pROC::roc(y, p, quiet = TRUE)
  set.seed(seed)
  ci <- pROC::ci.coords(r, "best", boot.n = boot_n, progress = "none")
  unlist(lapply(unclass(ci)[1:3], as.numeric))
}

# set.seed(seed); ci.coords(roc(y, p, partial.auc = pa, partial.auc.focus = focus, percent = percent), "best", ...)
# (issue 21: the best point of each replicate sought inside the partial-AUC interval)
roc_ci_coords_partial <- function(y, p, direction, pa, focus, percent, ret, best_method, best_policy, conf_level,
                                  boot_n, stratified, seed) {
  .cic_collect({
    r <- pROC::roc(y, p, direction = direction, quiet = TRUE, partial.auc = pa, partial.auc.focus = focus,
                   percent = percent)
    set.seed(seed)
    ci <- pROC::ci.coords(r, "best", ret = ret, best.method = best_method, best.policy = best_policy,
                          conf.level = conf_level, boot.n = boot_n, boot.stratified = stratified, progress = "none")
    list(ci = lapply(unclass(ci)[seq_along(ret)], function(m) matrix(as.numeric(m), nrow = nrow(m))))
  })
}

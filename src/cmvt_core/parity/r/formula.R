# rms formula fits (issue 22) for tests/test_formula.py: rms::lrm / rms::cph on a formula that arrives as
# a tree (node kinds, names, numbers, argument counts) and is rebuilt here with as.name() / as.call() from
# an allow-list of functions; no formula text is ever parsed or evaluated as R code.

.rms_calls <- c("rcs", "pol", "lsp", "catg", "scored", "strat", "I", "c", "Surv", "log", "exp", "sqrt", "abs",
                "log10", "log2", "pmax", "pmin", "+", "-", "*", "/", "^", "(", ":", "~")

rms_formula_tree <- function(kind, value, num, nargs) {
  # kind[i]: "N" a name (value[i]), "K" a number (num[i]), "C" a call of value[i] with nargs[i] arguments
  i <- 0L
  nxt <- function() {
    i <<- i + 1L
    k <- kind[i]
    if (k == "N") return(as.name(value[i]))
    if (k == "K") return(num[i])
    if (k == "C") {
      f <- value[i]
      if (!(f %in% .rms_calls)) stop("function not allowed in a formula: ", f)
      args <- list()
      for (j in seq_len(nargs[i])) args[[j]] <- nxt()
      return(as.call(c(list(as.name(f)), args)))
    }
    stop("bad formula node")
  }
  fo <- nxt()
  if (i != length(kind)) stop("formula tree has extra nodes")
  stats::as.formula(fo, env = globalenv())
}

.rms_parms <- function(p) {
  lapply(p, function(v) if (is.matrix(v)) as.vector(unname(v)) else unname(v))
}

rms_formula_fit <- function(kind, value, num, nargs, data, model = "lrm", method = "efron") {
  fo <- rms_formula_tree(kind, value, num, nargs)
  # no datadist left set by another helper in this R session (rms would take its limits and stop on a
  # variable it lacks): the fit as a fresh session makes it
  old <- options(datadist = NULL)
  on.exit(options(old))
  warns <- character(0)
  f <- withCallingHandlers(
    if (model == "lrm") rms::lrm(fo, data = data, x = TRUE, y = TRUE)
    else rms::cph(fo, data = data, x = TRUE, y = TRUE, surv = TRUE, method = method),
    warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  a <- withCallingHandlers(rms:::anova.rms(f), warning = function(w) {
    warns <<- c(warns, paste("anova:", conditionMessage(w)))
    invokeRestart("muffleWarning")
  })
  fn <- rms:::Function.rms(f)
  list(coef = unname(f$coefficients), names = names(f$coefficients), var = unname(f$var),
       stats = unname(f$stats), stat_names = names(f$stats), lp = unname(f$linear.predictors),
       x = unname(f$x), x_names = colnames(f$x), parms = .rms_parms(f$Design$parms),
       parm_names = names(f$Design$parms), term_names = f$Design$name,
       anova = unname(unclass(a)), anova_rows = rownames(a), anova_cols = colnames(a),
       anova_print = utils::capture.output(print(a)),
       fn_args = names(formals(fn)), fn_body = paste(deparse(body(fn), width.cutoff = 500L), collapse = " "), warnings = warns, center = if (model == "cph") f$center else 0)
}

rms_formula_predict <- function(kind, value, num, nargs, data, newdata, model = "lrm") {
  fo <- rms_formula_tree(kind, value, num, nargs)
  old <- options(datadist = NULL)
  on.exit(options(old))
  f <- if (model == "lrm") rms::lrm(fo, data = data, x = TRUE, y = TRUE)
       else rms::cph(fo, data = data, x = TRUE, y = TRUE, surv = TRUE)
  unname(stats::predict(f, newdata))
}

rms_anova_xy <- function(x, y) {
  # anova(rms::lrm(y ~ ., x = TRUE, y = TRUE)) of the x/y form
  d <- x
  d$.y <- y
  f <- rms::lrm(stats::as.formula(call("~", as.name(".y"), quote(.)), env = environment()), data = d,
                x = TRUE, y = TRUE)
  a <- rms:::anova.rms(f)
  list(anova = unname(unclass(a)), anova_rows = rownames(a))
}

rms_dataset <- function(name, package) {
  # a data set shipped with an R package (e.g. MASS's birthwt), by name: utils::data(list = name)
  e <- new.env()
  utils::data(list = name, package = package, envir = e)
  e[[name]]
}

rcs_knots_basis <- function(x, nk) {
  # Hmisc::rcspline.eval(x, nk = nk, inclx = TRUE) as rms::rcs calls it: the knots, the basis and the warnings
  warns <- character(0)
  b <- withCallingHandlers(Hmisc::rcspline.eval(x, nk = nk, inclx = TRUE, fractied = 0.05),
                           warning = function(w) {
                             warns <<- c(warns, conditionMessage(w))
                             invokeRestart("muffleWarning")
                           })
  list(knots = attr(b, "knots"), basis = unname(unclass(b)[, , drop = FALSE]), warnings = warns)
}

rms_cph_strat <- function(kind, value, num, nargs, data, newdata, times, method = "efron") {
  # what a stratified rms::cph (strat() terms) adds to rms_formula_fit: the strata, the fit's loglik, score and
  # iterations, survest(fit, newdata, times) (each new row on its own stratum's curve) and print(fit)
  fo <- rms_formula_tree(kind, value, num, nargs)
  old <- options(datadist = NULL)
  on.exit(options(old))
  f <- suppressWarnings(rms::cph(fo, data = data, x = TRUE, y = TRUE, surv = TRUE, method = method))
  # survest stops ('new dataset has strata levels not found in the original') when the fit's strata dropped
  # level combinations without rows: the error text is returned instead
  s <- tryCatch(rms::survest(f, newdata = newdata, times = times), error = function(e) conditionMessage(e))
  list(strata = as.character(f$strata), strata_levels = levels(f$strata), loglik = f$loglik, score = f$score,
       iter = f$iter, means = unname(f$means), surv = if (is.character(s)) NULL else unname(as.matrix(s$surv)),
       survest_error = if (is.character(s)) s else NULL, print = utils::capture.output(print(f)))
}

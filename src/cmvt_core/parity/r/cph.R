# rms::cph (rms 6.5-0, survival 3.5-3) for tests/test_cph.py and benchmarks/bench_cph.py.

.cph_formula <- function(predictors, env = parent.frame()) {
  # Surv(.time, .event) ~ p1 + p2 + ... built from symbols: no column name is ever parsed as R code
  # (as dca.R's formula; a name such as "a`); system('x'); (`b" stays one odd symbol)
  rhs <- Reduce(function(a, b) call("+", a, b), lapply(as.character(predictors), as.name))
  stats::as.formula(call("~", quote(survival::Surv(.time, .event)), rhs), env = env)
}

cph_fit <- function(x, time, event, method = "efron") {
  # the fit with every column spelled out, its warnings and print() lines
  d <- x
  d$.time <- time
  d$.event <- event
  fo <- .cph_formula(names(x))
  warns <- character(0)
  out <- utils::capture.output(f <- withCallingHandlers(
    rms::cph(fo, data = d, x = TRUE, y = TRUE, surv = TRUE, method = method),
    warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    }))
  if (isTRUE(f$fail)) return(list(fail = TRUE, output = out, warnings = warns))
  list(fail = FALSE, coef = unname(f$coefficients), names = names(f$coefficients), var = unname(f$var),
       loglik = f$loglik, stats = unname(f$stats), stat_names = names(f$stats),
       lp = unname(f$linear.predictors), center = f$center, means = unname(f$means), iter = f$iter,
       score = f$score, time_inc = f$time.inc, maxtime = f$maxtime, warnings = warns,
       print = utils::capture.output(print(f)))
}

.cph_refit <- function(x, time, event, method) {
  # rms::cph as cph_fit calls it, the fit itself
  d <- x
  d$.time <- time
  d$.event <- event
  fo <- .cph_formula(names(x))
  rms::cph(fo, data = d, x = TRUE, y = TRUE, surv = TRUE, method = method)
}

cph_predict <- function(x, time, event, newx, method = "efron") {
  # predict(fit, newdata, type = "lp") of the fit made as cph_fit makes it
  unname(stats::predict(.cph_refit(x, time, event, method), newx, type = "lp"))
}

cph_time <- function(x, time, event, method = "efron", reps = 3L) {
  # median elapsed seconds of rms::cph over reps runs
  d <- x
  d$.time <- time
  d$.event <- event
  fo <- .cph_formula(names(x))
  el <- vapply(seq_len(reps), function(i) system.time(
    rms::cph(fo, data = d, x = TRUE, y = TRUE, surv = TRUE, method = method))[["elapsed"]], 0)
  stats::median(el)
}

cph_survest <- function(x, time, event, newx, times, method = "efron") {
  # rms::survest(fit, newx, times)$surv (rows = newx, columns = sort(times)) of the fit cph_fit makes
  s <- rms::survest(.cph_refit(x, time, event, method), newx, times = times)$surv
  unname(matrix(s, nrow = nrow(newx), ncol = length(times)))
}

cph_concordance <- function(x, time, event, method = "efron") {
  # survival::concordance(fit) of the fit cph_fit makes: c(concordance, var)
  cc <- survival::concordance(.cph_refit(x, time, event, method))
  c(unname(cc$concordance), unname(cc$var))
}

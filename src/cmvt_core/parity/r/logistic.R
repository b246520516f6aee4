# R side of the lrm / Hosmer-Lemeshow / nomogram parity tests (issue 4).
# Data always arrive as arguments; nothing is pasted into code.

# `yname ~ .` built from a symbol: the outcome name is never parsed as R code (a name holding a back-quote
# would otherwise break out of paste0("`", yname, "` ~ .") and run; tests/api/test_security.py proves it cannot).
y_dot_formula <- function(yname, env = parent.frame()) {
  stats::as.formula(call("~", as.name(yname), quote(.)), env = env)
}

lrm_fit_raw <- function(x, y, maxit = 12, eps = 0.025, tol = 1e-7) {
  x <- as.matrix(x)
  f <- suppressWarnings(rms::lrm.fit(x, y, maxit = maxit, eps = eps, tol = tol))
  if (length(f$coefficients) == 0) return(list(fail = TRUE))
  list(coef = unname(f$coefficients), var = unname(f$var), fail = f$fail,
       deviance = f$deviance, linear_predictors = unname(f$linear.predictors),
       stats = as.list(f$stats), stat_names = names(f$stats), u = unname(f$u))
}

lrm_df <- function(df, yname) {
  # rms::lrm(y ~ ., x=TRUE, y=TRUE) on a data.frame holding the outcome column named yname.
  for (nm in names(df)) if (is.character(df[[nm]])) df[[nm]] <- factor(df[[nm]])
  form <- y_dot_formula(yname)
  dd <- rms::datadist(df[setdiff(names(df), yname)])
  options(datadist = dd)
  f <- rms::lrm(form, data = df, x = TRUE, y = TRUE)
  f
}

lrm_summary <- function(df, yname) {
  f <- lrm_df(df, yname)
  list(coef = unname(f$coefficients), coef_names = names(f$coefficients), var = unname(f$var),
       stats = unname(f$stats), stat_names = names(f$stats),
       linear_predictors = unname(f$linear.predictors),
       fitted = unname(predict(f, type = "fitted")),
       fail = f$fail)
}

glm_summary <- function(df, yname) {
  for (nm in names(df)) if (is.character(df[[nm]])) df[[nm]] <- factor(df[[nm]])
  form <- y_dot_formula(yname)
  g <- stats::glm(form, data = df, family = stats::binomial())
  s <- coef(summary(g))
  ci <- exp(cbind(s[, 1] - stats::qnorm(0.975) * s[, 2], s[, 1] + stats::qnorm(0.975) * s[, 2]))
  list(table = unname(s), names = rownames(s), or = unname(exp(s[, 1])), ci = unname(ci))
}

lrm_predict_new <- function(df, yname, newdf) {
  for (nm in names(newdf)) if (is.character(newdf[[nm]])) newdf[[nm]] <- factor(newdf[[nm]], levels = sort(unique(df[[nm]])))
  f <- lrm_df(df, yname)
  list(lp = unname(predict(f, newdata = newdf)), fitted = unname(predict(f, newdata = newdf, type = "fitted")))
}

nomogram_parts <- function(df, yname, maxscale = 100) {
  f <- lrm_df(df, yname)
  nom <- rms::nomogram(f, fun = stats::plogis, maxscale = maxscale)
  info <- attr(nom, "info")
  vars <- setdiff(names(df), yname)
  axes <- lapply(vars, function(v) list(value = nom[[v]][[v]], points = nom[[v]]$points))
  names(axes) <- vars
  funname <- names(nom)[length(names(nom))]
  list(axes = axes, sc = info$sc, intercept = info$Intercept,
       total_x = nom$total.points$x, lp_x = nom$lp$x, lp_at = nom$lp$x.real,
       fun_x = nom[[length(nom)]]$x, fun_at = nom[[length(nom)]]$x.real, fun_name = funname,
       names = names(nom))
}

hosmer_perf <- function(y, fitted_model_df, yname) {
  g <- stats::glm(y_dot_formula(yname), data = fitted_model_df, family = stats::binomial())
  h <- performance::performance_hosmer(g, n_bins = 10)
  list(chisq = unname(h$chisq), df = unname(h$df), p = unname(h$p.value), fitted = unname(fitted(g)), y = g$y)
}

r_pretty <- function(lo, hi, n = 5) pretty(c(lo, hi), n = n)

hl_base <- function(y, p, g) {
  # The Hosmer-Lemeshow grouping of docs/R_ALGORITHMS.md section 7, in base R:
  # unique type-7 quantile breaks, cut(include.lowest=TRUE), tables over every interval,
  # df = number of non-empty groups - 2.
  br <- unique(stats::quantile(p, probs = seq(0, 1, 1 / g)))
  grp <- cut(p, breaks = br, include.lowest = TRUE)
  o <- stats::xtabs(cbind(1 - y, y) ~ grp)
  e <- stats::xtabs(cbind(1 - p, p) ~ grp)
  x2 <- sum((o - e)^2 / e)
  G <- length(unique(grp))
  list(statistic = x2, df = G - 2, p = 1 - stats::pchisq(x2, G - 2), observed = unclass(o)[, , drop = TRUE],
       expected = unclass(e)[, , drop = TRUE], breaks = unname(br))
}

lrm_time <- function(df, yname, reps = 1L) {
  # seconds for rms::lrm(y ~ ., x=TRUE, y=TRUE) (best of reps), as the benchmark's R side
  form <- y_dot_formula(yname)
  best <- Inf
  for (i in seq_len(reps)) {
    t <- system.time(rms::lrm(form, data = df, x = TRUE, y = TRUE))[["elapsed"]]
    best <- min(best, t)
  }
  best
}

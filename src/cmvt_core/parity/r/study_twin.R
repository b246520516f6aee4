# The R twin of cmvt_core.study.pipeline.run_study: the whole CMVT study in R (glmnet, rms, pROC, stats).
#
#   Rscript parity/r/study_twin.R DATA.csv CONFIG.json OUT.json
#
# runs the study on DATA.csv with the config (the keys of cmvt_core.study.StudyConfig.to_dict(); missing
# keys take the study's defaults) and writes OUT.json with the same keys as cmvt's results.json (its
# "provenance" block holds R's versions instead of Python's).  Through the parity bridge the same work is
# done by study_twin(df, cfg) / study_twin_file(path, cfg), which return a nested named list.
#
# Every random step is "set.seed(seed) just before it", as the pipeline's docstring fixes:
#   split:      set.seed(seed); train <- sort(sample(n, round(ratio * n)))
#               ([split] method = "caret": sort(createDataPartition(factor(y), p = ratio, list = FALSE)))
#   cv.glmnet:  set.seed(seed); cv.glmnet(x, y, family = "binomial", type.measure = ..., nfolds = ...)
#   [model] formula (cfg$formula_tree: the nodes of cmvt_core.formula.r_nodes, rebuilt by formula.R's
#               rms_formula_tree, never parsed): no LASSO; lrm(formula, data = train, x = TRUE, y = TRUE)
#   calibrate:  set.seed(seed); calibrate(fit, method = "boot", B = B)
#   validate:   set.seed(seed); validate(fit, method = "boot", B = B)
#   each DCA:   set.seed(seed); decision_curve(y ~ risk, fitted.risk = TRUE, bootstraps = ...)
#   each ROC:   set.seed(seed); ci.coords(roc, "best", ret = c("threshold", "specificity", "sensitivity"),
#                                         best.method = "youden", best.policy = "random", boot.n = roc_boot_n)
#               ("random": a replicate whose Youden index ties takes one best threshold with sample(); pROC's
#               default "stop" would abort the study)
#   [calibration] validation = "refit": set.seed(seed); calibrate(lrm refitted on the validation group, B)
#   [compare] cutoffs, each group: set.seed(seed); the categorical NRI's bootstrap (rc_boot of reclass.R:
#               nricens's loop with sample(N, replace = TRUE))
# and without a random step: rms::val.prob(p_validation, y_validation, pl = FALSE) (the training model in the
# validation group), Hmisc::improveProb(p_reference, p_final, y) in each group ([compare] reference), and the
# clinical impact numbers rmda::plot_clinical_impact(dc, population.size = 1000) draws (prob.high.risk x N and
# DP x N of each decision curve's model rows, thresholds as.numeric(as.character(.))).
#
# rmda and ResourceSelection are not installable here: the decision curves use dca_plain() of
# parity/r/dca.R (rmda 1.6's rules, docs/R_ALGORITHMS.md section 8; checked against rmda's goldens by the tests)
# and Hosmer-Lemeshow is ResourceSelection 0.3-6's rule written out below (section 7).  The baseline
# table is baseline_table_r() of parity/r/baseline.R (stats::shapiro.test, t.test, wilcox.test,
# chisq.test, fisher.test).  The categorical NRI is reclass.R's rc_predictabel (PredictABEL 1.2-4's lines) and
# rc_boot (nricens 1.6's loop; neither package is in Debian).  These files are sourced by the command-line entry; through the bridge the
# caller sources them first.
#
# Constant code: column names and data arrive as values and are never pasted into code; the models
# are fitted on columns renamed v1..vk (formula `.y ~ .`) and the names are mapped back afterwards.

twin_defaults <- function() {
  list(outcome = "cmvt", predictors = NULL, seed = 2024L, split_ratio = 0.7, split_method = "sample",
       lasso_type_measure = "mse",
       lasso_nfolds = 10L, lambda_rule = "min", keep_significant = TRUE, alpha = 0.05, hl_groups = 10L,
       calibration_B = 1000L, calibration_validation = "external", validation_B = 1000L, roc_boot_n = 2000L,
       dca_bootstraps = 500L, dca_thresholds_by = 0.01, dca_confidence = 0.95, compare_reference = NULL,
       compare_cutoffs = NULL, compare_boot = 1000L, survival_time = NULL, survival_event = NULL,
       survival_times = NULL, survival_unit = "days", survival_m = 150L, formula = NULL,
       formula_tree = NULL)
}

twin_config <- function(cfg) {
  out <- twin_defaults()
  for (k in names(cfg)) {
    if (!k %in% names(out)) stop("unknown config key: ", k)
    if (!is.null(cfg[[k]])) out[[k]] <- cfg[[k]] else out[k] <- list(NULL)
  }
  for (k in c("seed", "lasso_nfolds", "hl_groups", "calibration_B", "validation_B", "dca_bootstraps", "roc_boot_n",
              "compare_boot", "survival_m"))
    out[[k]] <- as.integer(out[[k]])
  out
}

# ------------------------------------------------------------------------------------------ helpers
twin_num <- function(x) { x <- unname(x); storage.mode(x) <- "double"; x }

twin_rows <- function(tab) {
  # a coefficient table (matrix with rownames) as a named list of named lists
  out <- lapply(seq_len(nrow(tab)), function(i) as.list(tab[i, ]))
  names(out) <- rownames(tab)
  out
}

twin_glm_table <- function(d) {
  # Wald table of glm(.y ~ ., binomial): what cmvt_core's LrmFit.summary() reports
  g <- stats::glm(.y ~ ., data = d, family = stats::binomial())
  s <- coef(summary(g))
  q <- stats::qnorm(0.975)
  tab <- cbind(coef = s[, 1], se = s[, 2], z = s[, 3], p = s[, 4], odds_ratio = exp(s[, 1]),
               or_lower = exp(s[, 1] - q * s[, 2]), or_upper = exp(s[, 1] + q * s[, 2]))
  tab
}

twin_model_frame <- function(X, y, vars) {
  d <- X[vars]
  safe <- paste0("v", seq_along(vars))
  names(d) <- safe
  d$.y <- y
  list(d = d, safe = safe, vars = vars)
}

twin_rename <- function(nms, mf) {
  # map v1..vk (and "(Intercept)") back to the study's names
  out <- nms
  out[nms == "(Intercept)"] <- "Intercept"
  m <- match(nms, mf$safe)
  out[!is.na(m)] <- mf$vars[m[!is.na(m)]]
  out
}

twin_lrm <- function(mf) {
  # rms::lrm(y ~ ., x = TRUE, y = TRUE) with datadist from the same (training) data
  old <- options(datadist = rms::datadist(mf$d[mf$safe]))
  on.exit(options(old))
  fit <- rms::lrm(.y ~ ., data = mf$d, x = TRUE, y = TRUE)
  list(fit = fit, dd = rms::datadist(mf$d[mf$safe]))
}

twin_formula_model <- function(cfg, Xt, yt) {
  # [model] formula: no LASSO; rms::lrm(formula, data = train, x = TRUE, y = TRUE), the formula rebuilt from
  # cfg$formula_tree (kind, value, num, nargs) by formula.R's rms_formula_tree (its text is never parsed)
  ft <- cfg$formula_tree
  if (is.null(ft)) stop("a formula config needs formula_tree (cmvt_core.formula.r_nodes(formula))")
  fo <- rms_formula_tree(as.character(ft$kind), as.character(ft$value), as.numeric(ft$num), as.integer(ft$nargs))
  vars <- all.vars(fo)[-1]
  dt <- Xt[vars]
  dt[[cfg$outcome]] <- yt
  dd <- rms::datadist(Xt[vars])
  old <- options(datadist = dd)
  on.exit(options(old))
  fit <- rms::lrm(fo, data = dt, x = TRUE, y = TRUE)
  xn <- colnames(fit$x)
  d <- as.data.frame(unname(fit$x))
  safe <- paste0("v", seq_along(xn))
  names(d) <- safe
  d$.y <- yt
  tab <- twin_glm_table(d)  # LrmFit.summary(): glm's Wald table on the design fit$x
  rownames(tab) <- twin_rename(rownames(tab), list(safe = safe, vars = xn))
  list(fo = fo, fit = fit, dd = dd, vars = vars, tab = tab)
}

twin_nomogram <- function(m, mf) {
  old <- options(datadist = m$dd)
  on.exit(options(old))
  nom <- rms::nomogram(m$fit, fun = stats::plogis)
  info <- attr(nom, "info")
  axes <- lapply(mf$safe, function(v) list(value = twin_num(nom[[v]][[v]]), points = twin_num(nom[[v]]$points)))
  names(axes) <- mf$vars
  last <- nom[[length(nom)]]
  list(axes = axes, total_points = twin_num(nom$total.points$x),
       lp_axis = list(lp = twin_num(nom$lp$x.real), points = twin_num(nom$lp$x)),
       risk_axis = list(risk = twin_num(last$x.real), total_points = twin_num(last$x)),
       sc = info$sc, intercept = unname(info$Intercept), maxscale = 100,
       points_per_unit_lp = info$sc, lp_units_per_point = 1 / info$sc)
}

twin_hoslem <- function(y, yhat, g = 10) {
  # ResourceSelection::hoslem.test(y, yhat, g) 0.3-6 (docs/R_ALGORITHMS.md section 7): unique type-7 quantile breaks
  # at seq(0, 1, 1/g), cut(include.lowest = TRUE), tables over every interval, df = non-empty groups - 2
  if (g < 2) stop("g must be > 1")
  qq <- unique(stats::quantile(yhat, probs = seq(0, 1, 1 / g)))
  cutyhat <- cut(yhat, breaks = qq, include.lowest = TRUE)
  observed <- stats::xtabs(cbind(y0 = 1 - y, y1 = y) ~ cutyhat)
  expected <- stats::xtabs(cbind(yhat0 = 1 - yhat, yhat1 = yhat) ~ cutyhat)
  chisq <- sum((observed - expected)^2 / expected)
  G <- length(unique(cutyhat))
  if (G < 2) stop("negative df: too few distinct fitted values")
  list(statistic = unname(chisq), df = G - 2L, p_value = 1 - stats::pchisq(chisq, G - 2),
       observed = matrix(as.numeric(observed), ncol = 2), expected = matrix(as.numeric(expected), ncol = 2),
       breaks = unname(qq), g = as.integer(g), method = "Hosmer and Lemeshow goodness of fit (GOF) test")
}

twin_roc <- function(y, p, cfg) {
  r <- pROC::roc(y, p, direction = "<", quiet = TRUE, levels = c(0, 1))
  ci <- as.numeric(pROC::ci.auc(r, conf.level = 0.95, method = "delong"))
  best <- pROC::coords(r, "best", best.method = "youden", transpose = FALSE)
  set.seed(cfg$seed)
  cc <- pROC::ci.coords(r, "best", input = "threshold", ret = c("threshold", "specificity", "sensitivity"),
                        best.method = "youden", best.policy = "random", conf.level = 0.95,
                        boot.n = cfg$roc_boot_n, boot.stratified = TRUE, progress = "none")
  bounds <- function(k) as.numeric(cc[[k]][1, c(1, 3)])   # the 2.5% and 97.5% columns
  list(auc = as.numeric(r$auc), ci_lower = ci[1], ci_upper = ci[3], threshold = best$threshold[1],
       sensitivity = best$sensitivity[1], specificity = best$specificity[1],
       n_best_thresholds = nrow(best), direction = r$direction,
       threshold_ci = bounds("threshold"), sensitivity_ci = bounds("sensitivity"),
       specificity_ci = bounds("specificity"), ci_boot_n = cfg$roc_boot_n, ci_best_policy = "random")
}

twin_calibrate <- function(fit, cfg) {
  # set.seed(seed); calibrate(fit, method = "boot", B): MAE, MSE and 0.9 quantile, and its table
  set.seed(cfg$seed)
  invisible(utils::capture.output(cal <- rms::calibrate(fit, method = "boot", B = cfg$calibration_B)))
  cm <- unclass(cal)
  e <- twin_cal_errors(attr(cal, "predicted"), cm[, "predy"], cm[, "calibrated.corrected"])
  list(e = e, table = matrix(as.numeric(cm), nrow = nrow(cm), dimnames = list(NULL, colnames(cm))))
}

twin_val_prob <- function(p, y) {
  s <- rms::val.prob(p, y, pl = FALSE)
  list(stats = as.list(twin_num_named(s)), n = length(y))
}

twin_num_named <- function(x) { nm <- names(x); x <- as.numeric(x); names(x) <- nm; x }

twin_clinical_impact <- function(dd, n = 1000) {
  # what rmda::plot_clinical_impact(dc, population.size = n) draws: the model rows' prob.high.risk x n and DP x n
  # (and their bootstrap bounds), thresholds as.numeric(as.character(.)) in increasing order
  m <- dd[!dd$model %in% c("All", "None"), ]
  m <- m[order(m$thresholds), ]
  out <- list(population_size = as.integer(n), thresholds = as.numeric(as.character(m$thresholds)),
              n_high_risk = m$prob.high.risk * n, n_high_risk_with_outcome = m$DP * n)
  if (!is.null(m$prob.high.risk_lower)) {
    out$n_high_risk_lower <- m$prob.high.risk_lower * n; out$n_high_risk_upper <- m$prob.high.risk_upper * n
    out$n_high_risk_with_outcome_lower <- m$DP_lower * n; out$n_high_risk_with_outcome_upper <- m$DP_upper * n
  }
  out
}

twin_improve <- function(x1, x2, y) {
  # Hmisc::improveProb(x1, x2, y)'s 21 numbers, named as cmvt_core.reclass.ImproveProb names them
  r <- Hmisc::improveProb(x1, x2, y)
  v <- lapply(unclass(r), function(v) as.vector(unclass(v)))
  nm <- c(n = "n", na = "na", nb = "nb", pup.ev = "pup_ev", pup.ne = "pup_ne", pdown.ev = "pdown_ev",
          pdown.ne = "pdown_ne", nri = "nri", se.nri = "se_nri", z.nri = "z_nri", nri.ev = "nri_ev",
          se.nri.ev = "se_nri_ev", z.nri.ev = "z_nri_ev", nri.ne = "nri_ne", se.nri.ne = "se_nri_ne",
          z.nri.ne = "z_nri_ne", improveSens = "improve_sens", improveSpec = "improve_spec", idi = "idi",
          se.idi = "se_idi", z.idi = "z_idi")
  out <- v[names(nm)]
  names(out) <- unname(nm)
  for (k in c("n", "na", "nb")) out[[k]] <- as.integer(out[[k]])
  out
}

twin_reclassification <- function(x1, x2, y, cutoffs, boot, seed) {
  # the categorical NRI as cmvt_core.reclass.reclassification: PredictABEL's tables and asymptotic interval
  # (rc_predictabel) and nricens's estimates with the bootstrap after set.seed(seed) (rc_boot, sample())
  pa <- rc_predictabel(x1, x2, y, cutoffs)
  rows <- function(m) lapply(seq_len(nrow(m)), function(i) as.numeric(m[i, ]))
  c1 <- findInterval(x1, cutoffs); c2 <- findInterval(x2, cutoffs)
  up <- c2 > c1; dn <- c2 < c1; ev <- y == 1
  asym <- lapply(1:3, function(i) list(estimate = pa$nri[i], se = pa$se[i], z = pa$z[i], p_value = pa$p[i],
                                       lower = pa$lower[i], upper = pa$upper[i]))
  names(asym) <- c("NRI", "NRI+", "NRI-")
  est_names <- c("NRI", "NRI+", "NRI-", "Pr(Up|Case)", "Pr(Down|Case)", "Pr(Down|Ctrl)", "Pr(Up|Ctrl)")
  if (boot > 0) {
    b <- rc_boot(x1, x2, y, cutoffs, boot, seed, 0.05, "sample")
    est <- lapply(1:7, function(i) list(estimate = b$estimate[i], std_error = b$se[i], lower = b$lower[i],
                                        upper = b$upper[i]))
  } else {
    e <- c(NA, NA, NA, mean(up[ev]), mean(dn[ev]), mean(dn[!ev]), mean(up[!ev]))
    e[2] <- e[4] - e[5]; e[3] <- e[6] - e[7]; e[1] <- e[2] + e[3]
    est <- lapply(1:7, function(i) list(estimate = e[i]))
  }
  names(est) <- est_names
  list(cutoffs = as.numeric(cutoffs), categories = pa$levels, table_events = rows(pa$present),
       table_nonevents = rows(pa$absent), n = length(y), n_events = sum(ev), n_nonevents = sum(!ev),
       up_ev = sum(up & ev), down_ev = sum(dn & ev), up_ne = sum(up & !ev), down_ne = sum(dn & !ev),
       nri = pa$nri[1], nri_ev = pa$nri[2], nri_ne = pa$nri[3], asymptotic = asym, estimates = est,
       conf_level = 0.95, boot = as.integer(boot))
}

twin_cal_errors <- function(predicted, predy, cal) {
  # what print/plot.calibrate.default print (full precision): err, MAE, MSE, 0.9 quantile of |err|
  s <- !is.na(predy + cal)
  err <- predicted - stats::approx(predy[s], cal[s], xout = predicted, ties = mean)$y
  list(err = err, mean_abs_error = mean(abs(err), na.rm = TRUE), mean_sq_error = mean(err^2, na.rm = TRUE),
       quantile90_abs_error = unname(stats::quantile(abs(err), 0.9, na.rm = TRUE)), n = length(err))
}

twin_external_calibration <- function(p, y) {
  # the validation cohort's (apparent) calibration, as cmvt_core.calibration.external_calibration:
  # calibrate's cal.error smoother on the new cohort, on calibrate's predy grid
  n <- length(p)
  s <- sort(p)
  predy <- seq(s[5], s[n - 4], length = 50)
  cal <- stats::approx(stats::lowess(p, y, iter = 0), xout = predy, ties = function(x) x[1])$y
  e <- twin_cal_errors(p, predy, cal)
  list(table = list(predy = predy, calibrated = cal), mean_abs_error = e$mean_abs_error,
       mean_sq_error = e$mean_sq_error, quantile90_abs_error = e$quantile90_abs_error, n = e$n)
}

twin_baseline <- function(X, group) {
  st <- baseline_table_r(X, group)
  lev <- sort(unique(group))
  f2 <- function(v) sprintf("%.2f", v)
  txt <- function(i, k) {
    if (st$kind[i] == "categorical")
      sprintf("%d (%.1f%%)", as.integer(st[[paste0("n_", k)]][i]), st[[paste0("pct_", k)]][i])
    else if (st$kind[i] == "normal")
      paste0(f2(st[[paste0("center_", k)]][i]), " \u00b1 ", f2(st[[paste0("spread_", k)]][i]))
    else
      paste0(f2(st[[paste0("center_", k)]][i]), " [", f2(st[[paste0("q1_", k)]][i]), ", ",
             f2(st[[paste0("q3_", k)]][i]), "]")
  }
  tab <- data.frame(variable = st$variable, level = st$level,
                    overall = vapply(seq_len(nrow(st)), txt, "", k = "overall"),
                    group_0 = vapply(seq_len(nrow(st)), txt, "", k = "0"),
                    group_1 = vapply(seq_len(nrow(st)), txt, "", k = "1"),
                    test = st$test, statistic = st$statistic, p_value = st$p_value, stringsAsFactors = FALSE)
  list(groups = lev, group_labels = lev,
       settings = list(max_levels = 5L, alpha = 0.05, var_equal = FALSE, correct = TRUE, expected_min = 5,
                       digits = 2L, n_0 = sum(group == lev[1]), n_1 = sum(group == lev[2])),
       table = tab, stats = st)
}

twin_dca <- function(y, p, cfg) {
  # set.seed(seed); rmda::decision_curve(y ~ risk, data, fitted.risk = TRUE, thresholds = seq(0, 1, by = by),
  #                                      bootstraps = B, confidence.intervals = level)  (via dca_plain)
  th <- seq(0, 1, by = cfg$dca_thresholds_by)
  d <- data.frame(y = as.numeric(y), risk = p)
  boot <- if (is.null(cfg$dca_confidence) || cfg$dca_bootstraps < 1) 0L else cfg$dca_bootstraps
  dd <- dca_plain(d, "y", "risk", fitted_risk = TRUE, thresholds = th, bootstraps = boot, seed = cfg$seed,
                  level = if (is.null(cfg$dca_confidence)) 0.95 else cfg$dca_confidence)
  model <- dd[!dd$model %in% c("All", "None"), ]
  allr <- dd[dd$model == "All", ]
  out <- list(thresholds = model$thresholds, nb_model = model$NB, nb_all = allr$NB, snb_model = model$sNB)
  if (!is.null(model$NB_lower)) { out$nb_lower <- model$NB_lower; out$nb_upper <- model$NB_upper }
  if (!identical(model$thresholds, allr$thresholds)) stop("the model's and treat-all's thresholds differ")
  out$useful_ranges <- twin_useful_ranges(model$thresholds, model$NB, allr$NB)
  list(summary = out, derived_data = dd)
}

twin_useful_ranges <- function(th, nb_model, nb_all) {
  # the threshold ranges where the model is useful: maximal runs of consecutive thresholds at which the
  # model's net benefit is finite and strictly above treat-all's and treat-none's (0); list of c(from, to)
  better <- is.finite(nb_model) & nb_model > nb_all & nb_model > 0
  better[is.na(better)] <- FALSE
  r <- rle(better)
  ends <- cumsum(r$lengths)
  starts <- ends - r$lengths + 1L
  lapply(which(r$values), function(k) c(th[starts[k]], th[ends[k]]))
}

# ------------------------------------------------------------------------------------------ the study
study_twin <- function(df, cfg = list()) {
  cfg <- twin_config(cfg)
  outcome <- cfg$outcome
  if (!outcome %in% names(df)) stop("outcome column not found: ", outcome)
  preds <- if (is.null(cfg$predictors)) setdiff(names(df), outcome) else as.character(cfg$predictors)
  miss <- setdiff(preds, names(df))
  if (length(miss)) stop("predictor column(s) not found: ", paste(miss, collapse = ", "))
  X <- df[preds]
  for (v in preds) X[[v]] <- as.numeric(X[[v]])
  y <- as.numeric(df[[outcome]])
  if (anyNA(X) || anyNA(y)) stop("missing values in the cohort")
  if (!all(y %in% c(0, 1))) stop("the outcome must be 0/1")
  n <- length(y)
  seed <- cfg$seed
  res <- list()
  extra <- list()

  # split
  set.seed(seed)
  if (identical(cfg$split_method, "caret")) {
    idx <- as.vector(caret::createDataPartition(factor(y), p = cfg$split_ratio, list = FALSE))
  } else {
    idx <- sample(n, round(cfg$split_ratio * n))
  }
  train <- sort(idx)
  is_train <- seq_len(n) %in% train
  Xt <- X[train, , drop = FALSE]; yt <- y[train]
  Xv <- X[!is_train, , drop = FALSE]; yv <- y[!is_train]
  rownames(Xt) <- NULL; rownames(Xv) <- NULL
  extra$split <- list(idx = idx, train = train)

  # baseline tables
  res$baseline <- list(
    training_vs_validation = twin_baseline(X, ifelse(is_train, "training", "validation")),
    events_vs_nonevents_training = twin_baseline(Xt, ifelse(yt == 1, "event", "no event")))

  if (!is.null(cfg$formula)) {  # [model] formula: the model is given, no LASSO
    fm <- twin_formula_model(cfg, Xt, yt)
    res["lasso"] <- list(NULL)
    fit <- fm$fit
    final_vars <- fm$vars
    m <- list(fit = fit, dd = fm$dd)
    mf <- list(safe = fm$vars, vars = fm$vars)
    b <- fit$coefficients
    res$model <- list(variables_lasso = character(0), variables_final = final_vars, keep_significant = FALSE,
                      alpha = cfg$alpha, multivariable = twin_rows(fm$tab), final = twin_rows(fm$tab),
                      coef = as.list(b), stats = as.list(fit$stats), formula = cfg$formula)
  } else {
    # LASSO
    s <- if (cfg$lambda_rule == "min") "lambda.min" else "lambda.1se"
    set.seed(seed)
    cv <- glmnet::cv.glmnet(as.matrix(Xt), yt, family = "binomial", type.measure = cfg$lasso_type_measure,
                            nfolds = cfg$lasso_nfolds, keep = TRUE)
    cf <- coef(cv, s = s)
    coefs <- as.vector(as.matrix(cf))
    names(coefs) <- c("(Intercept)", preds)
    selected <- preds[coefs[-1] != 0]
    res$lasso <- list(type_measure = cfg$lasso_type_measure, measure_name = unname(cv$name),
                      nfolds = cfg$lasso_nfolds, lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se,
                      lambda_rule = cfg$lambda_rule,
                      lambda_used = if (cfg$lambda_rule == "min") cv$lambda.min else cv$lambda.1se,
                      selected = selected, coefficients = as.list(coefs), foldid = cv$foldid,
                      path_length = length(cv$lambda))
    extra$cv <- list(lambda = cv$lambda, cvm = cv$cvm, cvsd = cv$cvsd, nzero = unname(cv$nzero))
    if (!length(selected)) stop("LASSO kept no predictor")

    # multivariable logistic model (glm's Wald table, as LrmFit.summary) and the final lrm
    mf_full <- twin_model_frame(Xt, yt, selected)
    tab_full <- twin_glm_table(mf_full$d)
    rownames(tab_full) <- twin_rename(rownames(tab_full), mf_full)
    final_vars <- selected
    if (isTRUE(cfg$keep_significant)) {
      pv <- tab_full[selected, "p"]
      final_vars <- selected[pv < cfg$alpha]
      if (!length(final_vars)) stop("no LASSO-selected predictor has P < alpha")
    }
    mf <- twin_model_frame(Xt, yt, final_vars)
    tab_final <- twin_glm_table(mf$d)
    rownames(tab_final) <- twin_rename(rownames(tab_final), mf)
    m <- twin_lrm(mf)
    fit <- m$fit
    b <- fit$coefficients
    names(b) <- twin_rename(names(b), mf)
    res$model <- list(variables_lasso = selected, variables_final = final_vars,
                      keep_significant = isTRUE(cfg$keep_significant), alpha = cfg$alpha,
                      multivariable = twin_rows(tab_full), final = twin_rows(tab_final),
                      coef = as.list(b), stats = as.list(fit$stats), formula = NULL)
  }

  res$nomogram <- twin_nomogram(m, mf)

  pt <- stats::plogis(unname(fit$linear.predictors))
  newd <- Xv[final_vars]; names(newd) <- mf$safe
  pv <- unname(stats::predict(fit, newdata = newd, type = "fitted"))  # (a formula's mf$safe are its columns)
  res$hosmer_lemeshow <- twin_hoslem(yt, pt, g = cfg$hl_groups)
  extra$fitted <- list(training = pt, validation = pv)

  res$training <- list(roc = twin_roc(yt, pt, cfg))
  res$validation <- list(roc = twin_roc(yv, pv, cfg))

  # calibration: bootstrap in training; in validation the training model's external (apparent) curve, or
  # ([calibration] validation = "refit") the bootstrap calibration of lrm refitted on the validation group
  tc <- twin_calibrate(fit, cfg)
  e <- tc$e
  res$training$calibration <- list(mean_abs_error = e$mean_abs_error, mean_sq_error = e$mean_sq_error,
                                   quantile90_abs_error = e$quantile90_abs_error, B = cfg$calibration_B,
                                   method = "rms::calibrate(fit, method='boot', B) after set.seed(seed)")
  extra$calibration_table <- tc$table
  if (identical(cfg$calibration_validation, "refit")) {
    if (!is.null(cfg$formula)) {  # the formula refitted on the validation group
      dv <- Xv[final_vars]; dv[[cfg$outcome]] <- yv
      mv <- list(fit = rms::lrm(fm$fo, data = dv, x = TRUE, y = TRUE))
      mfv <- list(safe = character(0), vars = character(0))  # its coefficients keep the formula's names
    } else {
      mfv <- twin_model_frame(Xv, yv, final_vars)
      mv <- twin_lrm(mfv)
    }
    vc <- twin_calibrate(mv$fit, cfg)
    bv <- mv$fit$coefficients
    names(bv) <- twin_rename(names(bv), mfv)
    res$validation$calibration <- list(
      mean_abs_error = vc$e$mean_abs_error, mean_sq_error = vc$e$mean_sq_error,
      quantile90_abs_error = vc$e$quantile90_abs_error, B = cfg$calibration_B, n = length(yv),
      method = paste0("refit: lrm refitted on the validation cohort, rms::calibrate(fit_v, method='boot', B) ",
                      "after set.seed(seed); does not validate the training model"),
      mode = "refit", refit_coef = as.list(bv))
    extra$calibration_table_validation <- vc$table
  } else {
    res$validation$calibration <- c(twin_external_calibration(pv, yv), list(
      method = "external: lowess(predicted, observed, iter=0) of the validation cohort, as rms's apparent curve",
      mode = "external"))
  }
  res$validation$val_prob <- twin_val_prob(pv, yv)

  set.seed(seed)
  invisible(utils::capture.output(v <- rms::validate(fit, method = "boot", B = cfg$validation_B)))
  vm <- unclass(v)
  vm <- matrix(as.numeric(vm), nrow = nrow(vm), dimnames = dimnames(vm))
  colnames(vm) <- gsub(".", "_", colnames(vm), fixed = TRUE)
  res$training$validate <- twin_rows(vm)

  # decision curves (set.seed(seed) before each)
  for (grp in c("training", "validation")) {
    dc <- if (grp == "training") twin_dca(yt, pt, cfg) else twin_dca(yv, pv, cfg)
    res[[grp]]$dca <- dc$summary
    res[[grp]]$dca$clinical_impact <- twin_clinical_impact(dc$derived_data, 1000)
    extra[[paste0("dca_", grp)]] <- dc$derived_data
  }

  # [compare] reference: a reference lrm on the named columns (training group) against the final model
  if (length(cfg$compare_reference)) {
    ref <- as.character(cfg$compare_reference)
    miss <- setdiff(ref, names(df))
    if (length(miss)) stop("reference column(s) not found: ", paste(miss, collapse = ", "))
    R <- df[ref]
    for (v in ref) R[[v]] <- as.numeric(R[[v]])
    Rt <- R[train, , drop = FALSE]; Rv <- R[!is_train, , drop = FALSE]
    rownames(Rt) <- NULL; rownames(Rv) <- NULL
    mfr <- twin_model_frame(Rt, yt, ref)
    mr <- twin_lrm(mfr)
    rt <- stats::plogis(unname(mr$fit$linear.predictors))
    newr <- Rv; names(newr) <- mfr$safe
    rv <- unname(stats::predict(mr$fit, newdata = newr, type = "fitted"))
    br <- mr$fit$coefficients
    names(br) <- twin_rename(names(br), mfr)
    cmp <- list(reference = ref, reference_coef = as.list(br), reference_c_index = unname(mr$fit$stats["C"]))
    cuts <- if (length(cfg$compare_cutoffs)) as.numeric(cfg$compare_cutoffs) else NULL
    if (!is.null(cuts)) cmp$cutoffs <- cuts
    for (grp in c("training", "validation")) {
      x1 <- if (grp == "training") rt else rv
      x2 <- if (grp == "training") pt else pv
      yy <- if (grp == "training") yt else yv
      g <- list(improve_prob = twin_improve(x1, x2, yy))
      if (!is.null(cuts)) g$reclassification <- twin_reclassification(x1, x2, yy, cuts, cfg$compare_boot, seed)
      cmp[[grp]] <- g
    }
    res$comparison <- cmp
    extra$reference_fitted <- list(training = rt, validation = rv)
  }

  res$provenance <- list(
    versions = list(R = R.version.string, glmnet = as.character(utils::packageVersion("glmnet")),
                    rms = as.character(utils::packageVersion("rms")),
                    Hmisc = as.character(utils::packageVersion("Hmisc")),
                    pROC = as.character(utils::packageVersion("pROC"))),
    seed = seed, config = cfg, rng_kind = RNGkind(),
    notes = paste("decision curves: rmda 1.6's rules in plain R (parity/r/dca.R);",
                  "Hosmer-Lemeshow: ResourceSelection 0.3-6's rule in plain R"))
  attr(res, "extra") <- extra
  res
}

study_twin_file <- function(path, cfg = list()) {
  df <- utils::read.csv(path, check.names = FALSE)
  out <- study_twin(df, cfg)
  extra <- attr(out, "extra")
  out$provenance$input_file <- basename(path)
  # through the bridge: the results and, apart, the extra numbers behind them
  list(results = out, extra = extra)
}

twin_jsonify <- function(x) {
  # jsonlite prints at most 15 significant digits; doubles are written here with %.17g (exact round trip),
  # NA/NaN/Inf as null
  num <- function(v) {
    s <- ifelse(is.finite(v), sprintf("%.17g", v), "null")
    if (length(v) == 1L) s else paste0("[", paste(s, collapse = ", "), "]")
  }
  if (is.data.frame(x)) {
    rows <- lapply(seq_len(nrow(x)), function(i) twin_jsonify(lapply(as.list(x[i, , drop = FALSE]), unname)))
    return(rows)
  }
  if (is.matrix(x) && is.double(x)) return(lapply(seq_len(nrow(x)), function(i) structure(
    paste0("[", paste(ifelse(is.finite(x[i, ]), sprintf("%.17g", x[i, ]), "null"), collapse = ", "), "]"),
    class = "json")))
  if (is.list(x)) { nm <- names(x); x <- lapply(x, twin_jsonify); names(x) <- nm; return(x) }
  if (is.double(x) && length(x) > 0L) return(structure(num(unname(x)), class = "json"))
  x
}

twin_write_json <- function(x, path) {
  attr(x, "extra") <- NULL
  txt <- jsonlite::toJSON(twin_jsonify(x), auto_unbox = TRUE, json_verbatim = TRUE, na = "null",
                          null = "null", pretty = TRUE)
  writeLines(txt, path, useBytes = TRUE)
}

# ------------------------------------------------------------------------------------------ command line
if (sys.nframe() == 0L && !interactive()) {
  args <- commandArgs(trailingOnly = TRUE)
  if (length(args) < 3L) {
    cat("usage: Rscript parity/r/study_twin.R DATA.csv CONFIG.json OUT.json\n", file = stderr())
    quit(status = 2L)
  }
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  here <- dirname(normalizePath(sub("^--file=", "", file_arg[1])))
  for (f in c("baseline.R", "dca.R", "reclass.R", "formula.R")) source(file.path(here, f), local = FALSE)
  suppressPackageStartupMessages({ library(rms); library(glmnet); library(pROC) })
  cfg <- if (file.exists(args[2])) jsonlite::fromJSON(args[2], simplifyVector = TRUE) else
    stop("config file not found: ", args[2])
  cfg <- cfg[setdiff(names(cfg), "provenance")]
  res <- study_twin(utils::read.csv(args[1], check.names = FALSE), cfg)
  res$provenance$input_file <- basename(args[1])
  res$provenance$input_md5 <- unname(tools::md5sum(args[1]))
  twin_write_json(res, args[3])
  cat("wrote", args[3], "\n", file = stderr())
}

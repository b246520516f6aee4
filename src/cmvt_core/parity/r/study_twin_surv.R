# The R twin of cmvt_core.study.survival.run_survival_study: the survival study in R (rms, survival).
#
#   Rscript parity/r/study_twin_surv.R DATA.csv CONFIG.json OUT.json
#
# runs the survival study on DATA.csv with the config (the keys of cmvt_core.study.StudyConfig.to_dict(),
# survival_time and survival_event set) and writes OUT.json with the keys of cmvt's results.json (its
# "provenance" block holds R's versions).  Through the parity bridge: surv_twin_file(path, cfg).
#
# The steps, as the pipeline's docstring fixes them:
#   split:      set.seed(seed); train <- sort(sample(n, round(ratio * n)))
#               ([split] method = "caret": sort(createDataPartition(factor(event), p = ratio, list = FALSE)))
#   times:      [survival] times, or 1, 3, 5 years (365 days / 12 months / 1 year) with
#               first event (training) <= t < min(longest follow-up of each group)
#   baseline:   baseline_table_r(X, group) of parity/r/baseline.R (twin_baseline of study_twin.R)
#   model:      rms::cph(Surv(time, event) ~ ., x = TRUE, y = TRUE, surv = TRUE) on the given predictors
#               (LASSO-Cox is not wired yet in the study, so not here either)
#   nomogram:   rms::nomogram(fit, fun = list(function(lp) Survival(fit)(t, lp), ...)) (.nomogram_cph of
#               nomogram_cph.R)
#   C-index:    cc <- survival::concordance(Surv(time, event) ~ lp, reverse = TRUE) in each group (lp: the fit's
#               linear predictors; predict(fit, validation, type = "lp")), CI cc$concordance -/+ qnorm(.975) *
#               sqrt(cc$var)
#   calibration (validation group, per time u; [calibration] validation):
#               "external": z <- groupkm(survest(fit, Xv, times = u)$surv, Surv(time, event), m = m, u = u,
#               pl = FALSE), mean_abs_error sum(n * abs(KM - x)) / sum(n) over the groups with n > 0 and KM not NA;
#               "refit": cph(..., time.inc = u) on the validation group, set.seed(seed); calibrate(f, cmethod =
#               "KM", u, m, B) (surv_twin_calibration on the validation group)
# Needs baseline.R, study_twin.R (twin_baseline, twin_write_json), cph.R and nomogram_cph.R sourced first
# (the command line sources them).  Column names arrive as values, never pasted into code.

surv_twin_times <- function(cfg, groups) {
  last <- min(vapply(groups, function(g) max(g$time), 0))
  tt <- groups$training
  first <- min(tt$time[tt$event == 1])
  if (!is.null(cfg$survival_times)) return(list(times = as.numeric(cfg$survival_times), rule = "config"))
  year <- c(days = 365, months = 12, years = 1)[[cfg$survival_unit]]
  t <- c(1, 3, 5) * year
  list(times = t[first <= t & t < last], rule = "default")
}

surv_twin_cindex <- function(time, event, lp) {
  cc <- survival::concordance(survival::Surv(time, event) ~ lp, reverse = TRUE)
  se <- sqrt(cc$var)
  q <- stats::qnorm(0.975)
  list(estimate = unname(cc$concordance), std_err = se, lower = unname(cc$concordance) - q * se,
       upper = unname(cc$concordance) + q * se, n = length(time), events = as.integer(sum(event)))
}

surv_twin_lasso <- function(Xt, tt, et, cfg) {
  # set.seed(seed); cv.glmnet(x, Surv(time, event), family = "cox", nfolds, type.measure = "deviance") (its
  # folds drawn as cv.glmnet draws them: sample(rep(seq(nfolds), length = N)))
  x <- as.matrix(Xt)
  set.seed(cfg$seed)
  foldid <- sample(rep(seq(cfg$lasso_nfolds), length = nrow(x)))
  cv <- glmnet::cv.glmnet(x, survival::Surv(tt, et), family = "cox", foldid = foldid, type.measure = "deviance")
  s <- if (identical(cfg$lambda_rule, "1se")) "lambda.1se" else "lambda.min"
  b <- as.vector(as.matrix(stats::coef(cv, s = s)))
  list(selected = colnames(x)[b != 0], coefficients = stats::setNames(as.list(b), colnames(x)),
       lambda_min = cv$lambda.min, lambda_1se = cv$lambda.1se,
       lambda_used = if (s == "lambda.1se") cv$lambda.1se else cv$lambda.min, lambda_rule = cfg$lambda_rule,
       nfolds = cfg$lasso_nfolds, type_measure = "deviance", measure_name = unname(cv$name), foldid = foldid)
}

surv_twin_calibration <- function(Xt, tt, et, times, cfg) {
  # per time u: the fit with time.inc = u; set.seed(seed); calibrate(f, cmethod = "KM", method = "boot", u, m, B)
  cols <- c("index_orig", "training", "test", "mean_optimism", "mean_corrected", "n", "mean_predicted", "KM",
            "KM_corrected", "std_err")
  lapply(times, function(u) {
    f <- .cph_cal_fit(Xt, tt, et, "efron", u)
    set.seed(cfg$seed)
    utils::capture.output(cal <- suppressWarnings(rms::calibrate(f, cmethod = "KM", method = "boot", u = u,
                                                                 m = cfg$survival_m, B = cfg$calibration_B)))
    tab <- as.data.frame(unclass(cal)[, , drop = FALSE])
    names(tab) <- cols
    rownames(tab) <- NULL
    list(time = u, m = cfg$survival_m, B = cfg$calibration_B, table = tab)
  })
}

surv_twin_val_calibration <- function(f, Xv, tv, ev, times, cfg) {
  # the validation group's calibration at each time, as [calibration] validation says (external: groupkm of the
  # training model's predicted survival; refit: calibrate of cph refitted on the validation group)
  if (identical(cfg$calibration_validation, "refit")) {
    cals <- surv_twin_calibration(Xv, tv, ev, times, cfg)
    return(lapply(seq_along(times), function(i) {
      fv <- .cph_cal_fit(Xv, tv, ev, "efron", times[i])
      list(time = times[i], m = cfg$survival_m, B = cfg$calibration_B, n = length(tv), mode = "refit",
           method = paste0("cph refitted on the validation group (time.inc = u); set.seed(seed); ",
                           "rms::calibrate(fit, cmethod = 'KM', method = 'boot', u = u, m = m, B = B)"),
           table = cals[[i]]$table, refit_coef = as.list(fv$coefficients))
    }))
  }
  lapply(times, function(u) {
    # survest's default (se.fit = TRUE, conf.int = 0.95) recomputes the curve through survfit.cph, as
    # CphFit.survest does; se.fit = FALSE would read the stored surv = TRUE curve instead (1 ulp apart)
    s <- as.numeric(rms::survest(f, Xv, times = u)$surv)
    z <- suppressWarnings(rms::groupkm(s, survival::Surv(tv, ev), m = cfg$survival_m, u = u, pl = FALSE))
    tab <- data.frame(x = unname(z[, "x"]), n = unname(z[, "n"]), events = unname(z[, "events"]),
                      KM = unname(z[, "KM"]), std_err = unname(z[, "std.err"]))
    ok <- tab$n > 0 & !is.na(tab$KM)
    mae <- if (any(ok)) sum(tab$n[ok] * abs(tab$KM[ok] - tab$x[ok])) / sum(tab$n[ok]) else NA_real_
    list(time = u, m = cfg$survival_m, n = length(tv), mode = "external",
         method = paste0("rms::groupkm(survest(fit, x, times = u)$surv, Surv(time, event), m = m, u = u): the ",
                         "training model's predicted survival vs Kaplan-Meier in the validation group"),
         mean_abs_error = mae, table = tab)
  })
}

surv_twin_validate <- function(f, cfg) {
  set.seed(cfg$seed)
  utils::capture.output(v <- suppressWarnings(rms::validate(f, method = "boot", B = cfg$validation_B)))
  m <- unclass(v)
  tab <- data.frame(index = rownames(m), index_orig = m[, "index.orig"], training = m[, "training"],
                    test = m[, "test"], optimism = m[, "optimism"], index_corrected = m[, "index.corrected"],
                    n = m[, "n"], stringsAsFactors = FALSE)
  rownames(tab) <- NULL
  list(B = cfg$validation_B, c_index_corrected = (m["Dxy", "index.corrected"] + 1) / 2, table = tab)
}

surv_twin_dca <- function(f, Xg, tg, eg, times, cfg) {
  # per time t: risk 1 - survest(f, x, times = t)$surv; dcurves' survival net benefit (dca_survival_plain of
  # parity/r/dca_survival.R) at seq(0, 1, by) below 1, set.seed(seed) before the percentile bootstrap
  th <- seq(0, 1, by = cfg$dca_thresholds_by)
  th <- th[th < 1]
  boot <- if (is.null(cfg$dca_confidence)) 0L else cfg$dca_bootstraps
  level <- if (is.null(cfg$dca_confidence)) 0.95 else cfg$dca_confidence
  lapply(times, function(u) {
    s <- rms::survest(f, Xg, times = u)$surv  # the default path, as CphFit.survest (see surv_twin_val_calibration)
    d <- dca_survival_plain(tg, eg, matrix(1 - as.numeric(s), ncol = 1), th, u, 0, boot, level, cfg$seed)
    model <- d[d$curve == 3, ]
    allr <- d[d$curve == 1, ]
    out <- list(time = u, pos_rate = d$pos_rate[1], thresholds = model$threshold, nb_model = model$net_benefit,
                nb_all = allr$net_benefit)
    if (!is.null(d$net_benefit_lower)) {
      out$nb_lower <- model$net_benefit_lower
      out$nb_upper <- model$net_benefit_upper
    }
    out$useful_ranges <- twin_useful_ranges(model$threshold, model$net_benefit, allr$net_benefit)
    out
  })
}

surv_twin <- function(df, cfg = list(), steps = c("split", "baseline", "selection", "model", "nomogram",
                                                  "c_index")) {
  # steps: the steps the Python study ran (results.json's "steps"); "time_auc" is not run here (timeROC is
  # not a Debian package: its port is checked against stored goldens)
  cfg <- twin_config(cfg)
  seed <- cfg$seed
  tname <- cfg$survival_time
  ename <- cfg$survival_event
  preds <- if (is.null(cfg$predictors)) setdiff(names(df), c(tname, ename)) else as.character(cfg$predictors)
  X <- df[preds]
  for (v in preds) X[[v]] <- as.numeric(X[[v]])
  time <- as.numeric(df[[tname]])
  event <- as.numeric(df[[ename]])
  n <- nrow(df)
  set.seed(seed)
  train <- if (identical(cfg$split_method, "caret"))
    sort(as.integer(caret::createDataPartition(factor(event), p = cfg$split_ratio, list = FALSE)))
  else sort(sample(n, round(cfg$split_ratio * n)))
  is_train <- seq_len(n) %in% train
  groups <- list(training = list(time = time[is_train], event = event[is_train]),
                 validation = list(time = time[!is_train], event = event[!is_train]))
  tm <- surv_twin_times(cfg, groups)
  followup <- lapply(groups, function(g) list(longest = max(g$time), first_event = min(g$time[g$event == 1])))

  candidates <- preds
  Xall <- X
  lasso <- NULL
  if ("lasso_cox" %in% steps) {
    Xc <- X[is_train, , drop = FALSE]
    rownames(Xc) <- NULL
    lasso <- surv_twin_lasso(Xc, groups$training$time, groups$training$event, cfg)
    preds <- lasso$selected
    X <- X[preds]
  }
  Xt <- X[is_train, , drop = FALSE]
  Xv <- X[!is_train, , drop = FALSE]
  rownames(Xt) <- NULL
  rownames(Xv) <- NULL
  m <- .nomogram_cph(Xt, groups$training$time, groups$training$event, tm$times, "efron")
  f <- m$fit
  nom <- m$nom
  info <- attr(nom, "info")
  labels <- paste0(".S", seq_along(tm$times))
  axes <- lapply(preds, function(v) list(value = as.numeric(nom[[v]][[v]]), points = unname(nom[[v]]$points)))
  names(axes) <- preds
  b <- f$coefficients
  se <- sqrt(diag(f$var))
  z <- b / se
  q <- stats::qnorm(0.975)
  table <- data.frame(term = names(b), coef = unname(b), se = unname(se), z = unname(z),
                      p = unname(2 * stats::pnorm(-abs(z))), hazard_ratio = unname(exp(b)),
                      hr_lower = unname(exp(b - q * se)), hr_upper = unname(exp(b + q * se)),
                      stringsAsFactors = FALSE)
  lp_v <- unname(stats::predict(f, Xv, type = "lp"))

  res <- list(
    study = "survival",
    survival = list(time = tname, event = ename, unit = cfg$survival_unit, times = tm$times, times_rule = tm$rule,
                    followup = followup),
    split = list(ratio = cfg$split_ratio, method = cfg$split_method, seed = seed, n_training = sum(is_train),
                 n_validation = sum(!is_train), events_training = as.integer(sum(groups$training$event)),
                 events_validation = as.integer(sum(groups$validation$event))),
    baseline = list(training_vs_validation = twin_baseline(Xall, ifelse(is_train, "training", "validation"))),
    selection = c(list(method = if (is.null(lasso)) "config" else "lasso_cox", candidates = candidates,
                       selected = preds), lasso[setdiff(names(lasso), "selected")]),
    model = list(variables = preds, coef = as.list(b), table = table, stats = as.list(f$stats),
                 center = f$center, ties = "efron"),
    nomogram = list(axes = axes, total_points = nom$total.points$x,
                    lp_axis = list(lp = nom$lp$x.real, points = nom$lp$x),
                    risk_axis = list(risk = numeric(0), total_points = numeric(0)),
                    sc = info$sc, intercept = unname(info$Intercept), maxscale = 100,
                    points_per_unit_lp = info$sc, lp_units_per_point = 1 / info$sc,
                    survival_axes = lapply(seq_along(tm$times), function(i) list(
                      time = tm$times[i], survival = unname(nom[[labels[i]]]$x.real),
                      total_points = unname(nom[[labels[i]]]$x)))),
    training = list(c_index = surv_twin_cindex(groups$training$time, groups$training$event,
                                               unname(f$linear.predictors))),
    validation = list(c_index = surv_twin_cindex(groups$validation$time, groups$validation$event, lp_v)))
  res <- c(list(study = "survival", steps = steps), res[setdiff(names(res), "study")])
  if ("calibration" %in% steps) {
    res$training$calibration <- surv_twin_calibration(Xt, groups$training$time, groups$training$event, tm$times, cfg)
    res$validation$calibration <- surv_twin_val_calibration(f, Xv, groups$validation$time, groups$validation$event,
                                                            tm$times, cfg)
  }
  if ("validate" %in% steps) res$training$validate <- surv_twin_validate(f, cfg)
  if ("dca" %in% steps) {
    res$training$dca <- surv_twin_dca(f, Xt, groups$training$time, groups$training$event, tm$times, cfg)
    res$validation$dca <- surv_twin_dca(f, Xv, groups$validation$time, groups$validation$event, tm$times, cfg)
  }
  res$provenance <- list(
    versions = list(R = R.version.string, rms = as.character(utils::packageVersion("rms")),
                    survival = as.character(utils::packageVersion("survival"))),
    seed = seed, config = cfg, rng_kind = RNGkind())
  attr(res, "extra") <- list(train = train, lp_training = unname(f$linear.predictors), lp_validation = lp_v)
  res
}

surv_twin_file <- function(path, cfg = list(), steps = c("split", "baseline", "selection", "model", "nomogram",
                                                         "c_index")) {
  df <- utils::read.csv(path, check.names = FALSE)
  out <- surv_twin(df, cfg, steps)
  extra <- attr(out, "extra")
  out$provenance$input_file <- basename(path)
  list(results = out, extra = extra)
}

# ------------------------------------------------------------------------------------------ command line
if (sys.nframe() == 0L && !interactive()) {
  args <- commandArgs(trailingOnly = TRUE)
  if (length(args) < 3L) {
    cat("usage: Rscript parity/r/study_twin_surv.R DATA.csv CONFIG.json OUT.json\n", file = stderr())
    quit(status = 2L)
  }
  file_arg <- grep("^--file=", commandArgs(trailingOnly = FALSE), value = TRUE)
  here <- dirname(normalizePath(sub("^--file=", "", file_arg[1])))
  for (f in c("baseline.R", "study_twin.R", "cph.R", "nomogram_cph.R", "calibrate_cph.R", "dca_survival.R"))
    if (file.exists(file.path(here, f))) source(file.path(here, f), local = FALSE)
  suppressPackageStartupMessages({ library(rms); library(survival) })
  cfg <- jsonlite::fromJSON(args[2], simplifyVector = TRUE)
  # the config's "steps" (results.json's): the steps to run; without it the base steps
  steps <- if (is.null(cfg$steps)) eval(formals(surv_twin)$steps) else cfg$steps
  cfg <- cfg[setdiff(names(cfg), c("provenance", "steps"))]
  res <- surv_twin(utils::read.csv(args[1], check.names = FALSE), cfg, steps)
  res$provenance$input_file <- basename(args[1])
  twin_write_json(res, args[3])
  cat("wrote", args[3], "\n", file = stderr())
}

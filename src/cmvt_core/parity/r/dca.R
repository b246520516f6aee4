# Plain-R decision curves, written from docs/R_ALGORITHMS.md section 8 (not rmda's code), and glm helpers.
# Used by the live parity tests (point estimates; glm) and by benchmarks/bench_dca.py ("rmda's way":
# B.ind drawn up front, the glm refitted on the resampled rows in every replicate, type-1 quantiles).
# Called through the bridge with data as arguments; nothing here pastes or parses user strings as code
# (formulas are built from symbols: dca_formula).

dca_counts <- function(risk, d, thresholds) {
  # strict counts per threshold: #(risk > t) and #(risk < t) among cases and controls
  ts <- sort(thresholds)
  o <- match(thresholds, ts)
  one <- function(r) {
    nle <- findInterval(r, ts, left.open = FALSE)   # number of thresholds <= r
    nlt <- findInterval(r, ts, left.open = TRUE)    # number of thresholds < r
    T <- length(ts)
    gt <- rev(cumsum(rev(tabulate(nlt + 1L, T + 1L))))[-1L]  # r > t_j  <=>  j < nlt(r) + 1
    lt <- cumsum(tabulate(nle + 1L, T + 1L))[seq_len(T)]     # r < t_j  <=>  nle(r) < j
    list(gt = gt[o], lt = lt[o])
  }
  list(case = one(risk[d == 1]), ctrl = one(risk[d == 0]))
}

dca_measures <- function(risk, d, thresholds, opt_in, cc_rho) {
  cnt <- dca_counts(risk, d, thresholds)
  n1 <- sum(d == 1); n0 <- sum(d == 0); N <- length(d)
  t <- thresholds
  tpf <- cnt$case$gt / n1; fpf <- cnt$ctrl$gt / (N - n1)
  tnf <- cnt$ctrl$lt / n0; fnf <- cnt$case$lt / n1
  if (is.null(cc_rho)) {
    rho <- rep(mean(d == 1), length(t)); phr <- (cnt$case$gt + cnt$ctrl$gt) / N
  } else {
    rho <- rep(cc_rho, length(t)); phr <- cc_rho * cnt$case$gt / n1 + (1 - cc_rho) * cnt$ctrl$gt / n0
  }
  if (opt_in) { nb <- tpf * rho - (t / (1 - t)) * (1 - rho) * fpf; snb <- nb / rho }
  else { nb <- tnf * (1 - rho) - fnf * rho * ((1 - t) / t); snb <- nb / (1 - rho) }
  data.frame(thresholds = t, FPR = fpf, FNR = fnf, TPR = tpf, TNR = tnf, NB = nb, sNB = snb, rho = rho,
             prob.high.risk = phr, prob.low.risk = 1 - phr, DP = tpf * rho, nonDP = (1 - fpf) * (1 - rho))
}

# `outcome ~ p1 + p2 + ...` built from symbols: no name is ever parsed as R code.  (reformulate() pastes the
# names together and parses them, so a column named `file.create("x")` would be evaluated by glm's model.frame;
# tests/api/test_security.py::test_injection_through_predictor_names_dca proves this cannot happen any more.)
dca_formula <- function(outcome, predictors, env = parent.frame()) {
  rhs <- Reduce(function(a, b) call("+", a, b), lapply(as.character(predictors), as.name))
  stats::as.formula(call("~", as.name(outcome), rhs), env = env)
}

dca_model_risk <- function(data, outcome, predictors, fitted_risk, cc_rho) {
  d <- data[[outcome]]
  if (fitted_risk) return(data[[predictors[1]]])
  f <- dca_formula(outcome, predictors)
  if (is.null(cc_rho)) return(unname(fitted(glm(f, data = data, family = binomial))))
  obs <- mean(d)
  off <- -log(cc_rho / (1 - cc_rho)) + log(obs / (1 - obs))
  fit <- glm(f, data = data, family = binomial, offset = rep(off, nrow(data)))
  y <- unname(predict(fit, type = "link")) - off
  exp(y) / (1 + exp(y))
}

dca_plain <- function(data, outcome, predictors, fitted_risk = FALSE, thresholds = seq(0, 1, by = .01),
                      policy = "opt-in", cc_rho = NULL, bootstraps = 0L, seed = NULL, level = 0.95) {
  data <- data[complete.cases(data[, c(outcome, predictors)]), , drop = FALSE]
  d <- data[[outcome]]
  opt_in <- policy == "opt-in"
  risks <- list(dca_model_risk(data, outcome, predictors, fitted_risk, cc_rho), rep(1, nrow(data)), rep(0, nrow(data)))
  labels <- c(paste(deparse(dca_formula(outcome, predictors)), collapse = " "), "All", "None")
  out <- lapply(1:3, function(i) { m <- dca_measures(risks[[i]], d, thresholds, opt_in, cc_rho); m$model <- labels[i]; m })
  if (bootstraps > 0) {
    if (!is.null(seed)) set.seed(seed)
    N <- nrow(data)
    B.ind <- matrix(NA_integer_, N, bootstraps)
    if (is.null(cc_rho)) {
      for (b in seq_len(bootstraps)) B.ind[, b] <- sample.int(N, replace = TRUE)
    } else {
      uu <- unique(d); idx <- seq_len(N)
      for (b in seq_len(bootstraps)) B.ind[, b] <- c(sample(idx[d == uu[1]], replace = TRUE), sample(idx[d == uu[2]], replace = TRUE))
    }
    alpha <- 1 - level
    meas <- c("FPR", "FNR", "TPR", "TNR", "NB", "sNB", "rho", "prob.high.risk", "prob.low.risk", "DP", "nonDP")
    for (i in 1:3) {
      reps <- lapply(seq_len(bootstraps), function(b) {
        x <- B.ind[, b]
        r <- if (i == 1) dca_model_risk(data[x, , drop = FALSE], outcome, predictors, fitted_risk, cc_rho) else risks[[i]][x]
        dca_measures(r, d[x], thresholds, opt_in, cc_rho)
      })
      for (m in meas) {
        v <- sapply(reps, function(z) z[[m]])
        v <- matrix(v, nrow = length(thresholds))
        out[[i]][[paste0(m, "_lower")]] <- apply(v, 1, quantile, probs = alpha / 2, type = 1, na.rm = TRUE, names = FALSE)
        out[[i]][[paste0(m, "_upper")]] <- apply(v, 1, quantile, probs = 1 - alpha / 2, type = 1, na.rm = TRUE, names = FALSE)
      }
    }
  }
  res <- do.call(rbind, out)
  rownames(res) <- NULL
  res
}

glm_plain <- function(X, y, offset = NULL, weights = NULL) {
  # glm.fit on a model matrix (intercept column included by the caller)
  fit <- glm.fit(X, y, weights = weights, offset = offset, family = binomial())
  list(coefficients = unname(fit$coefficients), fitted = unname(fit$fitted.values),
       linear_predictors = unname(fit$linear.predictors), deviance = fit$deviance,
       iter = fit$iter, converged = fit$converged)
}

cutoff_plain <- function(score, y) {
  # rule score >= c for every distinct score: the 2x2 table, Woolf OR CI, NB at the share flagged
  cs <- sort(unique(score))
  t(vapply(cs, function(c) {
    f <- score >= c
    tp <- sum(f & y == 1); fp <- sum(f & y == 0); fn <- sum(!f & y == 1); tn <- sum(!f & y == 0)
    n <- length(y); pt <- (tp + fp) / n
    or <- (tp * tn) / (fp * fn); se <- sqrt(1 / tp + 1 / fp + 1 / fn + 1 / tn)
    c(cutoff = c, tp = tp, fp = fp, fn = fn, tn = tn, or = or,
      lo = exp(log(or) - qnorm(0.975) * se), hi = exp(log(or) + qnorm(0.975) * se),
      pt = pt, nb = tp / n - fp / n * pt / (1 - pt))
  }, numeric(10)))
}

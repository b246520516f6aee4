# R side of the survival decision-curve tests (issue 20).  Constant code: data arrive as arguments.
# dcurves is not a Debian package; this is its definition (R/dca.r, R/test_consequences.R, dcurves 0.5.x)
# written with survival::survfit, rows "all", "none", then one per column of `risks`, and a percentile
# bootstrap (ours): set.seed(seed) before, sample(n, n, replace = TRUE) per replicate,
# quantile(type = 1, na.rm = TRUE).

# dcurves' .surv_to_risk(): 1 - KM at the last survfit time <= horizon; NA when the curve stops before the
# horizon or starts after it (broom::tidy(survfit) has one row per fit$time).
dcs_surv_to_risk <- function(time, event, horizon) {
  fit <- survival::survfit(survival::Surv(time, event) ~ 1)
  est <- 1 - fit$surv
  if (max(fit$time) < horizon) return(NA_real_)
  keep <- fit$time <= horizon
  if (!any(keep)) return(NA_real_)
  utils::tail(est[keep], 1)
}

dcs_curves <- function(time, event, risks, thresholds, horizon, harm) {
  n <- length(time)
  out <- NULL
  for (v in seq_len(ncol(risks))) {
    r <- risks[, v]
    r[r == 0] <- 0 - .Machine$double.eps
    r[r == 1] <- 1 + .Machine$double.eps
    for (thr in thresholds) {
      pos <- r >= thr
      test_pos_rate <- sum(pos) / n
      risk_pos <- if (sum(pos) == 0) 0 else dcs_surv_to_risk(time[pos], event[pos], horizon)
      tp <- risk_pos * test_pos_rate
      fp <- (1 - risk_pos) * test_pos_rate
      nb <- tp - thr / (1 - thr) * fp - harm[v]
      out <- rbind(out, c(v, thr, test_pos_rate, risk_pos, tp, fp, nb))
    }
  }
  colnames(out) <- c("curve", "threshold", "test_pos_rate", "risk_rate_among_test_pos", "tp_rate", "fp_rate",
                     "net_benefit")
  out
}

# risks: a matrix with the models' risks (one column each); harm: one value per model.
dca_survival_plain <- function(time, event, risks, thresholds, horizon, harm, bootstraps, level, seed) {
  risks <- cbind(all = 1, none = 0, as.matrix(risks))
  harm <- c(0, 0, harm)
  thresholds <- thresholds[thresholds >= 0 & thresholds <= 1]
  res <- as.data.frame(dcs_curves(time, event, risks, thresholds, horizon, harm))
  res$pos_rate <- dcs_surv_to_risk(time, event, horizon)
  if (bootstraps > 0) {
    set.seed(seed)
    n <- length(time)
    nb <- matrix(NA_real_, bootstraps, nrow(res))
    for (b in seq_len(bootstraps)) {
      idx <- sample(n, n, replace = TRUE)
      nb[b, ] <- dcs_curves(time[idx], event[idx], risks[idx, , drop = FALSE], thresholds, horizon,
                            harm)[, "net_benefit"]
    }
    a <- 1 - level
    q <- apply(nb, 2, stats::quantile, probs = c(a / 2, 1 - a / 2), type = 1, na.rm = TRUE)
    res$net_benefit_lower <- q[1, ]
    res$net_benefit_upper <- q[2, ]
  }
  res
}

# R side of the time-dependent ROC tests (issue 20).  Constant code: data arrive as arguments; nothing is
# pasted into R code.  timeROC and pec are not Debian packages (their outputs are stored goldens); the
# censoring weights timeROC takes from pec::ipcw(method = "marginal") are prodlim's, which is installed:
# timeroc_ipcw runs pec 2019.11.03's ipcw.marginal body verbatim on the data ordered by order(time).

timeroc_ipcw <- function(time, event, times) {
  o <- order(time)
  data <- data.frame(failure_time = time[o], status = as.numeric(event[o] != 0))
  fit <- prodlim::prodlim(prodlim::Hist(failure_time, status) ~ 1, data = data, reverse = TRUE)
  list(IPCW.times = as.numeric(predict(fit, newdata = data, times = sort(times), level.chaos = 1,
                                       mode = "matrix", type = "surv")),
       IPCW.subjectTimes = as.numeric(prodlim::predictSurvIndividual(fit, lag = 1)),
       time = as.numeric(fit$time), surv = as.numeric(fit$surv))
}

# The Kaplan-Meier of the censoring as survival computes it: survfit(Surv(time, 1 - event) ~ 1), at its
# distinct times (equal to prodlim's reverse curve when no event time ties a censoring time).
timeroc_censoring_survfit <- function(time, event) {
  fit <- survival::survfit(survival::Surv(time, 1 - event) ~ 1)
  list(time = fit$time, surv = fit$surv)
}

# A plain-R twin of timeROC 0.4.1's point estimates (weighting = "marginal", no iid): the rows in order(T), the
# weights of timeroc_ipcw, the rows in order(-marker), cumulative sums over the weighted cases and controls,
# the points at the first row of each marker value (the recycled !duplicated() index) and the trapezoid area.
# Used live on random data with ties; the stored goldens hold timeROC's own output.
timeroc_twin <- function(time, event, marker, times) {
  n <- length(time)
  if (length(times) == 1) times <- c(0, times)
  times <- sort(times)
  o <- order(time)
  time <- time[o]; event <- event[o]; marker <- marker[o]
  w <- timeroc_ipcw(time, event, times)
  om <- order(-marker)
  tm <- time[om]; dm <- event[om]; mm <- marker[om]
  wc_all <- (1 / (w$IPCW.subjectTimes * n))[om]
  keep <- !duplicated(mm)
  k <- length(times)
  TP <- FP <- matrix(NA_real_, length(unique(mm)) + 1, k)
  auc <- cinc <- sp <- rep(NA_real_, k)
  stats <- matrix(NA_real_, k, 3)
  for (j in seq_len(k)) {
    cases <- tm < times[j] & dm == 1
    ctrl <- tm > times[j]
    wc <- wc_all; wc[!cases] <- 0
    wk <- rep(1 / (w$IPCW.times[j] * n), n); wk[!ctrl] <- 0
    dtp <- sum(wc); dfp <- sum(wk)
    if (dtp != 0) TP[, j] <- (c(0, cumsum(wc)) / dtp)[keep]
    if (dfp != 0) FP[, j] <- (c(0, cumsum(wk)) / dfp)[keep]
    if (dtp * dfp != 0) {
      x <- FP[, j]; y <- TP[, j]; m <- length(x)
      auc[j] <- sum((x[-1] - x[-m]) * ((y[-m] + y[-1]) / 2))
    }
    cinc[j] <- dtp; sp[j] <- dfp
    stats[j, ] <- c(sum(cases), sum(ctrl), n - sum(cases) - sum(ctrl))
  }
  list(times = times, AUC = auc, TP = as.numeric(TP), FP = as.numeric(FP), CumulativeIncidence = cinc,
       survProb = sp, Stats = as.numeric(stats))
}

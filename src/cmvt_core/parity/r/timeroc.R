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

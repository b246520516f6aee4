# R side of the Kaplan-Meier and concordance tests (issue 19).  Constant code: data arrive as arguments;
# nothing is pasted into R code.

# summary(survfit(Surv(time, event) ~ 1), censored = TRUE): its eight columns (NA -> NaN on the way back).
km_summary <- function(time, event) {
  s <- summary(survival::survfit(survival::Surv(time, event) ~ 1), censored = TRUE)
  list(time = s$time, n_risk = s$n.risk, n_event = s$n.event, n_censor = s$n.censor, surv = s$surv,
       std_err = s$std.err, lower = as.numeric(s$lower), upper = as.numeric(s$upper))
}

# survival::concordance(Surv(time, event) ~ predictor, reverse = reverse): value, variance and counts.
km_concordance <- function(time, event, predictor, reverse) {
  fit <- survival::concordance(survival::Surv(time, event) ~ predictor, reverse = reverse)
  list(concordance = fit$concordance, var = fit$var, count = as.numeric(fit$count),
       count_names = names(fit$count))
}

# survival's internal btree(n): the node of each rank in concordance's balanced tree (0-based).
km_btree <- function(n) survival:::btree(n)

# print(concordance(Surv(time, event) ~ predictor, reverse = TRUE)) without its Call: lines.
km_concordance_print <- function(time, event, predictor) {
  fit <- survival::concordance(survival::Surv(time, event) ~ predictor, reverse = TRUE)
  fit$call <- NULL
  utils::capture.output(print(fit))
}

# The numbers at risk of survminer's risk table: summary(fit, times = times, extend = TRUE)$n.risk.
km_risk <- function(time, event, times) {
  fit <- survival::survfit(survival::Surv(time, event) ~ 1)
  summary(fit, times = times, extend = TRUE)$n.risk
}

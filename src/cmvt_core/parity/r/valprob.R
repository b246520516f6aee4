# rms::val.prob (rms 6.5-0) for tests/test_valprob.py and benchmarks/bench_valprob.py.

valprob_stats <- function(p, y) {
  # the 18 statistics (names as rms gives them) and the smoother val.prob computes internally
  s <- rms::val.prob(p, y, pl = FALSE)
  sm <- stats::lowess(p, y, iter = 0)
  list(names = names(s), stats = unname(s), x = sm$x, y = sm$y)
}

valprob_fixed <- function(p, y) {
  # val.prob's f.fixed: the one-iteration lrm.fit at (0, 1) whose stats give Dxy, C, R2 and D:Chi-sq
  f <- rms::lrm.fit(qlogis(p), y, initial = c(0, 1), maxit = 1L)
  list(names = names(f$stats), stats = unname(f$stats), deviance = f$deviance, coef = unname(f$coefficients))
}

valprob_print <- function(p, y) {
  # print() of the named vector, line by line
  utils::capture.output(print(rms::val.prob(p, y, pl = FALSE)))
}

valprob_plot_text <- function(p, y) {
  # the values column of val.prob's figure (pl = TRUE): format(round(stats[dostats], 3))
  s <- rms::val.prob(p, y, pl = FALSE)
  dostats <- c("Dxy", "C (ROC)", "R2", "D", "U", "Q", "Brier", "Intercept", "Slope", "Emax", "E90",
               "Eavg", "S:z", "S:p")
  unname(format(round(s[dostats], 3)))
}

valprob_length <- function(p, y) {
  # how many numbers val.prob returns (19 for a constant p) and how many names
  s <- rms::val.prob(p, y, pl = FALSE)
  c(length(s), sum(!is.na(names(s))))
}

valprob_bench <- function(p, y) {
  # what the benchmark times
  rms::val.prob(p, y, pl = FALSE)
}

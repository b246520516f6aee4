# R twin of cmvt_core.baseline: thin wrappers returning plain lists, and the whole baseline table
# computed with stats::shapiro.test, t.test, wilcox.test, chisq.test, fisher.test and quantile(type = 7).

htest_parts <- function(h) {
  list(statistic = if (is.null(h$statistic)) NA_real_ else unname(h$statistic),
       parameter = if (is.null(h$parameter)) NA_real_ else unname(h$parameter),
       p_value = unname(h$p.value),
       estimate = if (is.null(h$estimate)) NA_real_ else unname(h$estimate),
       conf_int = if (is.null(h$conf.int)) c(NA_real_, NA_real_) else as.numeric(h$conf.int),
       method = h$method)
}

r_t_test <- function(x, y, var_equal = FALSE) htest_parts(t.test(x, y, var.equal = var_equal))
r_wilcox_test <- function(x, y, exact = NULL, correct = TRUE)
  htest_parts(suppressWarnings(wilcox.test(x, y, exact = exact, correct = correct)))
r_chisq_test <- function(tab, correct = TRUE) htest_parts(suppressWarnings(chisq.test(tab, correct = correct)))
r_fisher_test <- function(tab, workspace = 200000) htest_parts(fisher.test(tab, workspace = workspace))
# fisher.test's p-value, or R's error message where FEXACT stops (never for error 30 or the f3xact hash-key
# error: R leaves f3xact's static variables set after those, so the session's later fisher.test calls can go
# wrong; such tables go to fisher_fresh.R, one R process each).
r_fisher_p_or_error <- function(tab, workspace = 200000)
  tryCatch(list(p_value = fisher.test(tab, workspace = workspace)$p.value, error = ""),
           error = function(e) list(p_value = NA_real_, error = conditionMessage(e)))
r_shapiro_test <- function(x) htest_parts(shapiro.test(x))

is_categorical_r <- function(x, max_levels) {
  if (!is.numeric(x)) return(TRUE)
  u <- unique(x[!is.na(x)])
  length(u) <= max_levels && all(u == round(u))
}

baseline_table_r <- function(X, group, max_levels = 5, alpha = 0.05, var_equal = FALSE, correct = TRUE,
                             expected_min = 5, fisher_workspace = 200000) {
  # group: a vector with two values; group_0 is the first of sort(unique(group)).
  lev <- sort(unique(group))
  g1 <- group == lev[2]
  out <- list()
  for (v in names(X)) {
    x <- X[[v]]
    if (is_categorical_r(x, max_levels)) {
      ok <- !is.na(x)
      tab <- table(factor(x[ok]), factor(g1[ok], levels = c(FALSE, TRUE)))
      tab <- matrix(as.numeric(tab), nrow = nrow(tab))
      lv <- sort(unique(x[ok]))
      n0 <- sum(tab[, 1]); n1 <- sum(tab[, 2])
      test <- ""; stat <- NA_real_; p <- NA_real_
      if (nrow(tab) >= 2 && n0 > 0 && n1 > 0) {
        E <- outer(rowSums(tab), colSums(tab)) / sum(tab)
        if (any(E < expected_min)) {
          test <- "Fisher's exact test"
          p <- fisher.test(tab, workspace = fisher_workspace)$p.value
        } else {
          h <- suppressWarnings(chisq.test(tab, correct = correct))
          test <- if (grepl("Yates", h$method)) "Chi-square test (Yates)" else "Chi-square test"
          stat <- unname(h$statistic); p <- h$p.value
        }
      }
      for (i in seq_along(lv)) {
        ca <- tab[i, 1] + tab[i, 2]
        out[[length(out) + 1]] <- data.frame(
          variable = v, level = as.character(lv[i]), kind = "categorical",
          n_overall = ca, n_0 = tab[i, 1], n_1 = tab[i, 2],
          pct_overall = 100 * ca / (n0 + n1), pct_0 = 100 * tab[i, 1] / n0, pct_1 = 100 * tab[i, 2] / n1,
          center_overall = NA_real_, center_0 = NA_real_, center_1 = NA_real_,
          spread_overall = NA_real_, spread_0 = NA_real_, spread_1 = NA_real_,
          q1_overall = NA_real_, q1_0 = NA_real_, q1_1 = NA_real_,
          q3_overall = NA_real_, q3_0 = NA_real_, q3_1 = NA_real_,
          shapiro_p_0 = NA_real_, shapiro_p_1 = NA_real_,
          test = if (i == 1) test else "", statistic = if (i == 1) stat else NA_real_,
          p_value = if (i == 1) p else NA_real_, stringsAsFactors = FALSE)
      }
    } else {
      xa <- x[!is.na(x)]; x0 <- x[!is.na(x) & !g1]; x1 <- x[!is.na(x) & g1]
      sw <- function(z) tryCatch(shapiro.test(z)$p.value, error = function(e) NA_real_)
      sp <- c(sw(x0), sw(x1))
      normal <- all(!is.na(sp) & sp >= alpha)
      if (normal) {
        h <- t.test(x0, x1, var.equal = var_equal)
        test <- if (var_equal) "Student's t-test" else "Welch's t-test"
        cen <- c(mean(xa), mean(x0), mean(x1)); spr <- c(sd(xa), sd(x0), sd(x1))
        q1 <- q3 <- rep(NA_real_, 3)
      } else {
        h <- suppressWarnings(wilcox.test(x0, x1))
        test <- "Mann-Whitney U test"
        cen <- c(median(xa), median(x0), median(x1)); spr <- rep(NA_real_, 3)
        q1 <- sapply(list(xa, x0, x1), function(z) unname(quantile(z, 0.25, type = 7)))
        q3 <- sapply(list(xa, x0, x1), function(z) unname(quantile(z, 0.75, type = 7)))
      }
      out[[length(out) + 1]] <- data.frame(
        variable = v, level = "", kind = if (normal) "normal" else "nonnormal",
        n_overall = length(xa), n_0 = length(x0), n_1 = length(x1),
        pct_overall = NA_real_, pct_0 = NA_real_, pct_1 = NA_real_,
        center_overall = cen[1], center_0 = cen[2], center_1 = cen[3],
        spread_overall = spr[1], spread_0 = spr[2], spread_1 = spr[3],
        q1_overall = q1[1], q1_0 = q1[2], q1_1 = q1[3], q3_overall = q3[1], q3_0 = q3[2], q3_1 = q3[3],
        shapiro_p_0 = sp[1], shapiro_p_1 = sp[2],
        test = test, statistic = unname(h$statistic), p_value = h$p.value, stringsAsFactors = FALSE)
    }
  }
  do.call(rbind, out)
}

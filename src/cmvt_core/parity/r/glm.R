# glm.fit + summary.glm pieces for tests/test_glm.py (cmvt_core.glm)

glm_cov <- function(X, y, offset = NULL, weights = NULL) {
  # summary.glm's cov.unscaled (binomial: dispersion 1): chol2inv of the last Cdqrls R factor;
  # rows/columns of aliased coefficients are left out, as summary.glm does
  fit <- glm.fit(X, y, weights = weights, offset = offset, family = binomial())
  class(fit) <- c("glm", "lm")
  s <- summary.glm(fit)
  list(cov_unscaled = unname(s$cov.unscaled), kept = which(!is.na(fit$coefficients)),
       coefficients = unname(fit$coefficients), rank = fit$rank, iter = fit$iter)
}

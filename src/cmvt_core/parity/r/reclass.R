# R side of the reclassification tests (issue 18).  Constant code: data arrive as arguments; nothing is
# pasted into R code.

# Hmisc::improveProb's 21 numbers (labels dropped) and its print() lines.
rc_improve <- function(x1, x2, y) {
  r <- Hmisc::improveProb(x1, x2, y)
  lapply(unclass(r), function(v) as.vector(unclass(v)))
}

rc_improve_print <- function(x1, x2, y) {
  utils::capture.output(print(Hmisc::improveProb(x1, x2, y)))
}

# PredictABEL 1.2-4's reclassification(), its computing lines (the package is not in Debian): the
# categories by cut(..., right = FALSE), improveProb on the category numbers / their count, and the printed
# interval nri -+ 1.96 se and p-value 2 * pnorm(-abs(z)).
rc_predictabel <- function(p1, p2, y, cutoffs) {
  br <- c(0, cutoffs, 1)
  c1 <- cut(p1, breaks = br, include.lowest = TRUE, right = FALSE)
  c2 <- cut(p2, breaks = br, include.lowest = TRUE, right = FALSE)
  ta <- table(c1, c2, y)
  c11 <- factor(c1, levels = levels(c1), labels = seq_along(levels(c1)))
  c22 <- factor(c2, levels = levels(c2), labels = seq_along(levels(c2)))
  x <- Hmisc::improveProb(x1 = as.numeric(c11) * (1 / length(levels(c11))),
                          x2 = as.numeric(c22) * (1 / length(levels(c22))), y = y)
  list(levels = levels(c1), absent = unclass(ta[, , 1]), present = unclass(ta[, , 2]),
       all = unclass(table(c1, c2)),
       nri = c(x$nri, x$nri.ev, x$nri.ne), se = c(x$se.nri, x$se.nri.ev, x$se.nri.ne),
       z = c(x$z.nri, x$z.nri.ev, x$z.nri.ne),
       lower = c(x$nri - 1.96 * x$se.nri, x$nri.ev - 1.96 * x$se.nri.ev, x$nri.ne - 1.96 * x$se.nri.ne),
       upper = c(x$nri + 1.96 * x$se.nri, x$nri.ev + 1.96 * x$se.nri.ev, x$nri.ne + 1.96 * x$se.nri.ne),
       p = 2 * pnorm(-abs(c(x$z.nri, x$z.nri.ev, x$z.nri.ne))))
}

# The categorical NRI's bootstrap as cmvt_core.reclass.reclassification documents it: nricens 1.6's nribin
# loop (updown = "category"; nribin.count.main's 7 statistics; sd and type-2 percentiles with na.rm) with
# each resample drawn by sample(N, replace = TRUE) or, for resample = "nricens", by nribin's own
# as.integer(runif(N, 0, N)) + 1.
rc_boot <- function(p.std, p.new, event, cut, niter, seed, alpha, resample) {
  c1 <- findInterval(p.std, cut)
  c2 <- findInterval(p.new, cut)
  count <- function(event, upp, dwn) {
    pr.upp.case <- mean(upp[event == 1])
    pr.dwn.case <- mean(dwn[event == 1])
    pr.dwn.ctrl <- mean(dwn[event == 0])
    pr.upp.ctrl <- mean(upp[event == 0])
    nri.case <- pr.upp.case - pr.dwn.case
    nri.ctrl <- pr.dwn.ctrl - pr.upp.ctrl
    c(nri.case + nri.ctrl, nri.case, nri.ctrl, pr.upp.case, pr.dwn.case, pr.dwn.ctrl, pr.upp.ctrl)
  }
  est <- count(event, c2 > c1, c2 < c1)
  set.seed(seed)
  N <- length(event)
  samp <- matrix(NA, niter, 7)
  for (b in 1:niter) {
    f <- if (resample == "sample") sample(N, replace = TRUE) else as.integer(runif(N, 0, N)) + 1
    samp[b, ] <- count(event[f], c2[f] > c1[f], c2[f] < c1[f])
  }
  ci <- apply(samp, 2, quantile, c(alpha / 2, 1 - alpha / 2), na.rm = TRUE, type = 2)
  list(estimate = est, samp = samp, se = apply(samp, 2, sd), lower = ci[1, ], upper = ci[2, ])
}

rc_quantile2 <- function(x, probs) quantile(x, probs, type = 2, names = FALSE)

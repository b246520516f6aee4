# rms::groupkm (rms 6.5-0, Hmisc's cut2): Kaplan-Meier at u in groups of a predicted survival, for
# tests/test_groupkm.py.  Exactly one of m, g, cuts is used (NULL: not given), in groupkm's order cuts, g, m.

groupkm_r <- function(x, time, event, u, m = 50, g = NULL, cuts = NULL) {
  S <- survival::Surv(time, event)
  warns <- character(0)
  z <- withCallingHandlers(
    if (!is.null(cuts)) rms::groupkm(x, S, cuts = cuts, u = u, pl = FALSE)
    else if (!is.null(g)) rms::groupkm(x, S, g = g, u = u, pl = FALSE)
    else rms::groupkm(x, S, m = m, u = u, pl = FALSE),
    warning = function(w) {
      warns <<- c(warns, conditionMessage(w))
      invokeRestart("muffleWarning")
    })
  list(table = unname(unclass(z)), columns = colnames(z), warnings = warns)
}

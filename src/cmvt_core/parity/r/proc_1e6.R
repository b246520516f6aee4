# pROC's bootstrap features at n = 10^6 under a time limit (benchmarks/bench_proc_1e6.py).
# p6_run builds the curve(s) and runs one pROC call after set.seed(seed), stopped by
# setTimeLimit(elapsed = limit) when it has not finished by then (pROC's replicate loops are R code, so
# the limit is checked between R-level operations).  Returns whether it finished, R's own elapsed time
# (proc.time, including the curve building, as the Python side) and the value when it finished.

p6_call <- function(y, p1, p2, what, boot_n) {
  r1 <- if (what == "ci.auc partial") {
    pROC::roc(y, p1, quiet = TRUE, partial.auc = c(1, 0.8), partial.auc.correct = TRUE)
  } else {
    pROC::roc(y, p1, quiet = TRUE)
  }
  r2 <- if (what %in% c("bootstrap", "specificity", "sensitivity", "venkatraman", "cov")) {
    pROC::roc(y, p2, quiet = TRUE)
  } else NULL
  switch(what,
    bootstrap = pROC::roc.test(r1, r2, method = "bootstrap", boot.n = boot_n, progress = "none")$statistic,
    specificity = pROC::roc.test(r1, r2, method = "specificity", specificity = 0.9, boot.n = boot_n,
                                 progress = "none")$statistic,
    sensitivity = pROC::roc.test(r1, r2, method = "sensitivity", sensitivity = 0.9, boot.n = boot_n,
                                 progress = "none")$statistic,
    venkatraman = pROC::roc.test(r1, r2, method = "venkatraman", boot.n = boot_n, progress = "none")$statistic,
    var = pROC::var(r1, method = "bootstrap", boot.n = boot_n, progress = "none"),
    cov = pROC::cov(r1, r2, method = "bootstrap", boot.n = boot_n, progress = "none"),
    ci.thresholds = as.numeric(unlist(pROC::ci.thresholds(r1, thresholds = "best", boot.n = boot_n,
                                                          progress = "none")[c("specificity", "sensitivity")])),
    `ci.auc partial` = as.numeric(pROC::ci.auc(r1, method = "bootstrap", boot.n = boot_n, progress = "none")),
    stop("unknown feature ", what))
}

p6_run <- function(y, p1, p2, what, boot_n, seed, limit) {
  pt0 <- proc.time()
  t0 <- pt0[["elapsed"]]
  value <- NULL
  err <- NULL
  finished <- tryCatch({
    setTimeLimit(elapsed = limit, transient = TRUE)
    set.seed(seed)
    value <- suppressWarnings(p6_call(y, p1, p2, what, boot_n))
    setTimeLimit(elapsed = Inf)
    TRUE
  }, error = function(e) {
    setTimeLimit(elapsed = Inf)
    err <<- conditionMessage(e)
    FALSE
  })
  setTimeLimit(elapsed = Inf)
  pt1 <- proc.time()
  elapsed <- pt1[["elapsed"]] - t0
  cpu <- (pt1[["user.self"]] + pt1[["sys.self"]]) - (pt0[["user.self"]] + pt0[["sys.self"]])
  list(finished = finished, elapsed = elapsed, cpu = cpu, value = if (is.null(value)) NA_real_ else as.numeric(value),
       error = if (is.null(err)) "" else err)
}

# A check that the limit stops an R-level loop and leaves the session usable: a loop of R sums stopped
# after `limit` seconds, then one more evaluation.
p6_limit_check <- function(limit) {
  out <- p6_limit_loop(limit)
  out$after <- sum(1:10)
  out
}

p6_limit_loop <- function(limit) {
  t0 <- proc.time()[["elapsed"]]
  msg <- tryCatch({
    setTimeLimit(elapsed = limit, transient = TRUE)
    s <- 0
    for (i in 1:1e9) s <- s + sum(i:(i + 10))
    "not stopped"
  }, error = function(e) conditionMessage(e))
  setTimeLimit(elapsed = Inf)
  list(message = msg, elapsed = proc.time()[["elapsed"]] - t0)
}

# The same call in a separate R process (benchmarks/bench_proc_1e6.py --watchdog), for pROC calls that catch
# errors per replicate with try(): a time limit raised inside such a try() is swallowed (R clears the limit
# before raising it), so there the Python side kills this process instead.  The data come as raw doubles
# (readBin) from files written by Python; "START <time>" is printed once they are read, just before set.seed.
p6_file_run <- function(prefix, n, what, boot_n, seed) {
  rd <- function(name) readBin(paste0(prefix, name), "double", n = n)
  y <- rd("_y.bin")
  p1 <- rd("_p1.bin")
  p2 <- rd("_p2.bin")
  suppressMessages(requireNamespace("pROC"))
  cat("START", proc.time()[["elapsed"]], "\n")
  flush(stdout())
  t0 <- proc.time()
  set.seed(seed)
  value <- suppressWarnings(p6_call(y, p1, p2, what, boot_n))
  t1 <- proc.time()
  cat("DONE", t1[["elapsed"]] - t0[["elapsed"]], format(as.numeric(value), digits = 17), "\n")
  flush(stdout())
}

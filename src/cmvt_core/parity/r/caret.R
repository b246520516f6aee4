# caret 6.0-93's data splitting after set.seed(seed), in the C collation (cmvt_core.caret's rule for text).
# Every argument is data passed by the bridge; nothing here is built from strings.
caret_partition <- function(y, p, times, groups, seed) {
  old <- Sys.getlocale("LC_COLLATE")
  on.exit(Sys.setlocale("LC_COLLATE", old))
  Sys.setlocale("LC_COLLATE", "C")
  set.seed(seed)
  if (is.null(groups)) {
    out <- suppressWarnings(caret::createDataPartition(y, times = times, p = p, list = FALSE))
  } else {
    out <- suppressWarnings(caret::createDataPartition(y, times = times, p = p, list = FALSE, groups = groups))
  }
  unname(out)
}

caret_folds <- function(y, k, seed) {
  old <- Sys.getlocale("LC_COLLATE")
  on.exit(Sys.setlocale("LC_COLLATE", old))
  Sys.setlocale("LC_COLLATE", "C")
  set.seed(seed)
  caret::createFolds(y, k = k, list = FALSE)
}

# R twin of cmvt_core.cohort's split: the training rows drawn with R's sample().
# cmvt_core.cohort.split_train_validation(n, ratio, seed) == split_r(n, ratio, seed)$train_sorted - 1
# cmvt_core.cohort.draw_split(n, ratio, seed).train       == split_r(n, ratio, seed)$idx

split_r <- function(n, ratio = 0.7, seed = 1, size = NULL) {
  if (is.null(size)) size <- round(ratio * n)
  set.seed(seed)
  idx <- sample(n, size)
  list(idx = idx, train_sorted = sort(idx), validation = setdiff(seq_len(n), idx), size = size)
}

read_cohort_r <- function(path) {
  # How an R script reads the example cohort (numbers as doubles / integers, names verbatim).
  utils::read.csv(path, check.names = FALSE)
}

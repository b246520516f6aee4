# Helper functions for the cmvt-core parity bridge.
# This file is constant code: the bridge sources it into its own environment and calls these
# functions with data as arguments. No user-supplied string is ever pasted into R code.

make_df <- function(columns, col_names, nrow) {
  # Build a data.frame from a list of vectors without touching the names (no check.names).
  names(columns) <- col_names
  attr(columns, "row.names") <- .set_row_names(as.integer(nrow))
  class(columns) <- "data.frame"
  columns
}

df_parts <- function(df) {
  # The columns of a data.frame, its names and its row count, for conversion back to Python.
  list(columns = unclass(df)[seq_along(df)], col_names = names(df), nrow = nrow(df))
}

column_names <- function(df) names(df)

package_versions <- function(pkgs) {
  vapply(pkgs, function(p) as.character(utils::packageVersion(p)), character(1))
}

rng_kind <- function() RNGkind()

rng_draws <- function(seed, what, n, size, replace, mean, sd) {
  # set.seed(seed), one draw, and the state afterwards.
  set.seed(seed)
  x <- switch(what,
              none = integer(0),
              runif = runif(n),
              sample = sample.int(n, size, replace),
              rnorm = rnorm(n, mean, sd),
              stop("unknown draw"))
  list(x = x, random_seed = get(".Random.seed", envir = globalenv()))
}

loaded_versions <- function() {
  # Versions of every package namespace loaded in this session (the ones a comparison used).
  ns <- sort(setdiff(loadedNamespaces(), c("base")))
  vapply(ns, function(p) as.character(utils::packageVersion(p)), character(1))
}

rng_continue <- function(state, what, n) {
  # Continue from a given .Random.seed, draw, and return the draw and the state afterwards.
  assign(".Random.seed", as.integer(state), envir = globalenv())
  x <- switch(what,
              runif = runif(n),
              sample = sample.int(n),
              sample_r = sample.int(n, n, replace = TRUE),
              rnorm = rnorm(n),
              stop("unknown draw"))
  list(x = x, random_seed = get(".Random.seed", envir = globalenv()))
}

collect_warnings <- function(expr) {
  # the value of expr and the messages of the warnings it raised (muffled), in order
  warn <- character(0)
  value <- withCallingHandlers(expr, warning = function(w) {
    warn <<- c(warn, conditionMessage(w))
    invokeRestart("muffleWarning")
  })
  list(value = value, warnings = warn)
}

# fisher.test in a fresh R process, for the tables after which an R session is no longer sound.
#
#   Rscript fisher_fresh.R NROW WORKSPACE COUNTS      (COUNTS: the table's counts, comma-separated, by column)
#
# prints fisher.test(matrix(COUNTS, NROW), workspace = WORKSPACE)$p.value as %.17g, or "ERROR:" and R's
# message.  R's FEXACT (fexact.c) keeps two static variables of f3xact (nst, nitc) across calls and leaves
# them set after its error 30 (stack length exceeded) and its f3xact hash-key error, so that later
# fisher.test calls in the same session can return wrong p-values or crash R.  The parity tests send such
# tables here, one process each, and every other table through the bridge (r_fisher_p_or_error in baseline.R).
args <- commandArgs(TRUE)
if (length(args) != 3L) {
  message("usage: Rscript fisher_fresh.R NROW WORKSPACE COUNTS")
  quit(status = 2L)
}
counts <- as.integer(strsplit(args[3L], ",", fixed = TRUE)[[1L]])
tab <- matrix(counts, nrow = as.integer(args[1L]))
out <- tryCatch(sprintf("%.17g", fisher.test(tab, workspace = as.numeric(args[2L]))$p.value),
                error = function(e) paste0("ERROR:", conditionMessage(e)))
cat(out)

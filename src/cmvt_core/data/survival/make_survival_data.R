# Writes the survival package's example data sets used by cmvt-core's survival tests and examples as CSVs
# (survival 3.5-3, shipped with R 4.2.2):  Rscript make_survival_data.R  (run in this folder)
# Missing values are written as empty fields; factors as their labels; doubles with 17 significant digits
# (write.csv's own 15 would round pbc's age).  Columns are R's, unchanged.
library(survival)
out <- function(d, name) {
  txt <- vapply(d, function(x) is.factor(x) || is.character(x), logical(1))
  for (k in which(vapply(d, is.double, logical(1)))) {
    x <- d[[k]]
    d[[k]] <- ifelse(is.na(x), NA, sprintf("%.17g", x))
  }
  write.csv(d, paste0(name, ".csv"), row.names = FALSE, na = "", quote = which(txt))
}
out(survival::lung, "lung")          # NCCTG lung cancer: time (days), status 1 = censored, 2 = dead
out(survival::veteran, "veteran")    # Veterans' Administration lung cancer trial: status 0/1
out(survival::pbc, "pbc")            # Mayo PBC: status 0 censored, 1 transplant, 2 dead
out(survival::colon, "colon")        # adjuvant chemotherapy for colon cancer: two rows per patient (etype 1/2)
out(survival::gbsg, "gbsg")          # German breast cancer study: rfstime, status 0/1
writeLines(c(paste("survival", as.character(packageVersion("survival"))), R.version.string), "versions.txt")

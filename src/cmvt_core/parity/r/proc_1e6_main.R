# Rscript proc_1e6_main.R <prefix> <n> <what> <boot_n> <seed>: p6_file_run in its own process
# (benchmarks/bench_proc_1e6.py --watchdog).
args <- commandArgs(trailingOnly = TRUE)
self <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
source(file.path(dirname(self), "proc_1e6.R"))
p6_file_run(args[1], as.integer(args[2]), args[3], as.integer(args[4]), as.integer(args[5]))

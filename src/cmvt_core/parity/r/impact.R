# Plain-R pieces of rmda 1.6's clinical impact plot, written from its documented behaviour (not rmda's code);
# used by tests/test_clinical_impact.py through the bridge (data as arguments, no code from strings).

# The x values a reshaped derived.data is drawn at: the thresholds through as.character and back.
impact_drawn_thresholds <- function(thresholds) as.numeric(as.character(thresholds))

# The cost:benefit ticks chosen for a threshold range: ratios C/B given as two vectors, tick at v / (1 + v);
# keep those within xlim (sorted by threshold), then for n evenly spread type-1 quantiles of
# seq(lo, hi, length.out = 100) the first nearest kept tick. Returns the chosen ticks' positions (1-based,
# in the kept and sorted list) and thresholds.
impact_cb_axis <- function(xlim, C, B, n) {
  v <- C / B
  th <- v / (1 + v)
  lo <- min(xlim); hi <- max(xlim)
  kept <- sort(th[th >= lo & th <= hi])
  q <- quantile(seq(lo, hi, length.out = 100), probs = seq(0, 1, length.out = n), type = 1, names = FALSE)
  pos <- vapply(q, function(qq) which.min(abs(qq - kept)), integer(1))
  list(position = pos, threshold = kept[pos], quantiles = q)
}

"""The tolerance registry: the one place where parity tolerances live.

Each entry is a statistic name pattern (``fnmatch`` style, matched against names such as
``glmnet.lambda`` or ``rrandom.runif``), its absolute and relative tolerance, and the reason
for that size.  A comparison passes an element when ``|py - r| <= max(abs_tol, rel_tol*|r|)``.
The most specific matching pattern (longest without wildcards) wins.

Never loosen an entry to make a test pass: a failing comparison is information.  Tightening
is always welcome.
"""
from __future__ import annotations

import fnmatch
from dataclasses import dataclass


@dataclass(frozen=True)
class Tolerance:
    abs: float
    rel: float
    reason: str


EXACT = Tolerance(0.0, 0.0, "exact")

TOLERANCES: dict[str, Tolerance] = {
    # --- random numbers (docs/R_ALGORITHMS.md section 9)
    "rrandom.*": Tolerance(0.0, 0.0,
        "bit-identical: the same MT19937 stream, unif_rand fix-up, rejection sampling and AS 241 qnorm"),
    # --- bridge round trips
    "bridge.*": Tolerance(0.0, 0.0, "a value crossing the bridge must come back unchanged"),
    # --- glmnet / cv.glmnet (issue 3; docs/R_ALGORITHMS.md sections 1-2)
    "glmnet.lambda": Tolerance(0.0, 1e-12,
        "issue 3: lambda to 1e-12 relative (the port reproduces glmnetpp's Eigen/SSE2 reduction order; seen 0)"),
    "glmnet.a0": Tolerance(1e-9, 0.0, "issue 3: a0 to 1e-9 absolute (exact port of the coordinate descent; seen 0)"),
    "glmnet.beta": Tolerance(1e-9, 0.0, "issue 3: beta to 1e-9 absolute (exact port; seen 0)"),
    "glmnet.dev_ratio": Tolerance(1e-9, 0.0, "issue 3: dev.ratio to 1e-9 absolute (exact port; seen 0)"),
    "glmnet.nulldev": Tolerance(0.0, 1e-12, "2*sum(w)*dev0: one log and a few products, same order as glmnetpp"),
    "glmnet.df": Tolerance(0.0, 0.0, "issue 3: the same df at every lambda (counts)"),
    "glmnet.npasses": Tolerance(0.0, 0.0, "issue 3: the same number of coordinate passes (count)"),
    "glmnet.path_length": Tolerance(0.0, 0.0, "issue 3: the same path length (early stopping rules ported)"),
    "glmnet.coef_s": Tolerance(1e-9, 0.0, "coef(fit, s) between grid points (exact=FALSE): linear interpolation of "
                                          "coefficients held to 1e-9"),
    "glmnet.link_s": Tolerance(1e-9, 0.0, "predict(fit, newx, s, type='link'): sums of x*beta of 1e-9 coefficients"),
    "glmnet.response_s": Tolerance(1e-9, 0.0, "predict(type='response') = plogis(link), which can only shrink a link difference"),
    "cv_glmnet.cvm": Tolerance(1e-9, 0.0, "issue 3: cvm to 1e-9 (fold fits exact, interpolation and means as R)"),
    "cv_glmnet.cvsd": Tolerance(1e-9, 0.0, "issue 3: cvsd to 1e-9"),
    "cv_glmnet.cvup": Tolerance(1e-9, 0.0, "cvm + cvsd"),
    "cv_glmnet.cvlo": Tolerance(1e-9, 0.0, "cvm - cvsd"),
    "cv_glmnet.lambda": Tolerance(0.0, 1e-12, "the full-data grid, as glmnet.lambda"),
    "cv_glmnet.lambda_min": Tolerance(0.0, 1e-12, "issue 3: the same lambda.min (a grid value: same index, lambda to 1e-12)"),
    "cv_glmnet.lambda_1se": Tolerance(0.0, 1e-12, "issue 3: the same lambda.1se (a grid value: same index, lambda to 1e-12)"),
    "cv_glmnet.index": Tolerance(0.0, 0.0, "the same 1-based grid positions of lambda.min and lambda.1se"),
    "cv_glmnet.nzero": Tolerance(0.0, 0.0, "nonzero counts along the path (counts)"),
    "cv_glmnet.foldid": Tolerance(0.0, 0.0, "fold ids from set.seed(s); sample(rep(1:nfolds, length=N)): bit-identical RNG"),
    "cv_glmnet.coef_min": Tolerance(1e-9, 0.0, "issue 3: coefficients at lambda.min (on the grid, so exact) to 1e-9"),
    "cv_glmnet.coef_1se": Tolerance(1e-9, 0.0, "issue 3: coefficients at lambda.1se (on the grid) to 1e-9"),
    "cv_glmnet.name": Tolerance(0.0, 0.0, "R's measure name, verbatim"),
    # --- glmnet(family = "cox") / cv.glmnet (issue 20; docs/R_ALGORITHMS.md "glmnet's Cox family")
    "coxnet.*": Tolerance(0.0, 0.0,
        "issue 20: bit-identical: a line-by-line port of glmnet 4.1-6's Fortran coxnet / loglike (sequential sums "
        "as gfortran -O2 compiles dot_product and sum, its single-precision literals, psort7's order of ties); "
        "seen 0 on every case"),
    "cv_coxnet.*": Tolerance(0.0, 0.0,
        "issue 20: bit-identical: fold fits, coefficient interpolation, coxnet.deviance (loglike), fold weights "
        "and cvstats' weighted means (long double sums) as R; seen 0 on every case"),
    # --- rms formulas (issue 22; docs/R_ALGORITHMS.md "rms formulas")
    "formula.*": Tolerance(0.0, 0.0, "issue 22: rms formula fits on the design rms builds (rcspline.eval, pol, lsp, "
                                     "dummies, interaction products in R's order), fitted by the lrm/cph ports, "
                                     "anova's solvet by LINPACK: bit-identical on every case (seen 0)"),
    # --- fastbw and validate/calibrate with bw=TRUE (issue 22 part B; docs/R_ALGORITHMS.md section 3b)
    "fastbw.*": Tolerance(0.0, 0.0, "issue 22: rms::fastbw ported line by line on the fit's own coef/var (bit-"
                                    "identical to rms's): Hmisc solvet by LINPACK dqrdc2/dqrsl, products in reference-"
                                    "BLAS order, R's pchisq: bit-identical on every case (seen 0)"),
    "bw.validate.*": Tolerance(1e-8, 0.0,
        "issue 6's bound (as validate.*): same rows, same step-downs (replicate fastbw on a refit with R's order "
        "of sums), the reduced refits and measures by validate's kernels (grouped sums, last-bit differences)"),
    "bw.validate.kept": Tolerance(0.0, 0.0, "attr(v, 'kept'): which factors each replicate keeps, exact"),
    "bw.validate.n": Tolerance(0.0, 0.0, "successful replicates per row: exact"),
    "bw.validate.printed": Tolerance(0.0, 0.0, "print(v) and the step-down printout: identical text"),
    "bw.calibrate.*": Tolerance(1e-8, 0.0, "issue 6's bound (as calibrate.*), bw as bw.validate.*"),
    "bw.calibrate.n": Tolerance(0.0, 0.0, "counts of non-NA replicates per grid point: exact"),
    # --- lrm, Hosmer-Lemeshow, nomogram (issue 4; sections 3, 4, 7)
    "lrm_fit.*": Tolerance(0.0, 1e-8,
        "lrm.fit ported iterate by iterate (same start, step halving, dqrdc2 solve, stopping rule): "
        "the issue's 1e-8 relative; observed bit-identical"),
    "lrm_fit.fail": Tolerance(0.0, 0.0, "fail flag must be the same logical"),
    "lrm.coef": Tolerance(0.0, 1e-8, "issue 4: coefficients to 1e-8 relative (Newton iterates reproduced)"),
    "lrm.vcov": Tolerance(0.0, 1e-8, "issue 4: vcov to 1e-8 relative (solvet via LINPACK QR reproduced)"),
    "lrm.stats.*": Tolerance(0.0, 1e-8,
        "issue 4: every stats entry to 1e-8 relative; no absolute term since issue 16: P = 1 - pchisq(LR, df) "
        "uses R's pgamma.c ported line by line (it was scipy's, ~1e-16 abs off); observed bit-identical, P too"),
    "lrm.stats.C": Tolerance(1e-12, 0.0, "binned rank statistics: the 5001-bin table replicated, R_ALGORITHMS 3"),
    "lrm.stats.Dxy": Tolerance(1e-12, 0.0, "binned rank statistics: the 5001-bin table replicated"),
    "lrm.stats.Gamma": Tolerance(1e-12, 0.0, "binned rank statistics: the 5001-bin table replicated"),
    "lrm.stats.Tau-a": Tolerance(1e-12, 0.0, "binned rank statistics: the 5001-bin table replicated"),
    "lrm.stat_names": Tolerance(0.0, 0.0, "rms's names and order, exactly"),
    "lrm.linear_predictors": Tolerance(1e-12, 1e-8, "X beta with the iterates reproduced (1e-12 abs near lp = 0)"),
    "lrm.fitted": Tolerance(1e-12, 1e-8, "plogis of the linear predictors"),
    "lrm.predict.*": Tolerance(1e-12, 1e-8, "predict on new data: X beta with lrm's coefficients"),
    # --- cph (issue 19): survival's coxfit6 ported loop for loop (kernels/coxph.py)
    "cph.*": Tolerance(0.0, 1e-12,
        "issue 19: coxfit6's Newton loop (centring, scaling, score test, step halving, loglik stopping rule, "
        "cholesky2/chsolve2/chinv2) ported in C's order; the issue asks 1e-8 relative, observed bit-identical "
        "(coef, vcov, loglik, stats, lp on lung/veteran/pbc/colon/gbsg, both ties): 1e-12 leaves room only for "
        "a libm exp/log that rounds differently"),
    "cph.linear_predictors": Tolerance(1e-14, 1e-12, "X beta - sum(means * beta) with R's iterates, dgemv order "
                                                     "(abs near lp = 0); observed bit-identical"),
    "cph.predict": Tolerance(1e-14, 1e-12, "predictrms: matxv(X, coef) - center with R's coefficients (abs near 0)"),
    "cph.survest": Tolerance(0.0, 1e-12, "survfit.cph -> agsurv ported in R's order (rowsum, long-double "
                                         "cumsum, agsurv5's Efron sum, libm exp/pow); observed bit-identical on lung, "
                                         "veteran, gbsg; room for a libm that rounds differently"),
    "cph.stats.Dxy": Tolerance(1e-12, 0.0, "survConcordance.fit's pair counts are whole numbers (exact), then "
                                           "R's arithmetic on them"),
    "cph.warnings": Tolerance(0.0, 0.0, "coxph.fit's warnings, R's text"),
    "cph.coef_names": Tolerance(0.0, 0.0, "rms's names: column, or var=level for a factor"),
    "cph.stat_names": Tolerance(0.0, 0.0, "rms's names and order, exactly"),
    "cph.iter": Tolerance(0.0, 0.0, "the same number of Newton steps"),
    "cph.print": Tolerance(0.0, 0.0, "print.cph's lines after the call, verbatim"),
    "cph.time_inc": Tolerance(0.0, 0.0, "rms's time.inc rule (30, or max(pretty(c(0, maxtime))) / 10)"),
    "glm.summary.*": Tolerance(1e-13, 1e-9,
        "glm.fit IRLS ported (mustart, logit link C code, Cdqrls with tol 1e-11, deviance criterion 1e-8): "
        "SE, z, p, OR and Wald CI equal to glm's summary to 1e-9 relative (abs 1e-13 for p-values near 0)"),
    "hoslem.statistic": Tolerance(0.0, 1e-10, "R_ALGORITHMS 11: HL X2 to 1e-10; grouping bit-exact (type-7 quantile)"),
    "hoslem.p_value": Tolerance(0.0, 0.0, "1 - pchisq(X2, df) with R's pchisq ported line by line (issue 16; was "
                                "scipy's, ~1e-16 abs off): observed bit-identical, X2 too, live and golden"),
    "hoslem.df": Tolerance(0.0, 0.0, "df identical"),
    # --- issue 19: Kaplan-Meier and concordance (survival 3.5-3)
    "survfit.*": Tolerance(0.0, 0.0, "summary(survfit(...), censored = TRUE): survfitkm's running product and "
                           "Greenwood sum in double in time order, survfit_confint's log CI with libm exp/log; "
                           "counts exact (seen 0 on lung, veteran, pbc, colon, gbsg)"),
    "concordance.count": Tolerance(0.0, 0.0, "concordance3's balanced-tree counts: sums of unit weights (exact)"),
    "concordance.concordance": Tolerance(0.0, 0.0, "(somer + 1) / 2 of exact counts, R's order of operations"),
    "concordance.var": Tolerance(0.0, 0.0, "sum(dfbeta^2) / 4: rowSums in long double, sum() as R's rsum (seen 0)"),
    # --- issue 20: timeROC 0.4.1 (golden) and its censoring weights (prodlim, live)
    "timeroc.*": Tolerance(0.0, 0.0, "golden, timeROC 0.4.1: its R code ported step by step (order(T), order(-marker), "
                           "R's long-double sum/cumsum/colSums/rowSums, the iid sums in R's column-major order, "
                           "confint's rnorm stream and type-7 quantile); seen 0 on lung and pbc (4 markers x 3 times)"),
    "timeroc.iid_rounded.*": Tolerance(1e-14, 1e-13,
        "time_roc's iid sums above 5e7 sequential additions per time (n x case-control pairs): timeROC's "
        "sum(t(Mathtij1) * (1 + MatInt[cases, k])) for each k is an x87 long-double running sum over all pairs "
        "(O(n^3)), whose rounding no shorter computation reproduces; the O(n^2) path sums each case's terms "
        "exactly and rounds once, so a sum can differ from R's in the last bit (seen iid 4.4e-16, se 0, C.alpha "
        "4.4e-16 = 1 ulp; golden se 0). Below the threshold (every golden) R's order is kept: timeroc.* is 0"),
    "timeroc.ipcw.*": Tolerance(0.0, 0.0, "live, prodlim 2019.11.13 reverse KM as pec's ipcw.marginal predicts it: "
                                "the same 1 - d/(n - e) product in double in time order; seen 0"),
    "timeroc.twin.*": Tolerance(0.0, 0.0, "live, timeroc_twin (timeROC's point-estimate code in plain R on prodlim's "
                                "weights): the same sums and cumsums in long double; expected bit-identical"),
    "timeroc.censoring_km.time": Tolerance(0.0, 0.0, "the distinct times: identical"),
    "timeroc.censoring_km.surv": Tolerance(0.0, 1e-14,
        "live, survival::survfit(Surv(time, 1 - event)): survfitkm multiplies (n - d)/n where prodlim multiplies "
        "1 - d/n, a last-bit difference per step carried along the product (seen 1.5e-16 lung, 6.9e-16 pbc)"),
    "dca_survival.*": Tolerance(0.0, 0.0, "live, dcurves' survival definition written with survival::survfit: "
                                "the KM is survfitkm's product (km_curve), the rates and the net benefit in R's "
                                "order, bootstrap rows from R's stream and type-1 quantiles; expected bit-identical"),
    "hoslem.observed": Tolerance(0.0, 0.0, "counts per group: group membership bit-exact"),
    "hoslem.expected": Tolerance(0.0, 1e-12, "sums of fitted values per group (R sums in long double)"),
    "nomogram.*": Tolerance(1e-10, 0.0, "R_ALGORITHMS 4 / 11: points and positions 1e-10 (pretty() bit-identical)"),
    "nomogram.values.*": Tolerance(0.0, 0.0, "axis values come from pretty()/unique values: identical"),
    "nomogram.score.risk_vs_fitted": Tolerance(1e-12, 0.0, "issue 4: nomogram risk equals lrm fitted to 1e-12"),
    # nomogram of a cph fit (issue 19): survival axes; seen bit-identical on lung/veteran/pbc/colon/gbsg, both ties
    "nomogram.survival_total_points": Tolerance(1e-10, 0.0, "issue 19: approx() inversion of Survival(fit)(t, lp) "
        "on R's 1000-point grid, as nomogram.*; seen 0 on 148 ticks (cph's coefficients may differ from R's in "
        "the last bits, cph.* 1e-12 relative)"),
    "nomogram.score.points": Tolerance(1e-10, 0.0, "issue 19: (uncentred term - info$R[1, ]) * info$sc; seen 0"),
    "nomogram.score.total_points": Tolerance(1e-12, 0.0, "issue 19: the sum of the points against R's "
        "(predict(fit) - info$Intercept) * info$sc, two roundings apart; seen 5.7e-14 at totals near 200"),
    "nomogram.score.lp": Tolerance(1e-13, 0.0, "issue 19: intercept + total / sc against predict(fit, x); "
        "seen 2.8e-15"),
    "nomogram.score.survival": Tolerance(0.0, 1e-12, "issue 19: Survival(fit)(t, predict(fit, x)) with "
        "predict as cph.predict (1e-14) and the curve as cph.survest (1e-12 relative)"),
    "rbase.uniroot.*": Tolerance(0.0, 0.0, "issue 21: stats::uniroot and R_zeroin2 ported step for step "
                                 "(kernels.zeroin): the same root and precision, bit-identical"),
    "rbase.pretty": Tolerance(0.0, 0.0, "R's pretty() ported from R_pretty: bit-identical"),
    "rbase.sum": Tolerance(0.0, 0.0, "issue 16: R's rsum, a sequential long-double sum (np.cumsum on np.longdouble): "
                           "bit-identical, also where numpy's pairwise and double-double sums differ"),
    "rbase.mean": Tolerance(0.0, 0.0, "issue 16: R's real_mean, two sequential long-double passes: bit-identical"),
    "rbase.var": Tolerance(0.0, 0.0, "issue 16: R's cov.c two-pass var with long-double sums: bit-identical"),
    "nmath.pnorm": Tolerance(0.0, 0.0, "issue 16: R's pnorm.c (Cody) ported line by line, libm exp: bit-identical"),
    "nmath.qnorm": Tolerance(0.0, 0.0, "R's qnorm.c (AS 241) ported line by line, libm log: bit-identical"),
    "nmath.pwilcox": Tolerance(0.0, 0.0, "exact cwilcox counts (integers here, doubles in R: both exact while "
                               "choose(m + n, n) < 2^53) summed in R's order: bit-identical"),
    "nmath.pwilcox_large": Tolerance(0.0, 1e-13, "m, n near 50: R's cwilcox counts (doubles) and choose(m + n, n) "
                                     "(exp(lfastchoose)) are rounded above 2^53, the exact integers here are not; "
                                     "observed max relative difference 5e-15"),
    "nmath.dhyper": Tolerance(0.0, 0.0, "R's dhyper/dbinom_raw/stirlerr/bd0 ported line by line: bit-identical"),
    "nmath.pbeta": Tolerance(0.0, 0.0, "issue 16: toms708.c's bratio and pbeta.c ported line by line (pure Python, "
                             "glibc's libm as R): bit-identical"),
    "nmath.pt": Tolerance(0.0, 0.0, "issue 16: pt.c ported line by line (toms708 pbeta, R's lbeta): bit-identical"),
    "nmath.qt": Tolerance(0.0, 0.0, "issue 16: qt.c ported line by line (every branch; R's qnorm5, tanpi, pt, dt): "
                          "bit-identical"),
    "nmath.dt": Tolerance(0.0, 0.0, "issue 16: dt.c ported line by line (R's stirlerr, bd0): bit-identical"),
    "nmath.pchisq": Tolerance(0.0, 0.0, "issue 16: ported line by line (pgamma.c with dpois_raw/ebd0, lgamma1p, "
                              "pnorm/dnorm; kernels.nmath_gamma), libm log/exp/log1p/expm1/pow: bit-identical"),
    "nmath.gammafn": Tolerance(0.0, 0.0, "issue 16: R's gamma.c (with R's sinpi and stirlerr) ported line by line"),
    "nmath.lgammafn": Tolerance(0.0, 0.0, "issue 16: R's lgamma.c and lgammacor.c ported line by line"),
    "nmath.lbeta": Tolerance(0.0, 0.0, "issue 16: R's lbeta.c ported line by line (glibc lgamma below 1e-306)"),
    "hmisc.ginimd": Tolerance(0.0, 0.0, "issue 16: Hmisc's GiniMd with R's mean and long-double sum: bit-identical"),
    # --- pROC (issue 5; section 6)
    "pROC.direction": Tolerance(0.0, 0.0, "a string: '<' or '>' exactly as pROC's median rule decides"),
    "pROC.thresholds": Tolerance(0.0, 0.0, "exact: midpoints of the same doubles by the same operations, +-Inf, "
                                 "pROC's a/2+b/2 branch and near-tie fix"),
    "pROC.sensitivities": Tolerance(0.0, 0.0, "exact: an integer count divided by the number of cases, as pROC"),
    "pROC.specificities": Tolerance(0.0, 0.0, "exact: (n - count)/n in double, as pROC"),
    "pROC.coords.*": Tolerance(0.0, 0.0, "exact: the same rows of the same curve, selected by exact equality "
                               "with the maximum criterion"),
    "pROC.placements.*": Tolerance(0.0, 0.0, "exact: half-integer counts divided by n or m, as delongPlacementsCpp"),
    "pROC.auc": Tolerance(1e-12, 0.0, "issue 5: the same double products; since issue 21 summed as R's long-double "
                          "sum (kernels.rbase.rsum_add; observed difference 0 in tests/test_roc_full.py); kept at "
                          "1e-12 because study.*.roc.auc uses it for AUCs of Python- vs R-fitted risks"),
    "pROC.partial_auc": Tolerance(0.0, 0.0, "issue 21: bit-identical (observed 0 in tests/test_roc_full.py): pROC's "
                                  "trapezoids and interpolations with the same double operations, summed as R's sum "
                                  "(long double, kernels.rbase.rsum_add), McClish's correction in pROC's order"),
    "pROC.var": Tolerance(1e-12, 0.0, "issue 5: R's two-pass var (issue 16: kernels.rbase.r_var, long double as cov.c)"),
    "pROC.ci_delong": Tolerance(1e-12, 0.0, "issue 5: theta + sqrt(S) * qnorm(p) with R's AS 241 qnorm; "
                                "S summed as R's sum (issue 16: sequential long double)"),
    "pROC.ci_boot": Tolerance(1e-12, 0.0, "the same R draws (RRNG), the same replicate AUCs up to the summation "
                              "accumulator, R's type-7 quantile"),
    "pROC.ci_coords.*": Tolerance(0.0, 0.0, "issue 18: bit-identical (observed 0 in tests/test_roc_ci_coords.py): "
                                  "the same R draws (RRNG, pROC's order), each replicate's curve from integer "
                                  "counts divided as pROC divides, thresholds as roc.utils.thresholds, best by "
                                  "exact equality, pROC's interpolation and calc.coords with the same double "
                                  "operations in the same order, R's type-7 quantile"),
    "pROC.ci_se.*": Tolerance(0.0, 0.0, "issue 18: bit-identical (observed 0): as pROC.ci_coords.* with "
                              "input = 'specificity'; replicates with an NA dropped as ci.se drops them"),
    "pROC.ci_sp.*": Tolerance(0.0, 0.0, "issue 18: bit-identical (observed 0): as pROC.ci_coords.* with "
                              "input = 'sensitivity'; replicates with an NA dropped as ci.sp drops them"),
    # --- pROC smooth / var / cov / ci.thresholds (issue 21 part B; docs/R_ALGORITHMS.md "pROC smooth", "pROC var")
    "pROC.testthat.*": Tolerance(0.0, 1.5e-8, "pROC's own testthat expectations (test-smooth.R, test-var.R, "
                                 "test-cov.R), printed to 15 digits and held by expect_equal's default tolerance"),
    "pROC.testthat.cov7": Tolerance(0.0, 5e-7, "pROC's testthat numbers stored to 7 significant digits "
                                    "(test-cov.R lines 12-14, 76): half a unit of the 7th digit"),
    "pROC.testthat.cov5": Tolerance(5e-11, 0.0, "test-cov.R line 109 stores -0.0000030024, 5 significant digits: "
                                    "half a unit of the last (pROC 1.18.0 gives -3.0024320059745866e-06, as we do; "
                                    "testthat's relative 1.5e-8 cannot hold a 5-digit number)"),
    "pROC.smooth.binormal.*": Tolerance(0.0, 0.0, "bit-identical (observed 0): lm by the same LINPACK dqrdc2/dqrsl, "
                                        "predict's a + b*x, R's qnorm/pnorm"),
    "pROC.smooth.fitdistr.*": Tolerance(0.0, 0.0, "bit-identical (observed 0): MASS's closed-form mean/sd, R's dnorm, "
                                        "each sum(dens[mask]) as R's long-double sum (rbase.rsum_add)"),
    "pROC.smooth.density.*": Tolerance(1e-14, 1e-13, "stats::density's FFT: numpy's pocketfft and R's Singleton "
                                       "fft sum in different orders (observed <= 4e-16 on the densities, <= 1e-15 on "
                                       "se/sp/AUC); everything else is R's arithmetic"),
    "stats.density.x": Tolerance(0.0, 0.0, "seq.int(from, to, length.out) as R 4.2.2 (from + i*by, to last)"),
    "stats.density.y": Tolerance(1e-15, 1e-13, "the FFT convolution (see pROC.smooth.density.*); observed <= 3e-16"),
    "nmath.dnorm": Tolerance(0.0, 0.0, "bit-identical: dnorm.c ported (both branches) with libm's exp"),
    "rbase.cov": Tolerance(0.0, 0.0, "bit-identical: cov.c's long-double two-pass means and sum of products"),
    "rbase.cor": Tolerance(0.0, 0.0, "bit-identical: cov.c's long-double sums, sqrtl, the ratio in double"),
    "stats.bw_nrd0": Tolerance(0.0, 0.0, "bit-identical: R's sd (r_var) and type-7 IQR, the same products"),
    "pROC.var.delong": Tolerance(1e-12, 0.0, "as pROC.var"),
    "pROC.var.obuchowski": Tolerance(0.0, 0.0, "bit-identical (observed 0): the binormal lm (exact) through libm's exp "
                                  "and pow, as R's R_pow"),
    "pROC.var.bootstrap": Tolerance(0.0, 1e-12, "the same R draws (RRNG), replicate AUCs as pROC.ci_boot (double-double "
                                 "trapezoid sum vs R's long double), R's var; observed 0"),
    "pROC.var.smooth.binormal": Tolerance(0.0, 0.0, "bit-identical (observed 0): each replicate re-smoothed exactly; R's var"),
    "pROC.var.smooth.fitdistr": Tolerance(0.0, 0.0, "bit-identical (observed 0): each replicate re-smoothed exactly; R's var"),
    "pROC.var.smooth.density": Tolerance(0.0, 1e-10, "each replicate's density AUC carries the FFT's ~1e-15"),
    "pROC.smooth_boot.exact.*": Tolerance(0.0, 0.0, "bit-identical (observed 0): ci.auc / var / cov / roc.test of "
                                          "binormal and fitdistr smoothed curves, every replicate smoothed again "
                                          "exactly (the same R draws, lm, dnorm, R's sums), R's quantile/var/cov/sd"),
    "pROC.smooth_boot.density.*": Tolerance(1e-13, 1e-12, "as pROC.smooth.density.*: each density replicate's AUC "
                                            "or coordinate carries the FFT's ~1e-16; observed <= 2e-15 on D, CI, "
                                            "var, cov"),
    "pROC.cov.delong": Tolerance(0.0, 0.0, "bit-identical (observed 0): R's cov (long double, cov.c) of the placements "
                              "in the data's order"),
    "pROC.cov.obuchowski": Tolerance(0.0, 0.0, "bit-identical (observed 0): the binormal lm, R's cor (cov.c), exp, pow"),
    "pROC.cov.bootstrap": Tolerance(0.0, 1e-12, "the same R draws (RRNG) shared by both curves, replicate AUCs as "
                                 "pROC.ci_boot; R's cov; observed 0"),
    "pROC.ci_thresholds.*": Tolerance(0.0, 0.0, "bit-identical: the same R draws, integer counts divided as "
                                      "roc.utils.perfs, R's type-7 quantile"),
    "pROC.roc_test.statistic": Tolerance(1e-10, 0.0, "issue 5: Z (paired) or D (unpaired) to 1e-10"),
    "pROC.roc_test.p_value": Tolerance(0.0, 0.0, "issue 5/16: R's pnorm (paired) and R's pt (unpaired; pt.c and "
                                       "toms708 ported, issue 16) of the same statistic: observed 0 difference "
                                       "in tests/test_roc.py (was 1e-10 for scipy's stdtr)"),
    "pROC.roc_test.estimate": Tolerance(1e-12, 0.0, "the two AUCs, as pROC.auc"),
    "pROC.roc_test.conf_int": Tolerance(1e-12, 0.0, "d -+ qnorm(1 - alpha/2) * sigma with the same sigma to ~1e-16"),
    "pROC.roc_test.df": Tolerance(1e-10, 0.0, "Welch df of the unpaired test, a ratio of the same variances"),
    # issue 21: roc.test's resampling methods, power.roc.test, multiclass.roc
    "pROC.roc_test_resampled.statistic": Tolerance(1e-12, 0.0,
        "bootstrap D = diff / sd(diffs): the same R draws in pROC's order; replicate AUCs summed in double-double "
        "where R sums in long double (pROC.ci_boot); se/sp at a point bit-identical (pROC.ci_se.*); Venkatraman E "
        "exact integers (paired) or the same approx/long-double sum (unpaired); observed 0 in "
        "tests/test_roc_resampling_tests.py"),
    "pROC.roc_test_resampled.p_value": Tolerance(1e-12, 0.0, "R's pnorm of the same D; a count of EP >= E / boot.n "
                                                 "(Venkatraman); observed 0"),
    "pROC.roc_test_resampled.estimate": Tolerance(1e-12, 0.0, "the two AUCs, as pROC.auc"),
    "pROC.roc_test_resampled.parameter": Tolerance(0.0, 0.0, "boot.n and boot.stratified as given"),
    "pROC.power.*": Tolerance(0.0, 0.0, "bit-identical (observed 0 in tests/test_roc_power.py): the same closed "
                              "forms in R's operation order with R's qnorm/pnorm/pow, R's uniroot (kernels.zeroin, "
                              "R_zeroin2 step for step) for the AUC, R's var/cov/cor (long double) and lm's LINPACK QR "
                              "for the binormal fit"),
    "pROC.multiclass.*": Tolerance(1e-12, 0.0, "pairwise AUCs as pROC.auc (double-double vs long double trapezoid "
                                   "sum), combined with R's sum/mean (long double); observed 0 in tests/test_multiclass.py"),
    # --- calibrate / validate / lowess (issue 6; section 5)
    "lowess.*": Tolerance(1e-12, 0.0,
        "exact port of R's C clowess (same operation order, stable sort); bit-identical in 300 random/tied "
        "cases; 1e-12 is the issue's bound"),
    "calibrate.*": Tolerance(1e-8, 0.0,
        "issue 6's bound. Same bootstrap rows (R's RNG), same lrm.fit Newton iterates and decisions; "
        "the bootstrap refit groups its sums (BLAS information matrix, drawn-k-times rows weighted k) and "
        "the bootstrap lowess uses one-pass weighted sums, so values differ from R's in the last bits "
        "(about 1e-15 seen)"),
    "calibrate.n": Tolerance(0.0, 0.0, "counts of non-NA replicates per grid point: exact"),
    "calibrate.n_failed": Tolerance(0.0, 0.0, "number of failed bootstrap fits (R: 'Divergence or singularity "
                                    "in k samples'): exact"),
    "calibrate.printed_n": Tolerance(0.0, 0.0, "the 'n=' of plot(cal): exact"),
    "validate.*": Tolerance(1e-8, 0.0,
        "issue 6's bound for every row and column; same rows, same Newton iterates, replicate sums in "
        "R's order; refit sums grouped differently (last-bit differences, about 1e-15 seen)"),
    "validate.n": Tolerance(0.0, 0.0, "successful replicates per row: exact"),
    "validate.n_failed": Tolerance(0.0, 0.0, "failed bootstrap fits: exact"),
    # --- rms::groupkm (issue 20; R_ALGORITHMS "groupkm")
    "groupkm.*": Tolerance(0.0, 0.0,
        "bit-identical: cut2's quantile groups from the 15-digit table of x (approx's constant rule, min.dif), "
        "survfitKM's product and Greenwood sum in double in time order, R's long-double mean of x per group"),
    # --- calibrate / validate for cph (issue 20; R_ALGORITHMS "calibrate / validate for cph")
    "calibrate_cph.*": Tolerance(0.0, 0.0,
        "bit-identical: R's bootstrap rows, coxfit6 refits in R's row order, agsurv's sums (long-double cumsum), "
        "cut2's intervals, survfitKM's product and Greenwood sum in double, groupkm's long-double mean; the "
        "replicate sums in R's order"),
    "validate_cph.*": Tolerance(0.0, 0.0,
        "bit-identical: coxfit6 refits (and the slope refit, the frozen loglik at slope 1), survConcordance's "
        "whole-number counts, GiniMd with R's long-double mean and sum"),
    "rng.bootstrap_state": Tolerance(0.0, 0.0,
        ".Random.seed after calibrate: shows R drew exactly sample(n, replace=TRUE) B times"),
    "somers2.*": Tolerance(1e-13, 0.0, "midrank sums are exact in double; only the final division rounds"),
    "ginimd": Tolerance(1e-13, 0.0, "a weighted sum of n terms; R accumulates in long double"),
    "lrm.fit.coef": Tolerance(1e-12, 1e-12,
        "same Newton iterates as the Fortran lrmfit (same order of sums, LINPACK QR solve); libm/BLAS "
        "rounding only"),
    "lrm.fit.deviance": Tolerance(1e-10, 1e-13, "-2 log L, a sum of n logs: rounding only"),
    "lrm.fit.fail": Tolerance(0.0, 0.0, "failure flag: exact"),
    "lrm.fit.vs_lrm_fit": Tolerance(1e-13, 1e-13,
        "the bootstrap solver against cmvt_core.logistic.lrm_fit (two ports of the same Fortran)"),
    "external_calibration.*": Tolerance(1e-12, 0.0,
        "lowess + approx on fixed predictions: exact ports; mean/quantile as R"),
    # --- decision curves, glm (issue 7; section 8)
    "dca.*": Tolerance(1e-10, 0.0,
        "issue 7: rmda's derived.data to 1e-10. Counts are exact integers and CI bounds are order statistics "
        "(type-1 quantiles), so only the glm's last-bit rounding (IRLS to 1e-8 on the deviance, same path as R) "
        "enters; a threshold flip would need a risk within ~1e-14 of a threshold"),
    "dca.model": Tolerance(0.0, 0.0, "the deparsed formula / 'All' / 'None' labels must be identical"),
    "dca.cost_benefit_ratio": Tolerance(0.0, 0.0, "MASS::fractions strings must be identical"),
    "rmda.clinical_impact.*": Tolerance(0.0, 1e-12,
        "issue 18: population.size x rmda's prob.high.risk/DP/prob.low.risk/nonDP (and their bootstrap bounds), "
        "which are ratios of counts (case-control: weighted by the fixed prevalence), so a real difference (a "
        "threshold flip) is at least N/n; one multiplication as R's leaves last-bit rounding only "
        "(measured 0 on all five stored rmda cases at N = 1000, 250, 1)"),
    "rmda.clinical_impact.thresholds": Tolerance(0.0, 0.0,
        "as.numeric(as.character(thresholds)): 15 significant digits and back, a deterministic round trip"),
    "rmda.clinical_impact.cost_benefit_threshold": Tolerance(0.0, 0.0,
        "the cost:benefit ticks are rmda's fixed ratios v/(1+v) chosen by type-1 quantiles and which.min: "
        "one of the same doubles or a different tick"),
    "glm.coefficients": Tolerance(1e-10, 1e-10,
        "same IRLS path, start and stopping rule as glm.fit, and the same LINPACK dqrdc2/dqrsl QR and "
        "reference-BLAS product order; only libm exp/log last bits could differ (observed: identical)"),
    "glm.cov_unscaled": Tolerance(1e-13, 1e-12,
        "summary.glm's chol2inv ported as reference LAPACK dpotri (dtrti2 + dlauu2) on the same R factor; "
        "only libm last bits in the IRLS weights could differ (observed: identical)"),
    "glm.rank": Tolerance(0.0, 0.0, "the rank from dqrdc2's tolerance test must be identical"),
    "glm.fitted": Tolerance(1e-12, 0.0, "fitted probabilities from coefficients equal to ~1e-14"),
    "glm.deviance": Tolerance(1e-9, 1e-12, "deviance at coefficients equal to ~1e-14; long-double sum in R"),
    "glm.iter": Tolerance(0.0, 0.0, "same stopping rule: the iteration count must be identical"),
    "cutoff.counts": Tolerance(0.0, 0.0, "2x2 counts are integers"),
    "cutoff.*": Tolerance(0.0, 1e-12, "ratios of integer counts, Woolf CI with R's qnorm(0.975): rounding only"),
    # --- baseline table tests (issue 8)
    "baseline.shapiro.*": Tolerance(0.0, 1e-12,
        "swilk.c ported line by line with R's own qnorm (AS 241) and, since issue 16, R's own pnorm (Cody); "
        "observed max rel diff ~5e-15 before that, bit-identical on 100 random samples after"),
    "baseline.t.*": Tolerance(0.0, 0.0,
        "same arithmetic as t.test (long-double mean and var as R's summary.c/cov.c) and R's pt/qt (pt.c, qt.c, "
        "toms708 ported, issue 16): observed 0 difference in tests/test_htest.py and tests/test_baseline.py "
        "(was 1e-12 relative for scipy's stdtr/stdtrit, ~4e-13 seen on the CI ends)"),
    "baseline.wilcox.*": Tolerance(0.0, 1e-12,
        "W is an exact rank sum; exact p from the same cwilcox counts (exact integers here, doubles in R) summed "
        "in R's order; normal approximation with R's tie and continuity corrections; R's pnorm (ported, issue 16)"),
    "baseline.chisq.*": Tolerance(0.0, 0.0,
        "statistic summed in long double as R's sum(); pchisq upper tail R's pgamma.c ported line by line "
        "(issue 16; scipy's chdtrc was ~2e-14 off): observed bit-identical"),
    "baseline.fisher.p_2x2": Tolerance(0.0, 1e-12,
        "R's dhyper (dbinom_raw, stirlerr, bd0) ported exactly; the same relErr = 1 + 1e-7 rule and long-double sums"),
    "baseline.fisher.estimate": Tolerance(0.0, 1e-12,
        "conditional MLE by R's uniroot (Brent's zeroin ported) on the same mnhyper; identical iterations"),
    "baseline.fisher.conf_int": Tolerance(0.0, 1e-12,
        "uniroot as for the estimate; pnhyper(x, 1) uses a sum of dhyper where R calls phyper (~1e-16), which "
        "moves Brent's iterates negligibly (observed ~3e-14)"),
    "baseline.fisher.p_rxc": Tolerance(0.0, 1e-15,
        "issue 15: r x c (r x 2 included) is R's FEXACT ported line by line (the same log-factorial recurrence, "
        "operation order and workspace layout, glibc's log/exp as R's); observed bit-identical (max rel diff 0) "
        "on ~900 random tables; 1e-15 leaves one rounding for a platform whose libm differs between the two"),
    "baseline.dhyper": Tolerance(0.0, 1e-14, "R's nmath dhyper code ported; observed bit-identical"),
    "baseline.table.*": Tolerance(0.0, 1e-12,
        "the whole table: counts and percentages exact, means/SDs (long double as R), quantile type 7 (rbase, "
        "bit-identical), and the tests above; p-values of r x c Fisher tests are held to baseline.fisher.p_rxc"),
    "baseline.table.text": Tolerance(0.0, 0.0, "variable names, levels and test names must match exactly"),
    "cohort.split.*": Tolerance(0.0, 0.0, "the split is R's sample() after set.seed(): integers, exact"),
    "data.survival.*": Tolerance(0.0, 0.0, "the survival package's data sets written by write.csv (15 significant "
                                           "digits) hold numbers with fewer digits: read back exactly"),
    "caret.*": Tolerance(0.0, 0.0, "issue 18: caret's createDataPartition/createFolds rows and fold ids are "
                                   "integers drawn by R's sample() after set.seed(): exact"),
    "reclass.improve.*": Tolerance(0.0, 0.0,
        "issue 18: Hmisc::improveProb's counts, divisions and sqrt are IEEE operations in R's order, its sum/mean/"
        "var the long-double ones of kernels.rbase: bit-identical"),
    "reclass.print": Tolerance(0.0, 0.0, "print.improveProb's lines, verbatim"),
    "reclass.predictabel.*": Tolerance(0.0, 0.0,
        "issue 18: PredictABEL's tables (counts) and its improveProb on category numbers / K (as improve_prob), "
        "nri -+ 1.96 se and 2 pnorm(-|z|) (R's pnorm ported): bit-identical"),
    "reclass.boot.*": Tolerance(0.0, 0.0,
        "issue 18: the same resamples (R's stream: sample / runif), nricens's means as R's long-double quotient, "
        "sd as R's var, type-2 percentiles (order statistics or their R-order mean): bit-identical"),
    "reclass.quantile2": Tolerance(0.0, 0.0, "R 4.2.2's quantile(type = 2): order statistics and 0.5/0.5 means"),
    # --- study twin (issue 8): run_study vs parity/r/study_twin.R on the same CSV and config. Every size is the
    # per-function size above (same algorithms, same R draws); the study adds no tolerance of its own.
    "study.text.*": Tolerance(0.0, 0.0, "names, levels, test names, formatted table cells, selected variables: identical"),
    "study.keys.*": Tolerance(0.0, 0.0, "results.json and the twin's JSON must have the same keys at every level"),
    "study.split.*": Tolerance(0.0, 0.0, "set.seed(seed); sample(n, round(ratio*n)): integers, exact (cohort.split)"),
    "study.baseline.*": Tolerance(0.0, 1e-12,
        "as baseline.table.*: counts exact, long-double means/SDs, type-7 quartiles, shapiro/t/wilcox/chisq/fisher "
        "each to 1e-12 relative (no r x c Fisher table arises: every categorical predictor has two levels)"),
    "study.baseline.*.settings.*": Tolerance(0.0, 0.0, "settings and group sizes: identical"),
    "study.lasso.lambda_used": Tolerance(0.0, 1e-12, "lambda.min or lambda.1se, as above"),
    "study.lasso.nfolds": Tolerance(0.0, 0.0, "config, identical"),
    "study.model.multivariable.*": Tolerance(1e-13, 1e-9,
        "as glm.summary.*: glm's Wald table (coef, SE, z, p, OR, 95% CI) of the LASSO-selected model"),
    "study.model.alpha": Tolerance(0.0, 0.0, "config, identical"),
    "study.model.keep_significant": Tolerance(0.0, 0.0, "config, identical"),
    "study.model.formula": Tolerance(0.0, 0.0, "[model] formula: null in both when LASSO selected (the text, when "
                                               "given, is compared as study.text.model.formula)"),
    "study.nomogram.total_points": Tolerance(0.0, 0.0, "as nomogram.values.total_points (pretty())"),
    "study.nomogram.lp_axis.lp": Tolerance(0.0, 0.0, "as nomogram.values.lp_at (pretty())"),
    "study.nomogram.risk_axis.risk": Tolerance(0.0, 0.0, "as nomogram.values.risk (pretty())"),
    "study.nomogram.maxscale": Tolerance(0.0, 0.0, "100, identical"),
    "study.hosmer_lemeshow.g": Tolerance(0.0, 0.0, "config, identical"),
    "study.hosmer_lemeshow.breaks": Tolerance(1e-12, 1e-8,
        "type-7 quantiles of the fitted risks: the fitted risks' own size (lrm.fitted), the quantile itself exact"),
    "study.*.roc.threshold": Tolerance(1e-12, 1e-8,
        "the Youden threshold is a midpoint of two fitted risks: the fitted risks' size (lrm.fitted); pROC's "
        "own arithmetic on equal inputs is exact (pROC.thresholds)"),
    "study.training.calibration.*": Tolerance(1e-10, 0.0,
        "R_ALGORITHMS 5 / 11: calibrate with the same seed to 1e-10 (MAE, MSE and 0.9 quantile of plot(cal)'s err)"),
    "study.training.calibration.B": Tolerance(0.0, 0.0, "config, identical"),
    "study.calibration_table.*": Tolerance(1e-10, 0.0, "R_ALGORITHMS 5 / 11: calibrate's table to 1e-10"),
    "study.validation.calibration.*": Tolerance(1e-10, 0.0,
        "external calibration: calibrate's lowess(iter=0)/approx on fixed predictions, to calibrate's 1e-10"),
    "study.validation.calibration.n": Tolerance(0.0, 0.0, "a count"),
    "study.comparison.cutoffs": Tolerance(0.0, 0.0, "config, identical"),
    "study.training.validate.*": Tolerance(1e-10, 0.0, "R_ALGORITHMS 5 / 11: validate with the same seed to 1e-10"),
    "study.training.validate.*.n": Tolerance(0.0, 0.0, "number of successful bootstrap fits: a count"),
    "study.*.dca.*": Tolerance(1e-10, 0.0,
        "as dca.*: counts exact, CI bounds order statistics; the risks are the fitted risks (~1e-16 apart), so a "
        "threshold flip would need a risk within ~1e-14 of a threshold"),
    "study.twin_vs_golden.dca.*": Tolerance(1e-10, 0.0,
        "the twin's decision curve (dca_plain) against rmda 1.6's stored output: dca.*'s size"),
    "study.twin_vs_golden.hoslem.*": Tolerance(0.0, 1e-10,
        "the twin's Hosmer-Lemeshow against ResourceSelection 0.3-6's stored output: hoslem.statistic's size"),
    "study.twin_vs_golden.hoslem.df": Tolerance(0.0, 0.0, "df identical"),
    "study.twin_vs_golden.hoslem.observed": Tolerance(0.0, 0.0, "counts identical"),
    # --- val.prob (issue 18): every piece is an exact port, so every number is R's bit for bit (measured 0
    # in tests/test_valprob.py over 11 cohorts, n 3..5000, ties, p near 0/1, separation, one non-event)
    "valprob.stats.*": Tolerance(0.0, 0.0,
        "bit-identical: lrm.fit's Newton loop (maxit = 1 at (0, 1), and the recalibration) and its 5001-bin "
        "gcorr ported, R's sum()/mean() in long double (rsum_add, r_mean), quantile type 7, clowess, libm's "
        "log/exp, pnorm and pchisq ported bit-identical"),
    "valprob.stat_names": Tolerance(0.0, 0.0, "rms's names and order, exactly"),
    "valprob.curve.*": Tolerance(0.0, 0.0, "lowess(p, y, iter = 0): the clowess port on R's order(), bit-identical"),
    "valprob.print": Tolerance(0.0, 0.0, "print() of the named vector, character for character"),
    "valprob.plot_stats": Tolerance(0.0, 0.0, "the figure's format(round(stats, 3)) text, character for character"),
}


# The study twin inherits these per-function tolerances unchanged (same algorithms, same R draws): the
# study adds no tolerance of its own.
_STUDY_AS = {
    "study.lasso.lambda_min": "cv_glmnet.lambda_min",
    "study.lasso.lambda_1se": "cv_glmnet.lambda_1se",
    "study.lasso.coefficients.*": "cv_glmnet.coef_min",
    "study.lasso.foldid": "cv_glmnet.foldid",
    "study.lasso.path_length": "glmnet.path_length",
    "study.lasso.cvm": "cv_glmnet.cvm",
    "study.lasso.cvsd": "cv_glmnet.cvsd",
    "study.lasso.nzero": "cv_glmnet.nzero",
    "study.model.final.*": "glm.summary.*",
    "study.model.coef.*": "lrm.coef",
    "study.model.stats.*": "lrm.stats.*",
    "study.model.stats.C": "lrm.stats.C",
    "study.model.stats.Dxy": "lrm.stats.Dxy",
    "study.model.stats.Gamma": "lrm.stats.Gamma",
    "study.model.stats.Tau-a": "lrm.stats.Tau-a",
    "study.fitted.*": "lrm.fitted",
    "study.nomogram.*": "nomogram.*",
    "study.nomogram.axes.*.value": "nomogram.values.*",
    "study.hosmer_lemeshow.statistic": "hoslem.statistic",
    "study.hosmer_lemeshow.p_value": "hoslem.p_value",
    "study.hosmer_lemeshow.df": "hoslem.df",
    "study.hosmer_lemeshow.observed": "hoslem.observed",
    "study.hosmer_lemeshow.expected": "hoslem.expected",
    "study.*.roc.auc": "pROC.auc",
    "study.*.roc.ci_lower": "pROC.ci_delong",
    "study.*.roc.ci_upper": "pROC.ci_delong",
    "study.*.roc.sensitivity": "pROC.coords.*",
    "study.*.roc.specificity": "pROC.coords.*",
    "study.*.roc.n_best_thresholds": "pROC.coords.*",
    "study.dca_derived.*": "dca.*",
    # issue 18 (the study's validation cohort): each number inherits the size of the function that made it
    "study.*.roc.sensitivity_ci": "pROC.ci_coords.*",
    "study.*.roc.specificity_ci": "pROC.ci_coords.*",
    "study.*.roc.ci_boot_n": "pROC.ci_coords.*",
    "study.*.roc.threshold_ci": "study.*.roc.threshold",
    "study.validation.val_prob.*": "valprob.stats.*",
    "study.*.dca.clinical_impact.*": "rmda.clinical_impact.*",
    "study.*.dca.clinical_impact.thresholds": "rmda.clinical_impact.thresholds",
    "study.validation.calibration.refit_coef.*": "lrm.coef",
    "study.comparison.reference_coef.*": "lrm.coef",
    "study.comparison.reference_c_index": "lrm.stats.C",
    "study.comparison.reference_fitted.*": "lrm.fitted",
    "study.comparison.*.improve_prob.*": "reclass.improve.*",
    "study.comparison.*.reclassification.*": "reclass.predictabel.*",
    "study.comparison.*.reclassification.estimates.*": "reclass.boot.*",
}
TOLERANCES.update({k: Tolerance(TOLERANCES[v].abs, TOLERANCES[v].rel, f"as {v}: {TOLERANCES[v].reason}")
                   for k, v in _STUDY_AS.items()})

# --- the survival study twin (issue 20): run_survival_study vs parity/r/study_twin_surv.R on the same CSV and
# config; each number inherits the size of the function that made it, the study adds none of its own
TOLERANCES.update({
    "survstudy.split.*": Tolerance(0.0, 0.0, "set.seed(seed); sample(n, round(ratio*n)): group sizes and events"),
    "survstudy.survival.*": Tolerance(0.0, 0.0, "the times (config, or k * 365 / 12 / 1 kept by the follow-up rule) "
                                      "and the groups' longest follow-up and first event: observed values, identical"),
    "survstudy.*.c_index.n": Tolerance(0.0, 0.0, "group sizes"),
    "survstudy.*.c_index.events": Tolerance(0.0, 0.0, "event counts"),
    # the plugged steps (present once their ports are in the package)
    "survstudy.selection.*": Tolerance(0.0, 0.0, "LASSO-Cox: set.seed(seed); cv.glmnet(family = 'cox'): folds from "
                                       "R's stream, the coxnet Fortran path ported bit for bit (tests/test_lasso_cox.py)"),
    "survstudy.training.calibration.*": Tolerance(0.0, 0.0, "calibrate.cph (cmethod = 'KM') with the same resamples "
                                                  "and refits as rms (tests/test_calibrate_cph.py, seen 0)"),
    "survstudy.validation.calibration.*": Tolerance(0.0, 0.0, "the validation group's calibration: external = "
                                                    "groupkm of survest's predictions (cut2 groups, survfitKM, R's "
                                                    "sums; tests/test_groupkm.py, seen 0), refit = calibrate.cph as "
                                                    "in training (seen 0)"),
    "survstudy.training.validate.*": Tolerance(0.0, 0.0, "validate.cph with the same resamples and refits as rms "
                                               "(tests/test_calibrate_cph.py, seen 0)"),
    "survstudy.*.dca.*": Tolerance(0.0, 0.0, "dcurves' survival net benefit: survfit's KM among the test-positives "
                                   "of the same risks, type-1 percentiles of the same resamples (seen 0)"),
})
_SURV_AS = {
    "survstudy.text.*": "study.text.*",
    "survstudy.keys.*": "study.keys.*",
    "survstudy.baseline.*": "study.baseline.*",
    "survstudy.baseline.*.settings.*": "study.baseline.*.settings.*",
    "survstudy.model.*": "cph.*",
    "survstudy.model.stats.Dxy": "cph.stats.Dxy",
    "survstudy.nomogram.*": "nomogram.*",
    "survstudy.nomogram.axes.*.value": "nomogram.values.*",
    "survstudy.nomogram.total_points": "nomogram.values.*",
    "survstudy.nomogram.lp_axis.lp": "nomogram.values.*",
    "survstudy.nomogram.maxscale": "study.nomogram.maxscale",
    "survstudy.nomogram.survival_axes.time": "survstudy.survival.*",
    "survstudy.nomogram.survival_axes.survival": "nomogram.values.*",
    "survstudy.nomogram.survival_axes.total_points": "nomogram.survival_total_points",
    "survstudy.*.c_index.estimate": "concordance.concordance",
    "survstudy.*.c_index.std_err": "concordance.var",
    "survstudy.*.c_index.lower": "concordance.var",
    "survstudy.*.c_index.upper": "concordance.var",
    "survstudy.lp.*": "cph.predict",
}
TOLERANCES.update({k: Tolerance(TOLERANCES[v].abs, TOLERANCES[v].rel, f"as {v}: {TOLERANCES[v].reason}")
                   for k, v in _SURV_AS.items()})


def tolerance_for(statistic: str) -> Tolerance:
    """The registered tolerance for a statistic name; KeyError if none is registered."""
    if statistic in TOLERANCES:
        return TOLERANCES[statistic]
    matches = [p for p in TOLERANCES if fnmatch.fnmatchcase(statistic, p)]
    if not matches:
        raise KeyError(f"no tolerance registered for statistic {statistic!r}: add one to parity/tolerances.py "
                       "with the reason for its size")
    best = max(matches, key=lambda p: len(p.replace("*", "").replace("?", "")))
    return TOLERANCES[best]

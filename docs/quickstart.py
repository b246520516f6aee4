# A whole study in about 20 lines: the shipped cohort, R's 7:3 split, LASSO, lrm, nomogram, ROC, calibration, DCA.
import pandas as pd

from cmvt_core import calibrate, cv_glmnet, decision_curve, lrm, nomogram, roc
from cmvt_core.cohort import draw_split, load_cohort
from cmvt_core.datasets import load_cmvt_cohort

X, y = load_cohort(load_cmvt_cohort(), "cmvt")            # the predictors (floats) and the 0/1 outcome
split = draw_split(len(y), 0.7, seed=2024)                 # set.seed(2024); idx <- sample(n, round(0.7 * n))
t, v = split.train_mask, ~split.train_mask
cv = cv_glmnet(X[t], y[t], nfolds=10, seed=2024)           # set.seed(2024); cv.glmnet(x, y, family = "binomial")
kept = cv.selected("lambda.1se")                           # the predictors LASSO keeps at lambda.1se
fit = lrm(X[t][kept], y[t])                                # rms::lrm(cmvt ~ kept, x = TRUE, y = TRUE)
nom = nomogram(fit)                                        # rms::nomogram(fit, fun = plogis)
risk = fit.predict(X[v][kept], type="fitted")              # the validation group's predicted risks
auc = roc(y[v], risk)                                      # pROC::roc(y, risk)
cal = calibrate(fit, B=200, seed=2024)                     # set.seed(2024); rms::calibrate(fit, B = 200)
dc = decision_curve(pd.DataFrame({"cmvt": y[v], "risk": risk}), "cmvt", "risk",
                    fitted_risk=True, bootstraps=100, seed=2024)  # rmda::decision_curve(cmvt ~ risk, ...)
print("kept:", ", ".join(kept))
print(f"C (training) {fit.stats['C']:.3f}; AUC (validation) {auc.auc:.3f}, 95% CI {auc.ci_auc()[0]:.3f}-{auc.ci_auc()[2]:.3f}")
print(f"calibration: mean absolute error {cal.mean_abs_error:.4f}; nomogram total points up to {nom.total_points.max():g}")
print(dc.summary("NB").iloc[[10, 20, 30]][["threshold", "All", "model", "model_lower", "model_upper"]].round(3))

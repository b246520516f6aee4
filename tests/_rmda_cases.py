"""The five rmda calls of tests/goldens/gen_goldens.R (tests/test_dca.py, tests/test_clinical_impact.py)."""

GOLDEN_CASES = {
    "formula_boot50": dict(predictors=["x1", "x2"], bootstraps=50, seed=1),
    "fitted_boot50": dict(predictors=["risk"], fitted_risk=True, bootstraps=50, seed=2),
    "ties_noci": dict(predictors=["risk2"], fitted_risk=True, confidence_intervals=None),
    "optout_boot50": dict(predictors=["risk"], fitted_risk=True, policy="opt-out", bootstraps=50, seed=3),
    "casecontrol_boot50": dict(predictors=["x1", "x2"], study_design="case-control", population_prevalence=0.05,
                               bootstraps=50, seed=4),
}

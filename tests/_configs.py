"""Study configs (TOML text) shared by the tests that run `cmvt analyze` / run_study on the shipped cohort."""

#: the whole recipe with moderate bootstraps (a study in seconds)
QUICK = """
[study]
outcome = "cmvt"
seed = 2024

[roc]
boot_n = 300

[calibration]
B = 40

[validation]
B = 40

[dca]
bootstraps = 20
"""

#: three predictors, small B and no decision-curve bootstraps: a whole study in a few seconds
FAST = """
[study]
outcome = "cmvt"
seed = 2024
predictors = ["bmi", "pre_crp", "post_sii"]

[model]
keep_significant = false

[roc]
boot_n = 100

[calibration]
B = 20

[validation]
B = 20

[dca]
bootstraps = 0
"""

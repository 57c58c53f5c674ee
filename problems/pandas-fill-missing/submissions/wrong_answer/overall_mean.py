import pandas as pd


def clean_readings(readings: pd.DataFrame) -> pd.DataFrame:
    kept = readings.dropna(subset=["sensor_id"]).sort_values(["sensor_id", "taken_at"])
    # The mean of every site, not the reading's own.
    kept["temperature"] = kept["temperature"].fillna(kept["temperature"].mean())
    kept["humidity"] = kept.groupby("sensor_id")["humidity"].ffill()
    return kept[["sensor_id", "site", "taken_at", "temperature", "humidity"]]

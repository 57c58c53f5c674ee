import pandas as pd


def clean_readings(readings: pd.DataFrame) -> pd.DataFrame:
    kept = readings.dropna(subset=["sensor_id"]).sort_values(["sensor_id", "taken_at"])
    site_mean = kept.groupby("site")["temperature"].transform("mean")
    kept["temperature"] = kept["temperature"].fillna(site_mean)
    kept["humidity"] = kept.groupby("sensor_id")["humidity"].ffill()
    return kept[["sensor_id", "site", "taken_at", "temperature", "humidity"]]

import pandas as pd


def clean_readings(readings: pd.DataFrame) -> pd.DataFrame:
    kept = readings.sort_values(["sensor_id", "taken_at"])
    site_mean = kept.groupby("site")["temperature"].transform("mean")
    kept["temperature"] = kept["temperature"].fillna(site_mean)
    kept["humidity"] = kept.groupby("sensor_id")["humidity"].ffill()
    # dropna() without a subset also drops what the fills could not fill.
    return kept.dropna()[["sensor_id", "site", "taken_at", "temperature", "humidity"]]

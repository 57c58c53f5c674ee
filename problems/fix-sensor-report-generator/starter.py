def parse_readings(lines):
    for line in lines:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        sensor, value = line.split(",")
        yield sensor.strip(), float(value)


def sensors_seen(readings):
    return sorted({sensor for sensor, _ in readings})


def peak_per_sensor(readings):
    peaks = {}
    for sensor, value in readings:
        if sensor not in peaks or value > peaks[sensor]:
            peaks[sensor] = value
    return peaks


def daily_report(lines):
    readings = parse_readings(lines)
    count = sum(1 for _ in readings)
    if count == 0:
        return {"count": 0, "sensors": [], "peaks": {}, "mean": None}
    total = sum(value for _, value in readings)
    return {
        "count": count,
        "sensors": sensors_seen(readings),
        "peaks": peak_per_sensor(readings),
        "mean": round(total / count, 3),
    }

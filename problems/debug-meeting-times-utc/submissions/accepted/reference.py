from datetime import datetime, timedelta, timezone


def parse_offset(text):
    sign = -1 if text.startswith("-") else 1
    hours, minutes = text[1:].split(":")
    return sign * timedelta(hours=int(hours), minutes=int(minutes))


def to_utc(local_time, offset):
    naive = datetime.fromisoformat(local_time)
    return naive.replace(tzinfo=timezone(parse_offset(offset))).astimezone(timezone.utc)


def utc_schedule(meetings):
    entries = [(to_utc(local_time, offset), title) for title, local_time, offset in meetings]
    entries.sort()
    return [[moment.strftime("%Y-%m-%dT%H:%MZ"), title] for moment, title in entries]

# Does not look for repeated customer ids: a customer listed twice gets two reminders.
import csv
import io
from datetime import date, timedelta


def _when(renews_on, today):
    days = (renews_on - today).days
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    return f"in {days} days ({renews_on:%a %d %b})"


def _message(row, renews_on, auto, today):
    first = row["name"].split()[0] if row["name"].split() else "there"
    when = _when(renews_on, today)
    if auto:
        return f"{row['email']}: Hi {first}, your {row['plan']} plan renews automatically {when}."
    return (f"{row['email']}: Hi {first}, your {row['plan']} plan expires {when}. "
            f"Renew at https://example.com/renew/{row['customer_id']}")


def renewal_reminders(records, today, days=7):
    if type(days) is not int or days < 0:
        raise ValueError(f"days must be an int >= 0, got {days!r}")
    if isinstance(records, str):
        records = csv.DictReader(io.StringIO(records))
    due = []
    summary = {"rows": 0, "due": 0, "auto": 0, "manual": 0, "inactive": 0, "overdue": 0, "skipped": []}
    seen = set()
    last_day = today + timedelta(days=days)
    for record in records:
        summary["rows"] += 1
        row = {key: (value or "").strip() for key, value in record.items()}
        customer = row["customer_id"]
        seen.add(customer)
        if row["status"].lower() != "active":
            summary["inactive"] += 1
            continue
        try:
            renews_on = date.fromisoformat(row["renews_on"])
        except ValueError:
            summary["skipped"].append((customer, "bad renews_on"))
            continue
        if "@" not in row["email"]:
            summary["skipped"].append((customer, "no email"))
            continue
        auto = row["auto_renew"].lower()
        if auto not in ("yes", "no"):
            summary["skipped"].append((customer, "bad auto_renew"))
            continue
        if renews_on < today:
            summary["overdue"] += 1
        elif renews_on <= last_day:
            due.append((renews_on, row["name"].casefold(), customer, _message(row, renews_on, auto == "yes", today)))
            summary["auto" if auto == "yes" else "manual"] += 1
    due.sort()
    summary["due"] = len(due)
    return [message for *_, message in due], summary

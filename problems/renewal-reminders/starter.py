import csv
import io
from datetime import date, timedelta


def renewal_reminders(records, today, days=7):
    """The reminder messages for the active customers whose renewal falls within `days` days
    of `today`, in sending order, and a summary dict of the run."""
    ...

from django.db.models import Avg, Count, Max, Min, Sum
from models import Book


def page_stats(since):
    ...

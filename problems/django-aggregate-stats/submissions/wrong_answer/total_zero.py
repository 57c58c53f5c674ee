from django.db.models import Avg, Count, Max, Min, Sum, Value
from django.db.models.functions import Coalesce
from models import Book


def page_stats(since):
    stats = Book.objects.filter(year__gte=since).aggregate(
        books=Count("id"), shortest=Min("pages"), longest=Max("pages"), average=Avg("pages"),
        total=Coalesce(Sum("pages"), Value(0)))
    if stats["average"] is not None:
        stats["average"] = round(stats["average"], 2)
    return stats

from django.db.models import Avg, Count, Max, Min, Sum
from models import Book


def page_stats(since):
    # Count("pages") skips the books whose page count is unknown.
    stats = Book.objects.filter(year__gte=since).aggregate(
        books=Count("pages"), shortest=Min("pages"), longest=Max("pages"), average=Avg("pages"), total=Sum("pages"))
    if stats["average"] is not None:
        stats["average"] = round(stats["average"], 2)
    return stats

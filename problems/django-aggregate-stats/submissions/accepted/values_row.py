from django.db.models import Avg, Count, Max, Min, Sum
from models import Book


def page_stats(since):
    books, shortest, longest, average, total = Book.objects.filter(year__gte=since).aggregate(
        a=Count("*"), b=Min("pages"), c=Max("pages"), d=Avg("pages"), e=Sum("pages")).values()
    return {"books": books, "shortest": shortest, "longest": longest,
            "average": None if average is None else round(average, 2), "total": total}

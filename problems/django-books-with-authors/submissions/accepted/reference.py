from models import Book


def books_with_authors(since):
    books = Book.objects.filter(year__gte=since).select_related("author").order_by("title", "id")
    return [[book.title, book.author.name] for book in books]

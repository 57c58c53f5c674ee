from models import Book


def catalogue(since):
    books = Book.objects.filter(year__gte=since).order_by("title", "id").prefetch_related("genres")
    return [[book.title, sorted(genre.name for genre in book.genres.all())] for book in books]

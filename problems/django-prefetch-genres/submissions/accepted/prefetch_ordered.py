from django.db.models import Prefetch
from models import Book, Genre


def catalogue(since):
    books = (Book.objects.filter(year__gte=since).order_by("title", "id")
             .prefetch_related(Prefetch("genres", queryset=Genre.objects.order_by("name"))))
    return [[book.title, [genre.name for genre in book.genres.all()]] for book in books]

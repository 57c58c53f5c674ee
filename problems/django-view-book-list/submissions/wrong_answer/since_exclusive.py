from django.db.models import Prefetch
from django.http import JsonResponse
from django.urls import path
from django.views.decorators.http import require_GET

from models import Book, Genre


def book_json(book):
    return {
        "id": book.id,
        "title": book.title,
        "year": book.year,
        "author": {"id": book.author.id, "name": book.author.name},
        "genres": [genre.name for genre in book.genres.all()],
    }


@require_GET
def book_list(request):
    # One query for the books with their authors (a join), one for all their genres.
    books = (
        Book.objects.select_related("author")
        .prefetch_related(Prefetch("genres", queryset=Genre.objects.order_by("name")))
        .order_by("title", "id")
    )
    since = request.GET.get("since")
    if since is not None:
        try:
            books = books.filter(year__gt=int(since))
        except ValueError:
            return JsonResponse({"error": "since must be an integer"}, status=400)
    genre = request.GET.get("genre")
    if genre is not None:
        books = books.filter(genres__name=genre)
    return JsonResponse({"books": [book_json(book) for book in books]})


urlpatterns = [
    path("books/", book_list),
]

from django.db.models import Count
from models import Author


def author_book_counts(since):
    # The filter() drops every author without a recent book before anything is counted.
    authors = (Author.objects.filter(books__year__gte=since)
               .annotate(book_count=Count("books", distinct=True), genre_count=Count("books__genres", distinct=True))
               .order_by("-book_count", "name", "id"))
    return [[a.name, a.book_count, a.genre_count] for a in authors]

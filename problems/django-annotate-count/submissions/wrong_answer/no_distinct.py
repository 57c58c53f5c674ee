from django.db.models import Count, Q
from models import Author


def author_book_counts(since):
    # The join with the genres repeats each book once per genre.
    recent = Q(books__year__gte=since)
    authors = (Author.objects
               .annotate(book_count=Count("books", filter=recent),
                         genre_count=Count("books__genres", filter=recent, distinct=True))
               .order_by("-book_count", "name", "id"))
    return [[a.name, a.book_count, a.genre_count] for a in authors]

from models import Author


def author_book_counts(since):
    # Right numbers, but two more queries per author.
    rows = []
    for author in Author.objects.all():
        books = author.books.filter(year__gte=since)
        genres = books.filter(genres__isnull=False).values("genres").distinct().count()
        rows.append((-books.count(), author.name, author.id, genres))
    rows.sort()
    return [[name, -count, genres] for count, name, _, genres in rows]

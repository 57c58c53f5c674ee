from models import Book


def catalogue(since):
    # One query: a row per (book, genre), None for a book without genres.
    rows = Book.objects.filter(year__gte=since).order_by("title", "id", "genres__name").values_list(
        "id", "title", "genres__name")
    result, last = [], None
    for book_id, title, genre in rows:
        if book_id != last:
            result.append([title, []])
            last = book_id
        if genre is not None:
            result[-1][1].append(genre)
    return result

from models import Book


def catalogue(since):
    # A book without genres comes back from the LEFT JOIN as one row with None.
    rows = Book.objects.filter(year__gte=since).order_by("title", "id", "genres__name").values_list(
        "id", "title", "genres__name")
    result, last = [], None
    for book_id, title, genre in rows:
        if book_id != last:
            result.append([title, []])
            last = book_id
        result[-1][1].append(genre)
    return result

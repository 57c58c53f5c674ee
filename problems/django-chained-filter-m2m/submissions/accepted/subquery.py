from models import Book


def books_in_both(first, second):
    with_second = Book.objects.filter(genres__name=second).values("id")
    return list(Book.objects.filter(genres__name=first, id__in=with_second)
                .order_by("title", "id").values_list("id", "title"))

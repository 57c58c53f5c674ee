from django.db.models import Count, Q
from models import Author


def author_book_counts(since):
    ...

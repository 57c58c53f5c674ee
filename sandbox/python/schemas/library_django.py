# The library schema, as Django models. `from models import Author, Book, ...` in a solution.
from django.db import models


class Author(models.Model):
    name = models.CharField(max_length=100)
    country = models.CharField(max_length=60, null=True)
    born = models.IntegerField(null=True)

    class Meta:
        app_label = "library"
        db_table = "author"


class Genre(models.Model):
    name = models.CharField(max_length=60, unique=True)

    class Meta:
        app_label = "library"
        db_table = "genre"


class Book(models.Model):
    title = models.CharField(max_length=200)
    author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="books")
    year = models.IntegerField()
    pages = models.IntegerField(null=True)
    genres = models.ManyToManyField(Genre, related_name="books", db_table="book_genres")

    class Meta:
        app_label = "library"
        db_table = "book"


class Member(models.Model):
    name = models.CharField(max_length=100)
    joined_on = models.DateField()

    class Meta:
        app_label = "library"
        db_table = "member"


class Loan(models.Model):
    book = models.ForeignKey(Book, on_delete=models.CASCADE, related_name="loans")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="loans")
    loaned_on = models.DateField()
    returned_on = models.DateField(null=True)

    class Meta:
        app_label = "library"
        db_table = "loan"

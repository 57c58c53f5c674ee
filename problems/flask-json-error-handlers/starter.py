from flask import Flask, abort, request

app = Flask(__name__)

books = {
    1: {"id": 1, "title": "Dune", "year": 1965, "borrowed": False},
    2: {"id": 2, "title": "Neuromancer", "year": 1984, "borrowed": False},
}


class ValidationError(Exception):
    """A bad request body: which field, and what is wrong with it."""

    def __init__(self, field, message):
        self.field = field
        self.message = message


@app.get("/books")
def list_books():
    return list(books.values())


# the other routes, and the error handlers that make every error JSON

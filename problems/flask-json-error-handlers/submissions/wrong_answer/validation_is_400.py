from flask import Flask, Response, abort, request

app = Flask(__name__)

books = {
    1: {"id": 1, "title": "Dune", "year": 1965, "borrowed": False},
    2: {"id": 2, "title": "Neuromancer", "year": 1984, "borrowed": False},
}
last_id = 2


class ValidationError(Exception):
    """A bad request body: which field, and what is wrong with it."""

    def __init__(self, field, message):
        self.field = field
        self.message = message


@app.errorhandler(ValidationError)
def validation_failed(error):
    return {"error": "validation_failed", "field": error.field, "message": error.message}, 400


@app.errorhandler(404)
def not_found(error):
    return {"error": "not_found", "path": request.path}, 404


@app.errorhandler(405)
def method_not_allowed(error):
    # valid_methods comes from a set: sorted, the answer is the same on every run.
    return {"error": "method_not_allowed", "method": request.method,
            "allowed": sorted(error.valid_methods)}, 405


@app.errorhandler(409)
def conflict(error):
    return {"error": "conflict", "message": error.description}, 409


def find_book(book_id):
    if book_id not in books:
        abort(404)
    return books[book_id]


@app.get("/books")
def list_books():
    return list(books.values())


@app.get("/books/<int:book_id>")
def get_book(book_id):
    return find_book(book_id)


@app.post("/books")
def create_book():
    global last_id
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise ValidationError("body", "must be a JSON object")
    title, year = data.get("title"), data.get("year")
    if not isinstance(title, str) or not title.strip():
        raise ValidationError("title", "must be a non-empty string")
    if isinstance(year, bool) or not isinstance(year, int):
        raise ValidationError("year", "must be an integer")
    last_id += 1
    books[last_id] = {"id": last_id, "title": title, "year": year, "borrowed": False}
    return books[last_id], 201


@app.delete("/books/<int:book_id>")
def delete_book(book_id):
    find_book(book_id)
    del books[book_id]
    return Response(status=204)


@app.post("/books/<int:book_id>/borrow")
def borrow_book(book_id):
    book = find_book(book_id)
    if book["borrowed"]:
        abort(409, description=f"book {book_id} is already borrowed")
    book["borrowed"] = True
    return book


@app.post("/books/<int:book_id>/return")
def return_book(book_id):
    book = find_book(book_id)
    if not book["borrowed"]:
        abort(409, description=f"book {book_id} is not borrowed")
    book["borrowed"] = False
    return book

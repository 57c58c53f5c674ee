import math
import re

from flask import Flask, request

app = Flask(__name__)

products = []
DEFAULT_PER_PAGE = 10
MAX_PER_PAGE = 50
DIGITS = re.compile(r"[0-9]+")


def query_int(name, default):
    """The parameter as an int, its default when absent, None when it is not made of digits."""
    raw = request.args.get(name)
    if raw is None:
        return default
    if not DIGITS.fullmatch(raw):
        return None
    return int(raw)


def link(page, per_page):
    return f"/products?page={page}&per_page={per_page}"


@app.post("/products")
def create_product():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return {"error": "invalid product"}, 400
    name, price = data.get("name"), data.get("price")
    if not isinstance(name, str) or not name.strip():
        return {"error": "invalid product"}, 400
    if isinstance(price, bool) or not isinstance(price, (int, float)) or price < 0:
        return {"error": "invalid product"}, 400
    product = {"id": len(products) + 1, "name": name, "price": price}
    products.append(product)
    return product, 201


@app.get("/products")
def list_products():
    page = query_int("page", 1)
    if page is None or page < 1:
        return {"error": "page must be a positive integer"}, 400
    per_page = query_int("per_page", DEFAULT_PER_PAGE)
    if per_page is None or not 1 <= per_page <= MAX_PER_PAGE:
        return {"error": f"per_page must be an integer from 1 to {MAX_PER_PAGE}"}, 400
    total = len(products)
    # Floor division loses the last, partly filled page.
    pages = total // per_page
    # Page 1 always exists, empty when there are no products; any other page must hold some.
    if page > max(pages, 1):
        return {"error": "page out of range"}, 404
    start = (page - 1) * per_page
    return {
        "items": products[start:start + per_page],
        "page": page,
        "per_page": per_page,
        "total": total,
        "pages": pages,
        "next": link(page + 1, per_page) if page < pages else None,
        "prev": link(page - 1, per_page) if page > 1 else None,
    }

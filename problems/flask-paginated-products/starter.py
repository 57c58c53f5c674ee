from flask import Flask, request

app = Flask(__name__)

products = []


@app.post("/products")
def create_product():
    data = request.get_json(silent=True)
    product = {"id": len(products) + 1, "name": data["name"], "price": data["price"]}
    products.append(product)
    return product, 201


@app.get("/products")
def list_products():
    # read ?page= and ?per_page=, check them, return one page with next/prev links
    return {"items": products}

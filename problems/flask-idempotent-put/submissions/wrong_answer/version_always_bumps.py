from flask import Flask, Response, request

app = Flask(__name__)

items = {}


def parse_item(data):
    """The (name, quantity) a PUT body describes, or None when it is not a whole valid item."""
    if not isinstance(data, dict):
        return None
    name, quantity = data.get("name"), data.get("quantity")
    if not isinstance(name, str) or not name.strip():
        return None
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
        return None
    return name, quantity


@app.put("/items/<item_id>")
def put_item(item_id):
    fields = parse_item(request.get_json(silent=True))
    if fields is None:
        return {"error": "invalid item"}, 400
    name, quantity = fields
    current = items.get(item_id)
    if current is None:
        items[item_id] = {"id": item_id, "name": name, "quantity": quantity, "version": 1}
        return items[item_id], 201, {"Location": f"/items/{item_id}"}
    # Every PUT counts as a change, so a retried request bumps the version again.
    current.update(name=name, quantity=quantity, version=current["version"] + 1)
    return current, 200


@app.get("/items")
def list_items():
    return [items[item_id] for item_id in sorted(items)]


@app.get("/items/<item_id>")
def get_item(item_id):
    if item_id not in items:
        return {"error": "item not found"}, 404
    return items[item_id]


@app.delete("/items/<item_id>")
def delete_item(item_id):
    if items.pop(item_id, None) is None:
        return {"error": "item not found"}, 404
    return Response(status=204)

from flask import Flask, request

app = Flask(__name__)

items = {}


@app.get("/items/<item_id>")
def get_item(item_id):
    return items[item_id]


# PUT /items/<id> (create or replace), GET /items, DELETE /items/<id>

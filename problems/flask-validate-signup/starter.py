from flask import Flask, request

app = Flask(__name__)

users = []


@app.post("/signup")
def signup():
    data = request.get_json(silent=True)
    # validate every field, then create the user
    return {"errors": {}}, 400

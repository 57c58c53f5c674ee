from flask import Flask, jsonify, request

app = Flask(__name__)

notes = {}


@app.get("/notes")
def list_notes():
    return jsonify(list(notes.values()))


# POST /notes, GET /notes/<id>, PATCH /notes/<id>, DELETE /notes/<id>

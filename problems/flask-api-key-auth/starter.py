from flask import Flask, request

app = Flask(__name__)

API_KEYS = {
    "key-ada-admin": {"user": "ada", "role": "admin"},
    "key-bob-editor": {"user": "bob", "role": "editor"},
    "key-cy-viewer": {"user": "cy", "role": "viewer"},
}

reports = {}


@app.get("/health")
def health():
    return {"status": "ok"}


# GET /me, GET /reports, POST /reports, DELETE /reports/<id>: each needs a key and a role

from functools import wraps

from flask import Flask, Response, g, request

app = Flask(__name__)

API_KEYS = {
    "key-ada-admin": {"user": "ada", "role": "admin"},
    "key-bob-editor": {"user": "bob", "role": "editor"},
    "key-cy-viewer": {"user": "cy", "role": "viewer"},
}
ROLES = ["viewer", "editor", "admin"]  # each role may do what the ones before it may

reports = {}
last_id = 0


def presented_key():
    """The key the request carries: X-API-Key first, else an Authorization Bearer token."""
    parts = request.headers.get("Authorization", "").split()
    if len(parts) == 2 and parts[0].lower() == "bearer":
        return parts[1]
    return request.headers.get("X-API-Key")


def require_role(role):
    def decorate(view):
        @wraps(view)
        def guarded(*args, **kwargs):
            account = API_KEYS.get(presented_key())
            if account is None:
                return {"error": "missing or invalid API key"}, 401, {"WWW-Authenticate": "Bearer"}
            if ROLES.index(account["role"]) < ROLES.index(role):
                return {"error": "forbidden", "required_role": role}, 403
            g.account = account
            return view(*args, **kwargs)
        return guarded
    return decorate


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/me")
@require_role("viewer")
def me():
    return {"user": g.account["user"], "role": g.account["role"]}


@app.get("/reports")
@require_role("viewer")
def list_reports():
    return list(reports.values())


@app.post("/reports")
@require_role("editor")
def create_report():
    global last_id
    data = request.get_json(silent=True)
    title = data.get("title") if isinstance(data, dict) else None
    if not isinstance(title, str) or not title.strip():
        return {"error": "title is required"}, 400
    last_id += 1
    report = {"id": last_id, "title": title, "author": g.account["user"]}
    reports[last_id] = report
    return report, 201


@app.delete("/reports/<int:report_id>")
@require_role("admin")
def delete_report(report_id):
    if reports.pop(report_id, None) is None:
        return {"error": "report not found"}, 404
    return Response(status=204)

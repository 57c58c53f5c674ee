import re

from flask import Flask, request

app = Flask(__name__)

users = []
USERNAME = re.compile(r"[A-Za-z0-9_]+")


def username_error(value):
    if not isinstance(value, str):
        return "must be a string"
    if not 3 <= len(value) <= 20:
        return "must be 3 to 20 characters"
    if not USERNAME.fullmatch(value):
        return "may contain only letters, digits and underscores"
    return None


def email_error(value):
    if not isinstance(value, str):
        return "must be a string"
    local, at, domain = value.partition("@")
    if not local or not at or "@" in domain or "." not in domain:
        return "is not a valid email address"
    if domain.startswith(".") or domain.endswith("."):
        return "is not a valid email address"
    return None


def password_error(value):
    if not isinstance(value, str):
        return "must be a string"
    if len(value) < 8:
        return "must be at least 8 characters"
    if not any(c.isalpha() for c in value) or not any(c.isdigit() for c in value):
        return "must contain a letter and a digit"
    return None


def age_error(value):
    # bool is a subclass of int: true is not an age.
    if isinstance(value, bool) or not isinstance(value, int):
        return "must be an integer"
    if not 13 <= value <= 120:
        return "must be between 13 and 120"
    return None


RULES = [("username", username_error, True), ("email", email_error, True),
         ("password", password_error, True), ("age", age_error, False)]


@app.post("/signup")
def signup():
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        return {"errors": {"body": "must be a JSON object"}}, 400
    errors = {}
    for field, check, required in RULES:
        if field not in data or data[field] is None:
            if required:
                errors[field] = "is required"
            continue
        message = check(data[field])
        if message:
            errors[field] = message
    if errors:
        return {"errors": errors}, 400
    if any(user["username"] == data["username"] for user in users):
        return {"errors": {"username": "is already taken"}}, 409
    user = {"id": len(users) + 1, "username": data["username"], "email": data["email"],
            "age": data.get("age")}
    users.append(user)
    return user, 201

import re

from flask import Flask, g, request

app = Flask(__name__)

LIMIT = 3
WINDOW = 10
UNLIMITED = {"health"}
DIGITS = re.compile(r"[0-9]+")

# client id -> [start of its current window, requests counted in it]
counters = {}


@app.before_request
def rate_limit():
    if request.endpoint in UNLIMITED:
        return None
    client = request.headers.get("X-Client-Id", "")
    if not client:
        return {"error": "X-Client-Id is required"}, 400
    now = request.headers.get("X-Now")
    if now is None or not DIGITS.fullmatch(now):
        return {"error": "X-Now must be a non-negative integer"}, 400
    now = int(now)
    window_start = now - now % WINDOW
    counter = counters.get(client)
    if counter is None or counter[0] != window_start:
        counter = counters[client] = [window_start, 0]
    if counter[1] >= LIMIT:
        retry_after = window_start + WINDOW - now
        return ({"error": "rate limit exceeded", "retry_after": retry_after}, 429,
                {"Retry-After": f"{retry_after}", "X-RateLimit-Remaining": "0"})
    counter[1] += 1
    g.remaining = LIMIT - counter[1]
    return None


@app.after_request
def remaining_header(response):
    if "remaining" in g:
        response.headers["X-RateLimit-Remaining"] = f"{g.remaining}"
    return response


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/ping")
def ping():
    return {"pong": True}


@app.post("/echo")
def echo():
    return {"echo": request.get_json(silent=True)}

from flask import Flask, request

app = Flask(__name__)

LIMIT = 3
WINDOW = 10

counters = {}


@app.before_request
def rate_limit():
    # return a response here to refuse the request; None lets it through
    return None


@app.get("/health")
def health():
    return {"status": "ok"}


@app.get("/ping")
def ping():
    return {"pong": True}


@app.post("/echo")
def echo():
    return {"echo": request.get_json(silent=True)}

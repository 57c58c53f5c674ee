# Sends a `web` test's HTTP requests to the candidate's app in the box, through the framework's
# own test client, and reports each response as plain data. Loaded by harness.py for the mode
# `web`; trusted code, like the harness. It never sees an expected response: the judge compares
# outside the box.
#
# The test clients call the app in-process (Flask's and Django's in this thread, FastAPI's
# TestClient on an anyio portal thread): no socket, no network. An exception a view does not
# handle is a 500 response, as in production, with its exception line beside the response.
#
# The app gets one instance for the whole test (state carries across exchanges); with `[orm]`
# the shared schema is set up and filled with the test's dataset first, and each exchange's
# SQL statements are counted on their own.
import json
import os
import sys
import traceback
import types
from urllib.parse import urlencode

SOLUTION = "/box/solution.py"
# A text body is reported up to this many bytes; a JSON body of more is reported as text.
TEXT_LIMIT = 64 * 1024
# Headers reported per response, and the bytes of each value.
HEADER_LIMIT = 100
HEADER_VALUE_LIMIT = 4096
EXCEPTION_LIMIT = 2000


def media_type(content_type):
    return (content_type or "").split(";", 1)[0].strip().lower()


def is_json(content_type):
    media = media_type(content_type)
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


def response_record(status, header_items, content, exception):
    """One response as the judge reads it: the status, every header (lower-case names,
    repeated ones joined), the body as JSON when its content type says so and it parses,
    else as text, and the exception line of a view that raised."""
    headers = {}
    for name, value in header_items:
        name = str(name).lower()
        if name not in headers and len(headers) >= HEADER_LIMIT:
            continue
        value = str(value)[:HEADER_VALUE_LIMIT]
        headers[name] = headers[name] + ", " + value if name in headers else value
    record = {"status": int(status), "headers": headers}
    if is_json(headers.get("content-type")) and len(content) <= 16 * TEXT_LIMIT:
        try:
            record["json"] = json.loads(content.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            pass
        else:
            # A JSON number JSON cannot carry back (NaN) stays text.
            if not _finite(record["json"]):
                del record["json"]
    if "json" not in record:
        record["text"] = content[:TEXT_LIMIT].decode("utf-8", "replace")
        if len(content) > TEXT_LIMIT:
            record["truncated"] = True
    if exception is not None:
        record["exception"] = exception_line(exception)
    return record


def _finite(value):
    if isinstance(value, float):
        return value == value and value not in (float("inf"), float("-inf"))
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    return True


def exception_line(exc):
    """`solution.py, line 12, in create: KeyError: 'title'`: where in the candidate's file it was
    raised (the deepest frame there) and what."""
    where = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == SOLUTION:
            where = "solution.py, line %s, in %s" % (frame.lineno, frame.name)
    line = "".join(traceback.format_exception_only(type(exc), exc)).strip()
    return ("%s: %s" % (where, line) if where else line)[:EXCEPTION_LIMIT]


class Raised:
    """The last exception a view did not handle, as the framework's hook saw it."""

    def __init__(self):
        self.exception = None

    def take(self):
        exception, self.exception = self.exception, None
        return exception


def body_kwargs(exchange):
    """The request's body as (bytes, content type), or (None, None)."""
    headers = {name.lower(): value for name, value in exchange.get("headers", {}).items()}
    if "json" in exchange:
        return json.dumps(exchange["json"]).encode(), headers.get("content-type", "application/json")
    if "form" in exchange:
        return urlencode(exchange["form"]).encode(), headers.get("content-type", "application/x-www-form-urlencoded")
    if "body" in exchange:
        return exchange["body"].encode(), headers.get("content-type", "text/plain; charset=utf-8")
    return None, None


def other_headers(exchange):
    return {name: value for name, value in exchange.get("headers", {}).items() if name.lower() != "content-type"}


class FlaskClient:
    def __init__(self, app):
        import flask

        self.raised = Raised()
        flask.got_request_exception.connect(self._record, app, weak=False)
        self.client = app.test_client()

    def _record(self, sender, exception=None, **extra):
        self.raised.exception = exception

    def send(self, exchange):
        body, content_type = body_kwargs(exchange)
        kwargs = {"method": exchange["method"], "headers": other_headers(exchange)}
        if body is not None:
            kwargs.update(data=body, content_type=content_type)
        response = self.client.open(exchange["path"], **kwargs)
        content = response.get_data()
        return response_record(response.status_code, response.headers.items(), content, self.raised.take())

    def close(self):
        pass


class FastapiClient:
    def __init__(self, app):
        from fastapi.testclient import TestClient

        self.raised = Raised()
        raised = self.raised

        async def recorded(scope, receive, send):
            # Starlette's ServerErrorMiddleware sends the 500 and raises again: seen here.
            try:
                await app(scope, receive, send)
            except Exception as exc:
                raised.exception = exc
                raise

        self.context = TestClient(recorded, raise_server_exceptions=False)
        # Entered, so the app's startup (lifespan) runs as it would in a server.
        self.client = self.context.__enter__()

    def send(self, exchange):
        body, content_type = body_kwargs(exchange)
        headers = other_headers(exchange)
        if body is not None:
            headers["content-type"] = content_type
        response = self.client.request(exchange["method"], exchange["path"], headers=headers, content=body)
        return response_record(response.status_code, response.headers.multi_items(), response.content,
                               self.raised.take())

    def close(self):
        self.context.__exit__(None, None, None)


class DjangoClient:
    def __init__(self, module):
        from django.conf import settings
        from django.core.signals import got_request_exception
        from django.test import Client

        settings.ROOT_URLCONF = module.__name__
        settings.ALLOWED_HOSTS = ["testserver"]
        self.raised = Raised()
        got_request_exception.connect(self._record, weak=False)
        self.client = Client(raise_request_exception=False)

    def _record(self, sender, request=None, **extra):
        self.raised.exception = sys.exc_info()[1]

    def send(self, exchange):
        body, content_type = body_kwargs(exchange)
        kwargs = {"headers": other_headers(exchange)}
        if body is not None:
            kwargs.update(data=body, content_type=content_type)
        response = self.client.generic(exchange["method"], exchange["path"], **kwargs)
        if getattr(response, "streaming", False):
            content = b"".join(response.streaming_content)
        else:
            content = response.content
        return response_record(response.status_code, response.items(), content, self.raised.take())

    def close(self):
        pass


def send(client, exchange):
    """One exchange's response. An exception the framework let out of its test client (an app
    set to propagate them) is what a server answers with a 500."""
    try:
        return client.send(exchange)
    except Exception as exc:
        return response_record(500, [], b"", exc)


def load_solution(host):
    """solution.py as the module `solution` (registered before it runs, as an import would, so
    Flask finds its root path and Django imports it as the URLconf)."""
    module = types.ModuleType("solution")
    module.__file__ = SOLUTION
    sys.modules["solution"] = module
    host["load"](SOLUTION, "solution", module.__dict__)
    return module


def run(request, host):
    """The harness's `web` mode. `host` holds what the harness lends: `load`, `load_fixture`,
    `FixtureError`. Returns a reply: the outcome (`exchanged`, with the responses) and, with
    `[orm]`, each exchange's statements."""
    framework = request["framework"]
    orm = request.get("orm")
    schema = None
    if orm:
        import verdict_runtime

        try:
            schema = verdict_runtime.schema(orm["framework"], orm["schema"])
        except ImportError as exc:
            return {"status": "harness_error", "message": "the sandbox's Python packages are missing: %s" % exc}
        verify, tampered = verdict_runtime.verify, verdict_runtime.RecorderTampered
        raw = schema.raw()
        try:
            host["load_fixture"](raw, request["tables"] or {}, request["seed"], set(schema.tables))
        except host["FixtureError"] as exc:
            return {"status": "fixture_error", "message": str(exc)}
        # As for orm answers: a list that forgets its order_by comes back the other way round.
        raw.execute("PRAGMA reverse_unordered_selects = ON")
        models = schema.module
        if orm["framework"] == "sqlalchemy":
            # A Flask or FastAPI app over SQLAlchemy opens its sessions on this engine.
            models.engine = schema.engine
        sys.modules["models"] = models
    elif framework == "django":
        import verdict_runtime

        verdict_runtime.configure_django()
    try:
        if framework == "flask":
            import flask  # noqa: F401
        elif framework == "fastapi":
            import fastapi.testclient  # noqa: F401
        else:
            import django.test  # noqa: F401
    except ImportError as exc:
        return {"status": "harness_error", "message": "the sandbox's Python packages are missing: %s" % exc}

    module = load_solution(host)
    if framework == "django":
        if not hasattr(module, "urlpatterns"):
            return {"status": "missing_entry", "message": "solution.py does not define `urlpatterns`"}
        client = DjangoClient(module)
    else:
        app = getattr(module, request["app"], None)
        if app is None:
            return {"status": "missing_entry", "message": "solution.py does not define `%s`" % request["app"]}
        client = FlaskClient(app) if framework == "flask" else FastapiClient(app)

    responses = []
    for exchange in request["exchanges"]:
        if schema is None:
            responses.append(send(client, exchange))
            continue
        capture = schema.capture()
        recorder_tampered = None
        with capture:
            try:
                record = send(client, exchange)
            finally:
                try:
                    verify(capture)
                except tampered as exc:
                    recorder_tampered = str(exc)
        record["queries"] = {"statements": capture.queries, "count": capture.count, "tampered": recorder_tampered}
        responses.append(record)
    client.close()
    return {"status": "exchanged", "responses": responses}

# What in-box code may import beyond the standard library: the sandbox's own packages (Django,
# SQLAlchemy, pytest, Flask, FastAPI, numpy, pandas) and the shared ORM schemas (library, shop,
# company) set up on in-memory SQLite. Each warm fork server with packages imports this module
# once and calls `warm(runtime)` before it forks: "packages" (tests start with the preloaded
# schemas' tables created, both ORMs' caches built, pytest and the web frameworks imported) or
# "data" (numpy and pandas). The exec path loads it from /box and sets up only the schema a
# run asks for.
#
# Trusted code: it runs before any candidate code, in the fork server or in the run's own box.
import collections
import os
import sys
import types

_PACKAGES = os.environ.get("VERDICT_PYTHON_PACKAGES")
if _PACKAGES and _PACKAGES not in sys.path:
    # -I ignores PYTHONPATH, so the folder the sandbox binds is named by this variable.
    sys.path.append(_PACKAGES)

FRAMEWORKS = ("django", "sqlalchemy")
SCHEMAS = ("company", "library", "shop")

# Schema modules' sources by module name, filled in by the fork server with the modules its
# caller chose to preload; any other is read from /box.
SOURCES = {}

_django_configured = False
_schemas = {}

# Statements kept per run: a runaway loop of queries is counted in full but not all shown.
QUERY_LOG_LIMIT = 200
TRANSACTION_CONTROL = {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE", "END"}


def schema_module_name(framework, name):
    """The module a shared schema's models load under (the same pattern as the Rust side's
    `verdict_pyassets::schema_module_name`)."""
    return "verdict_schema_%s_%s" % (name, framework)


def packages_available():
    return bool(_PACKAGES) and os.path.isdir(_PACKAGES)


def _load_module(name):
    if name in sys.modules:
        return sys.modules[name]
    path = "/box/%s.py" % name
    source = SOURCES.get(name)
    if source is None:
        with open(path, encoding="utf-8") as source_file:
            source = source_file.read()
    module = types.ModuleType(name)
    module.__file__ = path
    # Registered before it runs: SQLAlchemy resolves annotations through sys.modules.
    sys.modules[name] = module
    exec(compile(source, path, "exec"), module.__dict__)
    return module


def _configure_django():
    global _django_configured
    if _django_configured:
        return
    import django
    from django.conf import settings

    if not settings.configured:
        settings.configure(
            DEBUG=False,
            USE_TZ=True,
            TIME_ZONE="UTC",
            DATABASES={"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}},
            INSTALLED_APPS=[],
            DEFAULT_AUTO_FIELD="django.db.models.AutoField",
        )
        django.setup()
    _django_configured = True


def _install_django_app(label, module):
    """Makes the schema's app label an installed app, as INSTALLED_APPS would: Django finds
    reverse relations (Author.books, the other side of a many-to-many) only among installed
    apps' models."""
    from django.apps import AppConfig, apps

    if label in apps.app_configs:
        return
    config = AppConfig(label, module)
    config.apps = apps
    config.models = apps.all_models[label]
    apps.app_configs[label] = config
    apps.clear_cache()


class Schema:
    """One shared schema set up for one framework: its models module, its tables and the raw
    DB-API connection behind the ORM (for fixtures and dumps, which are never counted)."""

    def __init__(self, framework, name):
        self.framework = framework
        self.name = name
        module_name = schema_module_name(framework, name)
        if framework == "django":
            _configure_django()
            from django.db import connection, models

            self.module = _load_module(module_name)
            _install_django_app(name, self.module)
            self.models = [
                value
                for value in vars(self.module).values()
                if isinstance(value, type) and issubclass(value, models.Model) and value._meta.app_label == name
            ]
            with connection.schema_editor() as editor:
                for model in self.models:
                    editor.create_model(model)
            self.connection = connection
            self.tables = sorted(
                {model._meta.db_table for model in self.models}
                | {
                    field.remote_field.through._meta.db_table
                    for model in self.models
                    for field in model._meta.local_many_to_many
                }
            )
        elif framework == "sqlalchemy":
            from sqlalchemy import create_engine
            from sqlalchemy.pool import StaticPool

            self.module = _load_module(module_name)
            self.engine = create_engine(
                "sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False}
            )
            self.module.Base.metadata.create_all(self.engine)
            self.tables = sorted(self.module.Base.metadata.tables)
        else:
            raise ValueError("unknown ORM framework %r (known: %s)" % (framework, ", ".join(FRAMEWORKS)))

    def raw(self):
        """The sqlite3 connection the ORM uses, for fixtures and dumps (never counted)."""
        if self.framework == "django":
            self.connection.ensure_connection()
            return self.connection.connection
        # The pool is static: one connection, which stays open when the checkout is returned.
        checkout = self.engine.raw_connection()
        try:
            return checkout.driver_connection
        finally:
            checkout.close()

    def session(self):
        from sqlalchemy.orm import Session

        return Session(self.engine)

    def capture(self):
        """A context manager that records every statement run on the schema's connection, as
        SQL text with its parameters filled in for reading."""
        return _Capture(self)


class RecorderTampered(Exception):
    """The query recorder was found disabled or replaced after the call."""


class _Capture:
    """Records every statement SQLite runs on the schema's connection, through the sqlite3
    trace callback: below the ORM, so a raw DB-API cursor (Django's connection.connection,
    SQLAlchemy's session.connection().connection) is counted like the ORM's own queries. The
    text is SQLite's, with the parameters written in; each parameter set of an executemany is
    its own statement there, and counts."""

    def __init__(self, schema):
        self.schema = schema
        self.raw = schema.raw()
        self.queries = []
        self.count = 0
        # The last few statements, whatever the log limit: `verify` finds its probes here.
        self.recent = collections.deque(maxlen=4)

    def _record(self, sql):
        sql = " ".join(str(sql).split())
        self.recent.append(sql)
        # Transaction control is shown but not counted: atomic() must not cost a query.
        if sql.split(" ", 1)[0].upper().rstrip(";") not in TRANSACTION_CONTROL:
            self.count += 1
        if len(self.queries) < QUERY_LOG_LIMIT:
            self.queries.append(sql)

    def __enter__(self):
        self.raw.set_trace_callback(self._record)
        return self

    def __exit__(self, *exc):
        self.raw.set_trace_callback(None)
        return False


# The recorder's code as loaded, before any candidate code runs: `verify` compares against it.
_RECORDER_CODE = {name: getattr(_Capture, name).__code__ for name in ("_record", "__enter__", "__exit__")}


def _probe_orm(capture, nonce):
    """One statement carrying `nonce` through the ORM's own connection."""
    if capture.schema.framework == "django":
        with capture.schema.connection.cursor() as cursor:
            cursor.execute("SELECT %s", [nonce])
            cursor.fetchall()
    else:
        with capture.schema.engine.connect() as connection:
            connection.exec_driver_sql("SELECT ?", (nonce,)).fetchall()


def _probe_raw(capture, nonce):
    """One statement carrying `nonce` through the raw sqlite3 connection."""
    capture.raw.execute("SELECT ?", (nonce,)).fetchall()


def verify(capture):
    """Checks, after the candidate's call and inside the capture, that the recorder still
    records: its code is what was loaded, and a statement carrying a fresh random nonce sent
    through the ORM's connection and one sent through the raw connection both reach it. The
    probes are taken out of the record. Raises RecorderTampered saying what was found."""
    recorder = type(capture)
    if recorder is not _Capture:
        raise RecorderTampered("the recorder was replaced")
    for name, code in _RECORDER_CODE.items():
        if getattr(recorder.__dict__.get(name), "__code__", None) is not code:
            raise RecorderTampered("its %s method was replaced" % name)
    for path, send in (("ORM", _probe_orm), ("raw DB-API", _probe_raw)):
        nonce = "verdict-probe-" + os.urandom(16).hex()
        count, logged = capture.count, len(capture.queries)
        try:
            send(capture, nonce)
        except Exception as exc:
            raise RecorderTampered("a probe statement through the %s connection failed: %s" % (path, exc)) from None
        if not any(nonce in sql for sql in capture.recent):
            raise RecorderTampered("a probe statement through the %s connection was not recorded" % path)
        # The probe is not the candidate's.
        capture.count = count
        del capture.queries[logged:]


def schema(framework, name):
    """The named shared schema for one framework, set up once per process."""
    key = (framework, name)
    if key not in _schemas:
        if name not in SCHEMAS:
            raise ValueError("unknown schema %r (known: %s)" % (name, ", ".join(SCHEMAS)))
        _schemas[key] = Schema(framework, name)
    return _schemas[key]


def plain(value, depth=0):
    """Query results as plain data: querysets and result objects become lists, model
    instances dicts of their columns, rows lists, dates ISO text, decimals floats."""
    import datetime
    import decimal

    if depth > 50:
        raise ValueError("the value is nested more than 50 levels deep")
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, dict):
        return {key: plain(v, depth + 1) for key, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return {_hashable(plain(v, depth + 1)) for v in value}
    django_models = sys.modules.get("django.db.models")
    if django_models is not None:
        if isinstance(value, django_models.QuerySet):
            return [plain(v, depth + 1) for v in value]
        if isinstance(value, django_models.Model):
            return {f.attname: plain(getattr(value, f.attname), depth + 1) for f in value._meta.concrete_fields}
    if "sqlalchemy" in sys.modules:
        import sqlalchemy
        from sqlalchemy.engine import MappingResult, Result, Row, RowMapping, ScalarResult

        if isinstance(value, Row):
            return [plain(v, depth + 1) for v in value]
        if isinstance(value, RowMapping):
            return {key: plain(v, depth + 1) for key, v in value.items()}
        if isinstance(value, (Result, ScalarResult, MappingResult)):
            return [plain(v, depth + 1) for v in value.all()]
        state = sqlalchemy.inspect(value, raiseerr=False)
        mapper = getattr(state, "mapper", None)
        if mapper is not None and getattr(state, "object", None) is value:
            return {attr.key: plain(getattr(value, attr.key), depth + 1) for attr in mapper.column_attrs}
    if isinstance(value, (types.GeneratorType, map, filter, range, type({}.keys()), type({}.values()))):
        return [plain(v, depth + 1) for v in value]
    return value


def _hashable(value):
    if isinstance(value, list):
        return tuple(_hashable(v) for v in value)
    if isinstance(value, dict):
        return tuple(sorted((k, _hashable(v)) for k, v in value.items()))
    return value


def _warm_pytest():
    """pytest, its built-in plugins (imported when a session starts), coverage.py and
    django.test: what a `tests` problem's suite run imports, about 0.3 s paid here once."""
    try:
        import importlib

        import coverage  # noqa: F401
        import django.test  # noqa: F401
        import pytest  # noqa: F401
        from _pytest.config import default_plugins
    except ImportError:
        return
    for name in default_plugins:
        importlib.import_module("_pytest." + name)


def _warm_web():
    """Flask and FastAPI with their test clients, each app built and called once so routing,
    pydantic's validators and the client's transport are loaded: what a `web` problem's run
    imports, paid here once."""
    try:
        import fastapi
        import flask
        from fastapi.testclient import TestClient
    except ImportError:
        return
    flask_app = flask.Flask("verdict_warm")
    flask_app.add_url_rule("/", "index", lambda: flask.jsonify(warm=True))
    flask_app.test_client().get("/")
    fastapi_app = fastapi.FastAPI()
    fastapi_app.add_api_route("/", lambda: {"warm": True})
    with TestClient(fastapi_app) as client:
        client.get("/")
    import django.test  # noqa: F401


def _warm_data():
    """numpy and pandas, about 0.4 s of imports, and the paths a first frame takes (construction,
    groupby, merge, datetime parsing), so a `pandas` problem's run starts warm. The sandbox sets
    the BLAS and OpenMP pools to one thread before this imports them."""
    try:
        import numpy
        import pandas
    except ImportError:
        return
    frame = pandas.DataFrame({"k": ["a", "b", "a"], "v": [1, 2, 3], "d": ["2024-01-01"] * 3})
    frame["d"] = pandas.to_datetime(frame["d"])
    frame.groupby("k", as_index=False)["v"].sum().merge(frame, on="k", how="left").sort_values("k")
    frame.set_index("d").resample("D")["v"].sum()
    numpy.linalg.norm(numpy.arange(6.0).reshape(2, 3), axis=1)


def warm(runtime="packages"):
    """Everything a fork server loads before it forks, for its set of packages. "data": numpy and
    pandas. "packages": Django, SQLAlchemy, pytest, Flask and FastAPI, and each schema it was
    given the source of (the caller's choice, in SOURCES), queried once so the ORMs' compilers
    and caches are built before any fork."""
    if not packages_available():
        return
    if runtime == "data":
        _warm_data()
        return
    if runtime != "packages":
        raise ValueError("unknown runtime %r" % (runtime,))
    # Both ORMs are imported whatever the preloads, so a run that sets up a schema of its own
    # still finds them loaded.
    _configure_django()
    import django.db.models  # noqa: F401
    import sqlalchemy.orm  # noqa: F401

    _warm_pytest()
    _warm_web()

    for framework in FRAMEWORKS:
        for name in SCHEMAS:
            if schema_module_name(framework, name) not in SOURCES:
                continue
            current = schema(framework, name)
            first = current.models[0] if framework == "django" else None
            if framework == "django":
                list(first.objects.all()[:1])
            else:
                from sqlalchemy import select

                model = next(iter(current.module.Base.registry.mappers)).class_
                with current.session() as session:
                    session.scalars(select(model).limit(1)).all()

# What in-box code may import beyond the standard library: the sandbox's own packages (Django,
# SQLAlchemy) set up for a test. The warm fork server imports this module once and calls every
# `*_ready` function before it forks, so tests start with it all in memory; the exec path loads
# it from /box and pays for the set-up in each run.
#
# Trusted code: it runs before any candidate code, in the fork server or in the run's own box.
import os
import sys

_PACKAGES = os.environ.get("VERDICT_PYTHON_PACKAGES")
if _PACKAGES and _PACKAGES not in sys.path:
    # -I ignores PYTHONPATH, so the folder the sandbox binds is named by this variable.
    sys.path.append(_PACKAGES)

_django = None
_sqlalchemy = None


def packages_available():
    return bool(_PACKAGES) and os.path.isdir(_PACKAGES)


def django_ready():
    """Django configured on an in-memory SQLite database, with the benchmark's small model
    (`Book`) created and queried once. Returns a namespace holding the models."""
    global _django
    if _django is not None:
        return _django
    import types

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
    from django.db import connection, models

    class Book(models.Model):
        title = models.CharField(max_length=200)
        year = models.IntegerField()

        class Meta:
            app_label = "verdict_bench"

    with connection.schema_editor() as editor:
        editor.create_model(Book)
    # One throw-away query builds the compiler's and the connection's caches before any fork.
    Book.objects.create(title="warm-up", year=2000)
    list(Book.objects.filter(year__gte=1990).values_list("title", flat=True))
    Book.objects.all().delete()
    _django = types.SimpleNamespace(Book=Book, connection=connection)
    return _django


def sqlalchemy_ready():
    """SQLAlchemy 2.x with an in-memory SQLite engine and the benchmark's small model (`Book`),
    created and queried once. Returns a namespace with `engine`, `Session` and the models."""
    global _sqlalchemy
    if _sqlalchemy is not None:
        return _sqlalchemy
    import types

    from sqlalchemy import Integer, String, create_engine, select
    from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
    from sqlalchemy.pool import StaticPool

    class Base(DeclarativeBase):
        pass

    class Book(Base):
        __tablename__ = "book"
        id: Mapped[int] = mapped_column(Integer, primary_key=True)
        title: Mapped[str] = mapped_column(String(200))
        year: Mapped[int] = mapped_column(Integer)

    engine = create_engine("sqlite://", poolclass=StaticPool, connect_args={"check_same_thread": False})
    Base.metadata.create_all(engine)
    with Session(engine) as session:
        session.add(Book(title="warm-up", year=2000))
        session.flush()
        session.scalars(select(Book.title).where(Book.year >= 1990)).all()
        session.rollback()
    _sqlalchemy = types.SimpleNamespace(engine=engine, Session=Session, Base=Base, Book=Book, select=select)
    return _sqlalchemy


def warm():
    """Everything the fork server loads before it forks."""
    if packages_available():
        django_ready()
        sqlalchemy_ready()

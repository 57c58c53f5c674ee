from verdict import sample, weight, group


@sample
def test_register_and_create(solution, check):
    parsers = solution.Registry("parser")

    @parsers.register("json", aliases=["js"])
    class JsonParser:
        def __init__(self, strict=False):
            self.strict = strict

    @parsers.register
    class CSV:
        pass

    check(JsonParser.__name__)
    check(parsers.names())
    check(parsers.create("JS", strict=True).strict)
    check(type(parsers.create("csv")).__name__)
    try:
        parsers.create("xml")
    except LookupError as exc:
        caught = exc
    check((type(caught).__name__, str(caught)))


def test_the_three_decorator_forms(solution, check):
    registry = solution.Registry("exporter")

    @registry.register
    class Pdf:
        pass

    @registry.register()
    class Html:
        pass

    @registry.register("markdown", aliases=("md",))
    class MarkdownExporter:
        pass

    check([Pdf.__name__, Html.__name__, MarkdownExporter.__name__])
    check(registry.names())
    check(len(registry))
    check([registry.get(n) is c for n, c in (("pdf", Pdf), ("HTML", Html), ("md", MarkdownExporter))])


def test_functions_are_factories_too(solution, check):
    registry = solution.Registry("greeting")

    @registry.register("hello")
    def make_hello(name, punctuation="!"):
        return f"hello {name}{punctuation}"

    check(make_hello("direct"))
    check(registry.create("hello", "ada"))
    check(registry.create("Hello", "bob", punctuation="?"))
    with check.raises():
        registry.register("bad")(42)
    check(registry.names())


def test_names_are_case_insensitive(solution, check):
    registry = solution.Registry("codec")

    @registry.register("UTF-8", aliases=["Utf8"])
    class Utf8:
        pass

    check(registry.names())
    check(["utf-8" in registry, "UTF8" in registry, "utf_8" in registry, 8 in registry])
    check(registry.get("uTf-8") is Utf8)
    with check.raises():
        registry.register("utf-8")(type("Other", (), {}))
    with check.raises():
        registry.register("UTF8")(type("Other", (), {}))


@weight(2)
def test_duplicates_refused_and_nothing_half_registered(solution, check):
    registry = solution.Registry("shape")

    @registry.register("circle", aliases=["round"])
    class Circle:
        pass

    class Oval:
        pass

    with check.raises():
        registry.register("oval", aliases=["ellipse", "round"])(Oval)
    check(registry.names())
    check(["oval" in registry, "ellipse" in registry])
    with check.raises():
        registry.register("square", aliases=["box", "box"])(Oval)
    with check.raises():
        registry.register("square", aliases=["square"])(Oval)
    check(registry.names())
    with check.raises():
        registry.register("oval", aliases=["ellipse"])(Oval)
    check(registry.names())


def test_invalid_names(solution, check):
    registry = solution.Registry("job")
    for bad in ("", "has space", "dot.ted", "ümlaut"):
        with check.raises():
            registry.register(bad)(dict)
    with check.raises():
        registry.register(7)
    with check.raises():
        registry.register("ok", aliases=[None])(dict)
    check(registry.names())


def test_unknown_names_list_what_is_known(solution, check):
    registry = solution.Registry("store")
    with check.raises():
        registry.get("s3")
    registry.register("redis")(dict)
    registry.register("memory", aliases=["mem"])(list)
    with check.raises():
        registry.create("s3", bucket="x")
    with check.raises():
        registry.unregister("S3")
    try:
        registry.get("disk")
    except LookupError as exc:
        check(type(exc).__name__)


def test_unregister_removes_aliases(solution, check):
    registry = solution.Registry("engine")

    @registry.register("postgres", aliases=["pg", "postgresql"])
    class Postgres:
        pass

    registry.register("sqlite")(dict)
    check(registry.unregister("PG") is Postgres)
    check(["postgres" in registry, "pg" in registry, "postgresql" in registry])
    check(registry.names())
    with check.raises():
        registry.register("pg")(list)
    check.call(registry.create, "pg", "ab")
    with check.raises():
        registry.unregister("postgresql")


def test_registries_are_independent(solution, check):
    readers = solution.Registry("reader")
    writers = solution.Registry("writer")

    @readers.register("csv")
    @writers.register("csv")
    class Csv:
        pass

    readers.register("json")(dict)
    check((readers.names(), writers.names()))
    check(writers.get("csv") is readers.get("csv"))
    writers.unregister("csv")
    check((len(readers), len(writers)))
    check(solution.Registry("fresh").names())


def test_decorated_class_is_unchanged(solution, check):
    registry = solution.Registry("model")

    class Base:
        def describe(self):
            return "base"

    @registry.register("child")
    class Child(Base):
        def describe(self):
            return "child of " + super().describe()

    check(Child().describe())
    check(registry.create("child").describe())
    check(isinstance(registry.create("child"), Base))
    check(registry.kind)

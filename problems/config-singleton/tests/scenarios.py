from verdict import sample, weight, group


def _classes(solution):
    class AppConfig(solution.Config):
        defaults = {"debug": False, "workers": 4, "hosts": ["localhost"]}

    class DbConfig(solution.Config):
        defaults = {"url": "sqlite://", "pool": {"size": 5}}

    return AppConfig, DbConfig


@sample
def test_one_instance_per_class(solution, check):
    class AppConfig(solution.Config):
        defaults = {"debug": False, "workers": 4}

    class DbConfig(solution.Config):
        defaults = {"url": "sqlite://"}

    app = AppConfig()
    app.set("debug", True)
    check(AppConfig() is app)
    check(AppConfig.instance().get("debug"))
    check(DbConfig() is app)
    check(DbConfig().as_dict())
    with check.raises():
        app.set("workers", "8")


@weight(2)
def test_subclass_gets_its_own_instance(solution, check):
    AppConfig, DbConfig = _classes(solution)

    class TestAppConfig(AppConfig):
        defaults = {"debug": True}

    app = AppConfig()
    test = TestAppConfig()
    check(test is app)
    check(type(test).__name__)
    check((app.get("debug"), test.get("debug")))
    check(test.as_dict())
    check(isinstance(test, AppConfig))


@weight(2)
def test_base_instance_first_does_not_leak(solution, check):
    base = solution.Config()
    check(base.as_dict())
    AppConfig, DbConfig = _classes(solution)
    check(AppConfig() is base)
    check(type(DbConfig()).__name__)
    check(DbConfig().get("url"))
    check(solution.Config() is base)


def test_calling_again_keeps_the_settings(solution, check):
    AppConfig, _ = _classes(solution)
    AppConfig().set("workers", 16)
    AppConfig().set("debug", True)
    check(AppConfig().get("workers"))
    check(AppConfig.instance().as_dict())


@weight(2)
def test_defaults_are_never_shared(solution, check):
    AppConfig, DbConfig = _classes(solution)
    AppConfig().get("hosts").append("example.com")
    check(AppConfig().get("hosts"))
    check(AppConfig.defaults)
    DbConfig().get("pool")["size"] = 50
    check(DbConfig.defaults)
    AppConfig.reset()
    check(AppConfig().get("hosts"))

    class Child(AppConfig):
        pass

    check(Child().get("hosts") is AppConfig().get("hosts"))
    Child().get("hosts").append("child.example")
    check((AppConfig().get("hosts"), Child().get("hosts")))


def test_defaults_merge_along_the_mro(solution, check):
    class Base(solution.Config):
        defaults = {"a": 1, "b": 2}

    class Middle(Base):
        defaults = {"b": 20, "c": 30}

    class Leaf(Middle):
        defaults = {"c": 300}

    class NoOwnDefaults(Leaf):
        pass

    check(Leaf().as_dict())
    check(NoOwnDefaults().as_dict())
    check(Middle().as_dict())
    check(Base().as_dict())
    check(sorted(Leaf.defaults.items()))


def test_reset_forgets_only_that_class(solution, check):
    AppConfig, DbConfig = _classes(solution)

    class TestAppConfig(AppConfig):
        pass

    app, db, test = AppConfig(), DbConfig(), TestAppConfig()
    app.set("workers", 1)
    db.set("url", "postgres://")
    test.set("debug", True)
    AppConfig.reset()
    fresh = AppConfig()
    check(fresh is app)
    check(fresh.as_dict())
    check((DbConfig() is db, TestAppConfig() is test))
    check((db.get("url"), test.get("debug")))
    AppConfig.reset()
    AppConfig.reset()
    check(AppConfig().get("workers"))


def test_set_and_get_validation(solution, check):
    AppConfig, _ = _classes(solution)
    app = AppConfig()
    with check.raises():
        app.get("colour")
    with check.raises():
        app.set("colour", "red")
    with check.raises():
        app.set("debug", 1)
    with check.raises():
        app.set("workers", 4.0)
    with check.raises():
        app.set("workers", True)
    app.set("hosts", ["a", "b"])
    check(app.as_dict())


def test_as_dict_is_a_deep_copy(solution, check):
    AppConfig, DbConfig = _classes(solution)
    snapshot = DbConfig().as_dict()
    snapshot["pool"]["size"] = 0
    snapshot["url"] = "changed"
    check(DbConfig().as_dict())
    hosts = AppConfig().as_dict()["hosts"]
    hosts.clear()
    check(AppConfig().get("hosts"))


def test_instance_and_call_agree(solution, check):
    AppConfig, DbConfig = _classes(solution)
    check(AppConfig.instance() is AppConfig())
    check(DbConfig.instance() is DbConfig.instance())
    check(AppConfig.instance() is DbConfig.instance())
    DbConfig.reset()
    check(DbConfig.instance() is DbConfig())
    check(DbConfig.instance().as_dict())

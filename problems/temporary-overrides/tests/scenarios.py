from verdict import sample


class Settings:
    debug = False          # a class attribute: instances see it unless they set their own

    def __init__(self):
        self.timeout = 30
        self.region = "eu"


class Guarded:
    """An object that refuses to set the attribute `locked`."""

    def __init__(self):
        self.a = 1

    def __setattr__(self, name, value):
        if name == "locked":
            raise AttributeError("locked is read-only")
        super().__setattr__(name, value)


@sample
def test_patch_and_restore(solution, check):
    env = {"HOME": "/root", "LANG": "C"}
    with solution.PatchedDict(env, {"LANG": "en_US", "TZ": "UTC"}) as patched:
        check(patched is env)
        check(dict(env))
    check(env)


def test_patched_dict_restores_after_an_error(solution, check):
    env = {"a": 1, "b": 2}
    with check.raises():
        with solution.PatchedDict(env, {"b": 20, "c": 30}):
            env["d"] = 4
            del env["a"]
            raise KeyError("boom")
    check(list(env.items()))


def test_patched_dict_does_not_swallow_errors(solution, check):
    env = {}
    with check.raises():
        with solution.PatchedDict(env, {"x": 1}):
            raise ValueError("must escape")
    check(env)
    with check.raises():
        with solution.PatchedDict(env, {"x": 1}):
            raise LookupError("any exception")
    check(env)


def test_changes_inside_the_block_are_undone(solution, check):
    config = {"retries": 3, "verbose": False}
    with solution.PatchedDict(config):
        config["retries"] = 10
        config["new"] = "x"
        config.pop("verbose")
    check(list(config.items()))


def test_clear_first(solution, check):
    env = {"PATH": "/bin", "USER": "ada"}
    with solution.PatchedDict(env, [("ONLY", "me")], clear=True) as seen:
        check(dict(seen))
    check(list(env.items()))


def test_order_and_identity_come_back(solution, check):
    env = {"z": 1, "y": 2, "x": 3}
    keep = env
    with solution.PatchedDict(env, {"y": 20}):
        env.clear()
        env.update(a=1)
    check(keep is env)
    check(list(env.items()), label="the original order")


def test_patched_dict_nested_and_reused(solution, check):
    env = {"k": 0}
    patch = solution.PatchedDict(env, {"k": 1})
    with patch:
        with solution.PatchedDict(env, {"k": 2, "j": 9}):
            check(dict(env))
        check(dict(env))
    check(dict(env))
    env["k"] = 5
    with patch:
        check(dict(env))
    check(dict(env), label="a reused patch restores the state it found that time")


def test_the_values_are_taken_when_patching(solution, check):
    values = {"a": 1}
    env = {}
    patch = solution.PatchedDict(env, values)
    values["a"] = 99
    with patch:
        check(dict(env))
    check(values)


def test_override_sets_and_restores(solution, check):
    settings = Settings()
    with solution.override(settings, timeout=5, region="us") as same:
        check(same is settings)
        check((settings.timeout, settings.region))
    check((settings.timeout, settings.region))


def test_override_restores_after_an_error(solution, check):
    settings = Settings()
    with check.raises():
        with solution.override(settings, timeout=1):
            settings.region = "changed in the block"
            raise TimeoutError("too slow")
    check(settings.timeout)
    check(settings.region, label="only the overridden attributes are restored")


def test_override_new_attributes_are_removed(solution, check):
    settings = Settings()
    with solution.override(settings, brand_new=True):
        check(settings.brand_new)
        check(sorted(vars(settings)), label="instance attributes inside")
    check(sorted(vars(settings)), label="instance attributes after")


def test_override_lets_the_class_attribute_show_again(solution, check):
    settings = Settings()
    with solution.override(settings, debug=True):
        check(settings.debug)
        check(Settings.debug)
    check(settings.debug)
    check(sorted(vars(settings)), label="no instance attribute left behind")


def test_override_a_class_or_module(solution, check):
    import math
    with solution.override(Settings, debug="on"):
        check(Settings().debug)
    check(Settings.debug)
    with solution.override(math, tau=6):
        check(math.tau)
    check(math.tau, checker="float", abs=1e-12)


def test_override_nested_on_the_same_attribute(solution, check):
    settings = Settings()
    with solution.override(settings, timeout=1):
        with solution.override(settings, timeout=2):
            check(settings.timeout)
        check(settings.timeout)
    check(settings.timeout)


def test_override_fails_half_way(solution, check):
    guarded = Guarded()
    ran = []
    with check.raises():
        with solution.override(guarded, a=100, extra="x", locked=True):
            ran.append("block")
    check(ran)
    check(guarded.a)
    check(hasattr(guarded, "extra"))


def test_override_restores_in_reverse_order(solution, check):
    log = []

    class Recorder:
        def __setattr__(self, name, value):
            log.append(("set", name, value))
            super().__setattr__(name, value)

        def __delattr__(self, name):
            log.append(("del", name))
            super().__delattr__(name)

    recorder = Recorder()
    recorder.first = 1
    log.clear()
    with solution.override(recorder, first=10, second=20, third=30):
        log.append("block")
    check(log)


def test_override_with_nothing(solution, check):
    settings = Settings()
    with solution.override(settings) as same:
        check(same is settings)
    check(vars(settings))

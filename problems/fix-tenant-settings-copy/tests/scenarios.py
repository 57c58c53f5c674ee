from verdict import sample


@sample
def test_one_tenant_does_not_change_the_next(solution, check):
    acme = solution.settings_for({"database.host": "db.acme.internal"})
    globex = solution.settings_for({})
    check(globex["database"]["host"])
    check(acme["database"]["host"])


def test_defaults_are_left_alone(solution, check):
    solution.settings_for({"database.port": 6543, "cache.ttl": 60, "features.beta": True})
    check(solution.DEFAULTS)


def test_each_tenant_gets_its_own_overrides(solution, check):
    a = solution.settings_for({"database.pool": 20})
    b = solution.settings_for({"cache.backend": "redis"})
    c = solution.settings_for({})
    check([a["database"]["pool"], b["database"]["pool"], c["database"]["pool"]])
    check([a["cache"]["backend"], b["cache"]["backend"], c["cache"]["backend"]])
    check(c)


def test_a_flag_for_one_tenant_only(solution, check):
    beta = solution.enable_flag(solution.settings_for({"features.beta": True}), "new-checkout")
    plain = solution.settings_for({})
    check(beta["features"])
    check(plain["features"])
    check(solution.DEFAULTS["features"]["flags"])


def test_flags_are_not_repeated(solution, check):
    settings = solution.settings_for({})
    solution.enable_flag(settings, "a")
    solution.enable_flag(settings, "b")
    returned = solution.enable_flag(settings, "a")
    check(settings["features"]["flags"])
    check(returned is settings)


def test_flags_given_as_an_override(solution, check):
    mine = ["dark-mode"]
    settings = solution.settings_for({"features.flags": mine})
    solution.enable_flag(settings, "search-v2")
    check(settings["features"]["flags"])
    check(solution.settings_for({})["features"]["flags"])


def test_unknown_settings_are_refused(solution, check):
    with check.raises():
        solution.settings_for({"database.hostname": "x"})
    with check.raises():
        solution.settings_for({"queue.url": "amqp://"})
    with check.raises():
        solution.settings_for({"cache": 1})
    with check.raises():
        solution.settings_for({"ttl": 1})
    check(solution.settings_for({})["cache"])


def test_a_refused_override_changes_nothing_for_others(solution, check):
    with check.raises():
        solution.settings_for({"cache.ttl": 5, "cache.size": 10})
    check(solution.settings_for({})["cache"])
    check(solution.DEFAULTS["cache"])


def test_many_tenants_in_a_row(solution, check):
    hosts = []
    for n in range(4):
        settings = solution.settings_for({"database.host": f"db{n}", "cache.ttl": n})
        hosts.append(settings["database"]["host"])
    check(hosts)
    check(solution.settings_for({"database.port": 1}))


def test_the_result_is_a_new_dict_each_time(solution, check):
    first = solution.settings_for({})
    second = solution.settings_for({})
    first["cache"]["ttl"] = 1
    first["features"]["flags"].append("x")
    check(second["cache"]["ttl"])
    check(second["features"]["flags"])

from verdict import sample


def failure(solution, data):
    """The ValidationErrors that validate_user(data) raised, or None."""
    try:
        solution.validate_user(data)
    except solution.ValidationErrors as errors:
        return errors
    return None


@sample
def test_every_problem_is_reported(solution, check):
    with check.raises():
        solution.validate_user({"name": "  ", "age": "41", "nickname": "bob"})
    check(solution.validate_user({"name": " Ada ", "age": 36, "email": "Ada@Example.com"}))


def test_errors_list_in_field_order(solution, check):
    errors = failure(solution, {"tags": "x", "email": "nope", "age": 200, "name": 7})
    check([type(e).__name__ for e in errors.errors])
    check([str(e) for e in errors])
    check(len(errors))


def test_field_error_attributes(solution, check):
    errors = failure(solution, {"name": "Bo", "age": -1, "email": "b@x.org"})
    (error,) = errors.errors
    check(error.field)
    check(error.message)
    check(str(error))
    check(error.args)


def test_the_hierarchy(solution, check):
    # Each class's bases by name, in method resolution order.
    names = ("ValidationError", "FieldError", "ValidationErrors", "MissingField", "InvalidType", "OutOfRange",
             "UnknownField")
    for name in names:
        check([cls.__name__ for cls in getattr(solution, name).__mro__], label=name)


def test_one_except_catches_them_all(solution, check):
    caught = []
    for data in ({}, {"name": "A", "age": 1, "email": "a@b.c", "x": 1}):
        try:
            solution.validate_user(data)
        except solution.ValidationError as error:
            caught.append(str(error))
    check(caught)


def test_missing_fields(solution, check):
    with check.raises():
        solution.validate_user({})
    errors = failure(solution, {"email": "x@y.z"})
    check(errors.by_field())
    check([type(e).__name__ for e in errors])


def test_ages(solution, check):
    base = {"name": "N", "email": "n@n.n"}
    for age in (0, 150, 151, -1, True, 3.0, "3", None):
        check.call(solution.validate_user, dict(base, age=age))


def test_names(solution, check):
    base = {"age": 30, "email": "n@n.n"}
    for name in ("x" * 50, "  padded  ", "x" * 51, "", "\t\n", ["Ada"]):
        check.call(solution.validate_user, dict(base, name=name))


def test_emails(solution, check):
    base = {"name": "N", "age": 30}
    for email in ("A.B@Mail.COM", " x@y ", "@y.z", "x@", "x@ ", "x@y@z", "plain", 42):
        check.call(solution.validate_user, dict(base, email=email))


def test_tags(solution, check):
    base = {"name": "N", "age": 30, "email": "n@n.n"}
    tags = ["a", "b"]
    cleaned = solution.validate_user(dict(base, tags=tags))
    check(cleaned)
    check(cleaned["tags"] is tags, label="a copy, not the caller's list")
    for bad in ("a,b", ["a", 1], ("a",), None):
        check.call(solution.validate_user, dict(base, tags=bad))
    check(solution.validate_user(dict(base, tags=[]))["tags"])


def test_unknown_fields_sorted_after_the_rest(solution, check):
    errors = failure(solution, {"zeta": 1, "age": 5, "alpha": 2, "name": "N", "email": "bad"})
    check([str(e) for e in errors])
    check(errors.by_field())
    mixed = failure(solution, {"name": "N", "age": 1, "email": "a@b.c", 3: "x", "b": 1})
    check([str(e) for e in mixed], label="keys that are not strings sort by str()")


def test_by_field_groups_messages(solution, check):
    errors = solution.ValidationErrors([solution.OutOfRange("age", "too big"),
                                        solution.InvalidType("name", "must be a string"),
                                        solution.OutOfRange("age", "too old")])
    check(errors.by_field())
    check(str(errors))
    check(len(errors))
    check([e.message for e in errors])
    made = solution.ValidationErrors(solution.MissingField(f) for f in ("a", "b"))
    check(str(made), label="from a generator")
    check(len(made))


def test_building_errors_by_hand(solution, check):
    check(str(solution.MissingField("zip")))
    check(str(solution.UnknownField("zap")))
    check(solution.MissingField("zip").message)
    with check.raises():
        raise solution.ValidationErrors([solution.MissingField("zip")])
    with check.raises():
        solution.ValidationErrors([])


def test_not_a_dict(solution, check):
    with check.raises():
        solution.validate_user([("name", "Ada")])
    with check.raises():
        solution.validate_user(None)


def test_input_is_not_modified(solution, check):
    data = {"name": " Ada ", "age": 36, "email": "A@B.C", "tags": ["t"]}
    cleaned = solution.validate_user(data)
    check(data)
    check(cleaned)
    check(list(cleaned), label="keys in field order")

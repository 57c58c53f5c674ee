class Suppress:
    def __init__(self, *exception_types):
        self.exception_types = exception_types
        self.exception = None

    def __enter__(self):
        # bug: the previous block's exception is never cleared
        return self

    def __exit__(self, exc_type, exc, tb):
        if isinstance(exc, self.exception_types):
            self.exception = exc
            return True
        return False


# ---- test driver: do not change anything below this line ----
import builtins


def _perform(action):
    op, *args = action
    if op == "div":
        return args[0] // args[1]
    if op == "key":
        return args[0][args[1]]
    if op == "index":
        return args[0][args[1]]
    if op == "int":
        return int(args[0])
    if op == "raise":
        raise getattr(builtins, args[0])("raised on purpose")
    raise ValueError(f"unknown action {op!r}")


def run_suppressed(exception_names, actions):
    types = tuple(getattr(builtins, name) for name in exception_names)
    guard = Suppress(*types)
    results = []
    for action in actions:
        value = None
        try:
            with guard as entered:
                assert entered is guard, "__enter__ must return the guard"
                value = _perform(action)
        except Exception as exc:  # escaped the guard: report it and stop
            results.append("raised " + type(exc).__name__)
            break
        if guard.exception is None:
            results.append(value)
        else:
            results.append("suppressed " + type(guard.exception).__name__)
    return results

